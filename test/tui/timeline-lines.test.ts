import assert from 'node:assert/strict';
import {test} from 'node:test';
import {buildTimeline, flattenTimeline, type TimelineEvent} from '../../source/events/timeline.js';
import {lineOfEvent, timelineLines} from '../../source/tui/panes/timeline/lines.js';

const event = (id: number, fields: Partial<TimelineEvent>): TimelineEvent => ({
	id,
	ts: id * 1000,
	event: null,
	status: 'ok',
	tool: null,
	toolUseId: null,
	agentId: null,
	agentType: null,
	durationMs: null,
	summary: null,
	detail: null,
	launchedAgentId: null,
	requestedAgentType: null,
	interrupted: false,
	batch: null,
	...fields,
});

const events = [
	event(1, {event: 'UserPromptSubmit', detail: 'fix the tests\nplease', summary: 'fix the tests'}),
	event(2, {event: 'PreToolUse', tool: 'Bash', toolUseId: 't1', summary: 'npm test'}),
	event(3, {
		event: 'PostToolUseFailure',
		tool: 'Bash',
		toolUseId: 't1',
		status: 'error',
		summary: 'Exit code 1 ← npm test',
		detail: 'Exit code 1\n3 failing',
		durationMs: 1500,
	}),
	event(4, {event: 'PreToolUse', tool: 'Read', toolUseId: 't2', summary: '/home/dev/webapp/src/a.ts'}),
	event(5, {event: 'Stop'}),
	event(6, {event: 'HookFailure', tool: 'Bash', toolUseId: 't1', status: 'error', summary: 'PreToolUse:Bash guard.sh exit 2: refused \u001b[31mred'}),
	event(7, {event: 'HookFailure', tool: 'Write', toolUseId: 'gone', status: 'error', summary: 'PostToolUse:Write lint.sh blocked: bad'}),
];

test('timeline lines: first lines of prompts, paired calls with status and duration, hook failures under their call', () => {
	const rows = flattenTimeline(buildTimeline(events, {sessionEnded: false}));
	const lines = timelineLines(rows, events, '/home/dev/webapp');
	assert.deepEqual(
		lines.map(line => `${'  '.repeat(line.depth)}${line.mark} ${line.text}`),
		[
			'❯ fix the tests',
			'✗ Bash npm test  — Exit code 1: 3 failing',
			'  ⚠ hook PreToolUse:Bash guard.sh exit 2: refused ␛[31mred',
			'? Read src/a.ts  (never finished)',
			'■ Stop',
			'⚠ hook PostToolUse:Write lint.sh blocked: bad',
		],
	);
	assert.equal(lines[1]!.took, 1500);
	assert.equal(lines[1]!.eventId, 3, 'a call opens its outcome');
	assert.equal(lines[2]!.eventId, 6, 'a hook failure line opens the failure');
	assert.equal(lineOfEvent(lines, 6), 1, 'a hook failure lands on the call it guarded');
	assert.equal(lineOfEvent(lines, 2), 1);
	assert.equal(lineOfEvent(lines, 7), 5, 'a failure without a recorded call lands on its own line');
	assert.equal(lineOfEvent(lines, 99), -1);
});
