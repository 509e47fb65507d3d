import assert from 'node:assert/strict';
import {test} from 'node:test';
import {osc52} from '../../source/tui/clipboard.js';
import {detailLines} from '../../source/tui/overlays/detail-lines.js';
import {sparkline} from '../../source/events/sparkline.js';
import {formatBytes} from '../../source/settings/units.js';
import {duration, eventLabel, projectName} from '../../source/tui/format.js';
import {jsonLines, lineText, wrapLine} from '../../source/tui/json.js';
import {sessionColorIndex} from '../../source/tui/theme.js';
import {eventRow} from './rows.js';

const hostile = 'ok\u001b]0;PWNED\u0007\u001b[2J\u001b]52;c;ZXZpbA==\u0007\u009b31m\u202eevil\u0008';
const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('payload strings are made inert in every place the detail view shows them', () => {
	const row = eventRow(7, {summary: hostile, session_id: hostile, project: `/x/${hostile}`, tool: hostile, git_branch: hostile});
	const payload = JSON.stringify({hook_event_name: hostile, [hostile]: hostile, tool_response: {stdout: `line1\n${hostile}\nline3`}});
	const lines = detailLines(row, {payload, raw: hostile, custom: null}, 80).map(lineText);
	for (const line of lines) assert.doesNotMatch(line, unsafe, JSON.stringify(line));
	assert.ok(
		lines.some(line => line.includes('␛]0;PWNED')),
		'the sequence stays visible, as text',
	);
});

test('multi-line strings are shown as their lines; long lines wrap to the width', () => {
	const lines = jsonLines(JSON.stringify({stdout: 'a\nb\nc'})).map(lineText);
	assert.deepEqual(lines, ['{', '  "stdout": ⏎ 3 lines', '    │ a', '    │ b', '    │ c', '}']);
	const wrapped = wrapLine([{text: 'x'.repeat(200)}], 80);
	assert.equal(wrapped.length, 3);
	for (const line of wrapped) assert.ok(lineText(line).length <= 80);
});

test('derived fields: status, duration, branch, redactions, subagent', () => {
	const text = detailLines(
		eventRow(9, {status: 'error', event: 'PostToolUseFailure', duration_ms: 1500, redactions: 2, agent_id: 'a88c41', agent_type: 'Explore'}),
		null,
		100,
	)
		.map(lineText)
		.join('\n');
	assert.match(text, /PostToolUseFailure {2}Bash {2}✗ error/);
	assert.match(text, /duration 1\.5s/);
	assert.match(text, /on main/);
	assert.match(text, /redactions 2/);
	assert.match(text, /a88c41 \(Explore\)/);
});

test('OSC 52 carries the text base64-encoded, so nothing in it reaches the terminal raw', () => {
	const sequence = osc52(hostile);
	assert.ok(sequence.startsWith('\u001b]52;c;') && sequence.endsWith('\u0007'));
	const body = sequence.slice('\u001b]52;c;'.length, -1);
	assert.match(body, /^[A-Za-z0-9+/=]+$/);
	assert.equal(Buffer.from(body, 'base64').toString('utf8'), hostile);
});

test('small formatters', () => {
	assert.equal(duration(48), '48ms');
	assert.equal(duration(1500), '1.5s');
	assert.equal(duration(95_210), '1m35');
	assert.equal(eventLabel('PostToolUseFailure', false), 'PostFail');
	assert.equal(eventLabel('PostToolUseFailure', true), 'PostToolUseFailure');
	assert.equal(projectName('/home/dev/webapp/'), 'webapp');
	assert.equal(sparkline([0, 1, 8]), '·▁█', "one sparkline, the CLI's: none is a dot, the least is never blank");
	assert.equal(formatBytes(1536), '1.5 KB', "one byte formatter, the CLI's");
	assert.equal(sessionColorIndex('3a09b9e4'), sessionColorIndex('3a09b9e4'), 'a session keeps its colour');
});
