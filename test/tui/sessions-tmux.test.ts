import assert from 'node:assert/strict';
import {copyFileSync} from 'node:fs';
import {join} from 'node:path';
import {before, test} from 'node:test';
import {basicSession, basicTranscript, claudeTranscriptPath, fixturePath} from '../harvest-helpers.js';
import {seedEvents} from '../fixture-db.js';
import {fixtureLines, isolatedEnv, runCliAsync, tempDir} from '../helpers.js';
import {noTmux, openTerminal} from '../terminal.js';

// End to end in a real terminal at 80x24: the sessions pane, a subagent session's timeline, a failing
// call's payload and back; then the hooks pane after `eyelet record` harvested a transcript's hook
// failures at a Stop. Set EYELET_TEST_SCREENS=1 to print every screen the test looks at.

/** Columns where a line's text starts after its time: deeper rows are nested under the ones above. */
const indent = (text: string, needle: string) =>
	text
		.split('\n')
		.find(line => line.includes(needle))!
		.slice(9)
		.search(/\S/);

let dir = '';
let db = '';

before(async () => {
	dir = tempDir({after: fn => process.on('exit', fn)});
	db = join(dir, 'events.db');
	const payloads = fixtureLines('claude-code-sessions.jsonl').map(line => JSON.parse(line) as Record<string, unknown>);
	// The guarded Bash call of the transcript's session, so its hook failures have a call to stand by.
	payloads.push({
		session_id: basicSession,
		cwd: '/home/dev/webapp',
		hook_event_name: 'PreToolUse',
		tool_name: 'Bash',
		tool_input: {command: 'echo hello && uname -s'},
		tool_use_id: 'toolu_basic_0_1_1959937855699',
	});
	seedEvents(db, payloads, {end: Date.now() - 60_000});
	// The Stop that makes the recorder read the session's transcript and store its hook failures.
	const transcript = claudeTranscriptPath(dir, `${basicSession}.jsonl`);
	copyFileSync(fixturePath(basicTranscript), transcript);
	const stop = {session_id: basicSession, transcript_path: transcript, cwd: '/home/dev/webapp', hook_event_name: 'Stop', stop_hook_active: false};
	const result = await runCliAsync(['record', '--db', db, '--strict'], {input: JSON.stringify(stop), env: isolatedEnv(dir)});
	assert.equal(result.status, 0, result.stderr);
});

test('sessions, a timeline, a payload and back; the hooks pane after a harvest', {skip: noTmux}, async t => {
	const {keys, waitFor: waitForScreen} = openTerminal(t, {
		command: 'node "$EYELET_CLI" tui --db "$EYELET_TEST_DB" --interval 100',
		env: {EYELET_TEST_DB: db, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config')},
		cwd: dir,
	});
	await waitForScreen(text => /● following/.test(text) && /\d\d:\d\d:\d\d/.test(text), 'the stream');

	keys('s');
	const list = await waitForScreen(text => text.includes('4 sessions') && text.includes('3a09b9'), 'the sessions pane');
	assert.match(list, /3a09b9 +webapp .* 2 +3 +· +1 ended other/);
	assert.match(list, /b12bee +webapp .* live/);

	// The subagent session: the subagent under its Agent call, the subagent's calls under it.
	keys('/', '3a09', 'Enter');
	await waitForScreen(text => text.includes('1 session ') && text.includes('filters: /3a09'), 'one session');
	keys('Enter');
	const subagent = await waitForScreen(text => text.includes('↳ subagent general-purpose'), 'the subagent session');
	assert.ok(indent(subagent, '↳ subagent') > indent(subagent, '✓ Agent'));
	assert.ok(indent(subagent, '✓ Bash echo from-subagent') > indent(subagent, '↳ subagent'));
	assert.match(subagent, /■ SessionEnd +other/);

	// Back, to the parallel session: its failing Read in the batch; its payload; back.
	// One key at a time: two Escapes in one write read as Alt-Escape.
	keys('Escape');
	await waitForScreen(text => text.includes('1 session '), 'back on the sessions');
	keys('Escape');
	await waitForScreen(text => text.includes('4 sessions'), 'all sessions again');
	keys('/', '31f3', 'Enter');
	await waitForScreen(text => text.includes('1 session ') && text.includes('filters: /31f3'), 'the parallel session');
	keys('Enter');
	const parallel = await waitForScreen(text => text.includes('4 calls in one batch'), 'the parallel timeline');
	assert.ok(indent(parallel, '✗ Read missing.txt') > indent(parallel, '┬ 4 calls'));
	const lines = parallel.split('\n');
	const steps = lines.findIndex(line => line.includes('✗ Read missing.txt')) - lines.findIndex(line => line.includes('SessionStart'));
	keys(...Array.from({length: steps}, () => 'j'));
	await waitForScreen(text => new RegExp(`${steps + 1}/\\d+ ·`).test(text), 'the cursor on the failing Read');
	keys('Enter');
	const payload = await waitForScreen(text => text.includes('── payload'), 'its payload');
	assert.match(payload, /PostToolUseFailure +Read +✗ error/);
	keys('Escape');
	await waitForScreen(text => text.includes('4 calls in one batch') && !text.includes('── payload'), 'back on the timeline');
	keys('q');
	await waitForScreen(text => text.includes('1 session ') && text.includes('31f3f8'), 'back on the sessions');

	// The hooks pane: the transcript's failing hooks, and Enter to the call one guarded.
	keys('H');
	const hooks = await waitForScreen(text => text.includes('2 failing'), 'the hooks pane');
	assert.match(hooks, /✗ \/home\/dev\/webapp\/\.claude\/hooks\/(guard|lint)\.sh/);
	assert.match(hooks, /configured +in none of the settings files read/);
	assert.match(hooks, /stderr +\S/);
	keys('j');
	const guard = await waitForScreen(text => /command +\/home\/dev\/webapp\/\.claude\/hooks\/guard\.sh/.test(text), 'the guard hook chosen');
	assert.match(guard, /failures +2 in 1 session: 2 non-blocking \(exit 1 ×1, exit 2 ×1\)|failures +2 in 1 session/);
	keys('Enter');
	const guarded = await waitForScreen(text => text.includes('session b12bee6b ·') && text.includes('⚠ hook'), 'the guarded call in its timeline');
	const rows = guarded.split('\n');
	const call = rows.findIndex(line => line.includes('Bash echo hello && uname -s'));
	assert.ok(call > 0, 'the guarded call');
	assert.match(rows[call + 1]!, /⚠ hook PreToolUse:Bash guard\.sh exit 1: guard: refusing/, 'its hook failure stands under it');
	// The guard's last failure was on a call the recorder never saw: the cursor is on that failure.
	const position = Number(/(\d+)\/\d+ ·/.exec(guarded)![1]);
	assert.match(rows[call - 1 + position]!, /⚠ hook PreToolUse:Bash guard\.sh/);

	keys('q');
	await waitForScreen(text => text.includes('2 failing'), 'back on the hooks pane');
	keys('q');
	await waitForScreen(text => /● following/.test(text) && !text.includes('failing'), 'the stream');
	keys('q');
	await waitForScreen(text => text.includes('EXITED 0'), 'the shell again');
});
