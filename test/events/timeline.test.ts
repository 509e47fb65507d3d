import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	buildTimeline,
	type CallItem,
	flattenTimeline,
	rowIndexByEvent,
	rowOfEvent,
	type TimelineEvent,
	type TimelineItem,
} from '../../source/events/timeline.js';
import {sessionEvents} from '../../source/store/timeline.js';
import {databaseOf, documentedFixture, sessionsFixture} from '../fixture-db.js';
import {withReader} from '../helpers.js';

const subagentSession = '3a09b9e4-86c9-4992-9703-0045b182d5eb';
const parallelSession = '31f3f850-c370-44fb-a450-4d6f08074c9d';
const basicSession = 'e7f49d83-0a91-4fd7-b39a-682579be91b2';

function loadTimeline(path: string, sessionId: string) {
	return withReader(path, db => {
		const {session, events} = sessionEvents(db, sessionId);
		return {events, items: buildTimeline(events, {sessionEnded: session?.state === 'ended'})};
	});
}

const calls = (items: readonly TimelineItem[]) => items.filter((item): item is CallItem => item.kind === 'call');
const outline = (items: readonly TimelineItem[]) => items.map(item => (item.kind === 'marker' ? item.event : item.kind));

/** Every event of the session is on exactly one row. */
function assertEveryEventOnce(events: readonly TimelineEvent[], items: readonly TimelineItem[]) {
	const seen = flattenTimeline(items).flatMap(row => row.eventIds);
	assert.equal(new Set(seen).size, seen.length, 'an event is on two rows');
	assert.deepEqual(
		[...seen].sort((a, b) => a - b),
		events.map(event => event.id),
	);
}

test('the parallel batch is one group of four calls, the failing Read among them', t => {
	const path = databaseOf(t, sessionsFixture());
	const {events, items} = loadTimeline(path, parallelSession);
	assertEveryEventOnce(events, items);
	assert.deepEqual(outline(items), ['SessionStart', 'prompt', 'batch', 'call', 'Stop', 'SessionEnd']);
	const batch = items[2]!;
	assert.equal(batch.kind, 'batch');
	if (batch.kind !== 'batch') return;
	assert.deepEqual(
		batch.calls.map(call => [call.tool, call.input, call.status, call.durationMs]),
		[
			['Read', '/home/dev/webapp/a.txt', 'ok', 158],
			['Read', '/home/dev/webapp/b.txt', 'ok', 123],
			['Read', '/home/dev/webapp/missing.txt', 'error', 48],
			['Bash', 'sleep 0.2; echo parallel', 'ok', 283],
		],
	);
	assert.equal(batch.calls[2]!.error, 'File does not exist. Note: your current working directory is /home/dev/webapp.');
	// Each call pairs its PreToolUse with its outcome by tool_use_id.
	for (const call of batch.calls) {
		assert.ok(call.startId !== null && call.endId !== null && call.startId < call.endId);
		assert.equal(call.eventId, call.endId);
	}
	// A batch of one call is just the call, which owns its batch event.
	const single = items[3] as CallItem;
	assert.deepEqual([single.tool, single.input, single.status, single.error], ['Bash', 'exit 3', 'error', 'Exit code 3']);
	assert.equal(single.eventIds.length, 3);
});

test('the subagent nests under the Agent call that started it', t => {
	const path = databaseOf(t, sessionsFixture());
	const {events, items} = loadTimeline(path, subagentSession);
	assertEveryEventOnce(events, items);
	assert.deepEqual(outline(items), ['SessionStart', 'prompt', 'call', 'Stop', 'prompt', 'Stop', 'SessionEnd']);
	const agent = items[2] as CallItem;
	assert.deepEqual([agent.tool, agent.input, agent.status], ['Agent', 'general-purpose: Check the files', 'ok']);
	assert.equal(agent.subagents.length, 1);
	const subagent = agent.subagents[0]!;
	assert.deepEqual([subagent.agentId, subagent.agentType, subagent.status, subagent.result], ['a88c41c3307134868', 'general-purpose', 'stopped', 'All done.']);
	assert.deepEqual(
		calls(subagent.items).map(call => [call.tool, call.input, call.status, call.agentId]),
		[
			['Bash', 'echo from-subagent', 'ok', 'a88c41c3307134868'],
			['Read', '/home/dev/webapp/a.txt', 'ok', 'a88c41c3307134868'],
		],
	);
	const notification = items[4]!;
	assert.ok(notification.kind === 'prompt' && notification.notification);
	assert.equal(notification.kind === 'prompt' && notification.text, 'Agent "Check the files" finished');
	const rows = flattenTimeline(items);
	assert.deepEqual(
		rows.map(row => [row.item.kind, row.depth]),
		[
			['marker', 0],
			['prompt', 0],
			['call', 0],
			['subagent', 1],
			['call', 2],
			['call', 2],
			['marker', 0],
			['prompt', 0],
			['marker', 0],
			['marker', 0],
		],
	);
});

test('the basic session pairs the failing Bash and shows the Edit rejected before it ran', t => {
	const path = databaseOf(t, sessionsFixture());
	const {events, items} = loadTimeline(path, basicSession);
	assertEveryEventOnce(events, items);
	assert.deepEqual(
		calls(items).map(call => [call.tool, call.status, call.error]),
		[
			['Bash', 'ok', null],
			['Bash', 'error', "Exit code 2: ls: cannot access '/definitely/not/here': No such file or directory"],
			['Write', 'ok', null],
			['Read', 'ok', null],
			['Edit', 'ok', null],
			['Edit', 'rejected', 'String to replace not found in file.'],
		],
	);
	const rejected = calls(items)[5]!;
	assert.deepEqual([rejected.startId, rejected.endId, rejected.input], [null, null, '/home/dev/webapp/notes.txt']);
	// From an error occurrence to its row, and back.
	const failure = events.find(event => event.event === 'PostToolUseFailure')!;
	const rows = flattenTimeline(items);
	const row = rowOfEvent(rows, failure.id);
	assert.equal((rows[row]!.item as CallItem).input, 'ls /definitely/not/here');
	assert.equal(rows[row]!.eventIds[0], failure.id);
	assert.equal(rowIndexByEvent(rows).get(failure.id), row);
});

test('every documented event lands on exactly one row', t => {
	const payloads = documentedFixture();
	const path = databaseOf(t, payloads);
	for (const sessionId of new Set(payloads.map(payload => String(payload['session_id'])))) {
		const {events, items} = loadTimeline(path, sessionId);
		assertEveryEventOnce(events, items);
	}
});

let nextId = 1;
function event(fields: Partial<TimelineEvent>): TimelineEvent {
	const id = fields.id ?? nextId++;
	return {
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
	};
}
const pre = (toolUseId: string, tool = 'Bash', fields: Partial<TimelineEvent> = {}) =>
	event({event: 'PreToolUse', tool, toolUseId, summary: `${tool} input`, ...fields});

test('a call without an outcome is running until its turn or the session ends', () => {
	const started = [pre('t1')];
	assert.equal((buildTimeline(started)[0] as CallItem).status, 'running');
	assert.equal((buildTimeline(started, {sessionEnded: true})[0] as CallItem).status, 'unfinished');
	assert.equal((buildTimeline([...started, event({event: 'Stop'})])[0] as CallItem).status, 'unfinished');
	assert.equal((buildTimeline([...started, event({event: 'UserPromptSubmit', detail: 'next'})])[0] as CallItem).status, 'unfinished');
	// A subagent's Stop does not end the main thread's call.
	const sub = buildTimeline([...started, event({event: 'SubagentStart', agentId: 'a1'}), event({event: 'SubagentStop', agentId: 'a1'})]);
	assert.equal((sub[0] as CallItem).status, 'running');
});

test('outcomes: interrupted, denied, outcome without start, and a failing hook beside its call', () => {
	const items = buildTimeline([
		pre('t1'),
		event({
			event: 'PostToolUseFailure',
			tool: 'Bash',
			toolUseId: 't1',
			status: 'error',
			detail: 'Request interrupted by user',
			interrupted: true,
			durationMs: 5,
		}),
		pre('t2'),
		event({
			event: 'PermissionDenied',
			tool: 'Bash',
			toolUseId: 't2',
			status: 'denied',
			detail: 'Blocked by classifier',
			summary: 'Blocked by classifier ← rm -rf /',
		}),
		event({event: 'PostToolUse', tool: 'Read', toolUseId: 't3', summary: '/etc/hosts', durationMs: 3}),
		pre('t4'),
		event({event: 'HookFailure', toolUseId: 't4', status: 'error', summary: 'guard.sh: exit 1'}),
		event({event: 'PostToolUse', tool: 'Bash', toolUseId: 't4'}),
	]);
	assert.deepEqual(
		calls(items).map(call => [call.toolUseId, call.status, call.error, call.startId === null, call.hookErrors]),
		[
			['t1', 'interrupted', 'Request interrupted by user', false, 0],
			['t2', 'denied', 'Blocked by classifier', false, 0],
			['t3', 'ok', null, true, 0],
			['t4', 'ok', null, false, 1],
		],
	);
	assert.equal(calls(items)[2]!.input, '/etc/hosts');
	assert.equal(calls(items)[3]!.eventIds.length, 3);
});

test('a subagent finds its Agent call by type when the response does not name it, and stands alone without one', () => {
	const linked = buildTimeline([
		pre('a', 'Agent', {requestedAgentType: 'Explore'}),
		pre('b', 'Agent', {requestedAgentType: 'reviewer'}),
		event({event: 'SubagentStart', agentId: 'x', agentType: 'Explore'}),
		event({event: 'PreToolUse', tool: 'Glob', toolUseId: 'g', agentId: 'x', agentType: 'Explore'}),
		event({event: 'PostToolUse', tool: 'Glob', toolUseId: 'g', agentId: 'x', agentType: 'Explore'}),
		event({event: 'SubagentStop', agentId: 'x', agentType: 'Explore', summary: 'found it'}),
		event({event: 'PostToolUse', tool: 'Agent', toolUseId: 'a'}),
	]);
	const [explore, reviewer] = calls(linked);
	assert.equal(explore!.subagents[0]?.agentId, 'x');
	assert.equal(reviewer!.subagents.length, 0);
	assert.equal(calls(explore!.subagents[0]!.items)[0]!.status, 'ok');

	const alone = buildTimeline(
		[event({event: 'SubagentStart', agentId: 'y', agentType: 'Plan'}), event({event: 'PreToolUse', tool: 'Read', toolUseId: 'r', agentId: 'y'})],
		{sessionEnded: true},
	);
	assert.equal(alone[0]!.kind, 'subagent');
	assert.equal(alone[0]!.kind === 'subagent' && alone[0]!.status, 'unfinished');
	assert.equal(alone[0]!.kind === 'subagent' && (alone[0]!.items[0] as CallItem).status, 'unfinished');
});

test('a batch takes the place of its first call; a PermissionRequest joins its open call', () => {
	const items = buildTimeline([
		event({event: 'UserPromptSubmit', detail: 'go'}),
		pre('t1', 'Read'),
		event({event: 'PermissionRequest', tool: 'Read'}),
		event({event: 'Notification', summary: 'waiting'}),
		pre('t2', 'Grep'),
		event({event: 'PostToolUse', tool: 'Grep', toolUseId: 't2'}),
		event({event: 'PostToolUse', tool: 'Read', toolUseId: 't1'}),
		event({
			event: 'PostToolBatch',
			batch: [
				{toolUseId: 't1', tool: 'Read', input: '', rejection: null},
				{toolUseId: 't2', tool: 'Grep', input: '', rejection: null},
				{toolUseId: 't9', tool: 'Edit', input: 'a.ts', rejection: 'String to replace not found in file.'},
			],
		}),
	]);
	assert.deepEqual(outline(items), ['prompt', 'batch', 'event']);
	const batch = items[1]!;
	assert.ok(batch.kind === 'batch');
	assert.deepEqual(
		batch.calls.map(call => [call.toolUseId, call.status]),
		[
			['t1', 'ok'],
			['t2', 'ok'],
			['t9', 'rejected'],
		],
	);
	assert.equal(batch.calls[0]!.eventIds.length, 3);
});

test('a stopped subagent started again is running again', () => {
	const items = buildTimeline([
		event({event: 'SubagentStart', agentId: 'r', agentType: 'Plan'}),
		event({event: 'SubagentStop', agentId: 'r', summary: 'first answer'}),
		event({event: 'SubagentStart', agentId: 'r', agentType: 'Plan'}),
		pre('q', 'Read', {agentId: 'r'}),
	]);
	assert.equal(items.length, 1);
	const subagent = items[0]!;
	assert.ok(subagent.kind === 'subagent');
	assert.equal(subagent.status, 'running');
	assert.equal(subagent.eventIds.length, 3);
	assert.deepEqual(
		subagent.eventIds,
		[...subagent.eventIds].sort((a, b) => a - b),
	);
	assert.equal((subagent.items[0] as CallItem).status, 'running');
});
