import assert from 'node:assert/strict';
import {test} from 'node:test';
import {normalizeValue} from '../../source/events/normalize.js';

const searchTextOf = (payload: Record<string, unknown>) => {
	const json = JSON.stringify(payload);
	return normalizeValue(JSON.parse(json), Buffer.from(json), {redactor: null, maxPayloadBytes: 256 * 1024}).searchText;
};

test('search text holds the summary once: not repeated when a payload string already contains it', () => {
	const text = searchTextOf({
		session_id: 's',
		hook_event_name: 'PreToolUse',
		tool_name: 'Bash',
		tool_input: {command: 'npm test -- --grep auth', description: 'Run the auth tests'},
	});
	assert.equal(text.split('npm test -- --grep auth').length - 1, 1);
	assert.match(text, /Run the auth tests/);
});

test('search text starts with the summary when the payload strings do not hold it', () => {
	const text = searchTextOf({session_id: 's', hook_event_name: 'PostToolUseFailure', tool_name: 'Bash', tool_input: {command: 'exit 3'}, error: 'Exit code 3'});
	assert.ok(text.startsWith('Exit code 3 ← exit 3 '), text);
	assert.match(text, /exit 3/);
});

test('identity fields stay out of the search text, the rest of the payload is in it', () => {
	const text = searchTextOf({
		session_id: 'sess-uuid-1',
		hook_event_name: 'UserPromptSubmit',
		cwd: '/srv/app',
		transcript_path: '/t.jsonl',
		prompt: 'fix the flaky login test',
	});
	assert.doesNotMatch(text, /sess-uuid-1|\/t\.jsonl|\/srv\/app/);
	assert.equal(text.split('fix the flaky login test').length - 1, 1);
});
