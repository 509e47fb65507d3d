import assert from 'node:assert/strict';
import {test} from 'node:test';
import {guardedEvent, hookCommandLabel, hookFailureHeadline, placeHookFailures} from '../../source/events/hook-failure.js';
import {normalizeValue} from '../../source/events/normalize.js';
import {createRedactor} from '../../source/events/redact.js';
import {hookFailurePayload, hookFailuresInLine} from '../../source/events/transcript.js';
import {basicTranscript, blockedTranscript} from '../harvest-helpers.js';
import {fixtureLines} from '../helpers.js';

const options = {redactor: createRedactor(), maxPayloadBytes: 1024 * 1024};
const normalized = (payload: Record<string, unknown>) => normalizeValue(payload, Buffer.from(JSON.stringify(payload)), options);
const fixtureRows = (name: string) =>
	fixtureLines(name)
		.flatMap(line => hookFailuresInLine(JSON.parse(line)))
		.map(fact => normalized(hookFailurePayload(fact, {path: '/t.jsonl', sessionId: null})));

test('hook failures are errors, summarised by hook, command, outcome and first stderr line', () => {
	const rows = [...fixtureRows(basicTranscript), ...fixtureRows(blockedTranscript)];
	assert.deepEqual(
		rows.map(row => row.status),
		Array(8).fill('error'),
	);
	assert.deepEqual(
		rows.map(row => row.summary),
		[
			'PreToolUse:Bash guard.sh exit 1: guard: refusing because of policy X',
			'PreToolUse:Bash guard.sh exit 1: guard: refusing because of policy X',
			'PostToolUse:Write lint.sh blocked: lint: 3 problems in notes.txt',
			'PostToolUse:Edit lint.sh blocked: lint: 3 problems in notes.txt',
			'PreToolUse:Bash guard.sh blocked: guard: refusing because of policy X',
			'PreToolUse:Bash guard.sh blocked: guard: refusing because of policy X',
			'PostToolUse:Write lint.sh blocked: lint: 3 problems in notes.txt',
			'PostToolUse:Edit lint.sh blocked: lint: 3 problems in notes.txt',
		],
	);
	assert.deepEqual(
		rows.map(row => row.durationMs),
		[14, 8, null, null, null, null, null, null],
	);
});

test('the signature is the command plus the masked first stderr line: one group per broken hook, blocking or not', () => {
	const signatures = new Set([...fixtureRows(basicTranscript), ...fixtureRows(blockedTranscript)].map(row => row.signature));
	assert.deepEqual([...signatures].sort(), [
		'/home/dev/webapp/.claude/hooks/guard.sh: guard: refusing because of policy X',
		'/home/dev/webapp/.claude/hooks/lint.sh: lint: <n> problems in notes.txt',
	]);
	const other = normalized({hook_event_name: 'HookFailure', session_id: 's', command: '/other/lint.sh', stderr: 'lint: 7 problems in notes.txt'});
	assert.equal(other.signature, '/other/lint.sh: lint: <n> problems in notes.txt');
});

test('a hook that wrote nothing is named by how it ended', () => {
	assert.equal(hookFailureHeadline({stderr: '', exit_code: 3}), 'exit 3, no stderr');
	assert.equal(hookFailureHeadline({stderr: '\n  \n', blocking: true}), 'blocked, no stderr');
	assert.equal(hookFailureHeadline({stderr: '\n  first\nsecond'}), 'first');
	const row = normalized({
		hook_event_name: 'HookFailure',
		session_id: 's',
		hook_name: 'Stop',
		command: 'bash ./hooks/stop.sh --x',
		exit_code: 3,
		blocking: false,
		stderr: '',
	});
	assert.equal(row.summary, 'Stop bash stop.sh exit 3: exit 3, no stderr');
	assert.equal(row.signature, 'bash ./hooks/stop.sh --x: exit <n>, no stderr');
});

test('secrets in a hook failure are redacted before they reach the row', () => {
	const row = normalized({hook_event_name: 'HookFailure', session_id: 's', command: 'deploy.sh', stderr: 'auth failed with API_TOKEN=abc123def456ghi'});
	assert.equal(row.redactions, 1);
	assert.ok(!row.payload!.includes('abc123def456ghi'));
	assert.ok(!row.summary.includes('abc123def456ghi'));
});

test('command labels name the script, not the interpreter', () => {
	assert.equal(hookCommandLabel('/home/dev/webapp/.claude/hooks/guard.sh'), 'guard.sh');
	assert.equal(hookCommandLabel('"$CLAUDE_PROJECT_DIR"/.claude/hooks/lint.sh --fix'), 'lint.sh');
	assert.equal(hookCommandLabel('python3 /opt/hooks/check.py --strict'), 'python3 check.py');
	assert.equal(hookCommandLabel('npx -y prettier --check'), 'npx');
	assert.equal(hookCommandLabel(''), 'hook');
	assert.equal(hookCommandLabel(null), 'hook');
});

type Row = {id: number; ts: number; event: string; session_id: string; tool_use_id: string | null};
const row = (id: number, ts: number, event: string, tool_use_id: string | null, session_id = 's'): Row => ({id, ts, event, session_id, tool_use_id});

test('a harvested failure is placed beside the event of the call it guarded', () => {
	const rows = [
		row(1, 100, 'PreToolUse', 'a'),
		row(2, 120, 'PostToolUse', 'a'),
		row(3, 130, 'PreToolUse', 'b'),
		row(4, 150, 'PostToolUseFailure', 'b'),
		row(5, 200, 'Stop', null),
		row(6, 110, 'HookFailure', 'a'), // PreToolUse hook of call a: after PreToolUse, before PostToolUse
		row(7, 125, 'HookFailure', 'a'), // PostToolUse hook of call a
		row(8, 90, 'HookFailure', 'b'), // before anything of call b was recorded
		row(9, 140, 'HookFailure', 'c'), // call not among the rows: stays put
		row(10, 115, 'HookFailure', 'a', 'other-session'), // same tool_use_id, other session: stays put
	];
	assert.deepEqual(
		placeHookFailures(rows).map(r => r.id),
		[1, 6, 2, 7, 8, 3, 4, 5, 9, 10],
	);
	assert.deepEqual(placeHookFailures([]), []);
});

test('the guarded event is the one the hook ran for', () => {
	const call = [
		{event: 'PreToolUse', id: 1},
		{event: 'PostToolUseFailure', id: 2},
	];
	assert.equal(guardedEvent('PreToolUse', call)?.id, 1);
	assert.equal(guardedEvent('PostToolUse', call)?.id, 2);
	assert.equal(guardedEvent('PermissionRequest', call)?.id, 1);
	assert.equal(guardedEvent('PreToolUse', []), null);
});
