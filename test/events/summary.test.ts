import assert from 'node:assert/strict';
import {test} from 'node:test';
import {neutralize} from '../../source/events/neutralize.js';
import {normalizeInput} from '../../source/events/normalize.js';
import {errorHeadline, summarize} from '../../source/events/summary.js';

test('summaries say what an event was about, on one line', () => {
	assert.equal(summarize({hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: {command: 'npm test\n  --watch'}}), 'npm test --watch');
	assert.equal(summarize({hook_event_name: 'PostToolUse', tool_name: 'Edit', tool_input: {file_path: '/a/b.ts'}}), '/a/b.ts');
	assert.equal(
		summarize({hook_event_name: 'PostToolUseFailure', tool_name: 'Bash', tool_input: {command: 'ls /x'}, error: 'Exit code 2\nls: cannot access /x'}),
		'Exit code 2: ls: cannot access /x ← ls /x',
	);
	assert.equal(summarize({hook_event_name: 'UserPromptSubmit', prompt: 'fix the\nbuild'}), 'fix the build');
	assert.equal(summarize({hook_event_name: 'SessionEnd', reason: 'logout'}), 'logout');
	assert.equal(summarize({hook_event_name: 'PostToolBatch', tool_calls: [{tool_name: 'Read'}, {tool_name: 'Bash'}]}), '2 calls: Read, Bash');
	assert.ok(summarize({hook_event_name: 'UserPromptSubmit', prompt: 'x'.repeat(1000)}).length <= 240);
});

test('an error headline joins "Exit code N" to the first stderr line', () => {
	assert.equal(errorHeadline('Exit code 3'), 'Exit code 3');
	assert.equal(errorHeadline('Exit code 1\n\nError: Cannot find module'), 'Exit code 1: Error: Cannot find module');
	assert.equal(errorHeadline('File does not exist.'), 'File does not exist.');
});

test('neutralize makes terminal control sequences visible instead of executable', () => {
	const hostile = '\u001b]0;pwned\u0007\u001b[2J\u001b[H\u009b31m\u202eevil\u0000';
	const shown = neutralize(hostile);
	assert.doesNotMatch(shown, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
	assert.ok(shown.includes('␛]0;pwned␇'));
	assert.equal(neutralize('a\nb\tc', true), 'a⏎b c');
});

test('normalizing keeps identity fields when strings must be cut to the cap', () => {
	const input = Buffer.from(
		JSON.stringify({session_id: 's', hook_event_name: 'PostToolUse', tool_name: 'Read', tool_response: {content: 'é'.repeat(300_000)}}),
	);
	const result = normalizeInput(input, {redactor: null, maxPayloadBytes: 64 * 1024});
	assert.equal(result.truncated, true);
	assert.ok(Buffer.byteLength(result.payload!) <= 64 * 1024);
	const payload = JSON.parse(result.payload!);
	assert.equal(payload.session_id, 's');
	assert.equal(payload.tool_name, 'Read');
});
