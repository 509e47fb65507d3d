import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {runCli} from '../helpers.js';
import {noTmux, openTerminal} from '../terminal.js';
import {errorDatabase} from './error-db.js';

// End to end: the built binary in a real 80x24 terminal (tmux), driven by keys alone; the database
// checked through `eyelet errors --json`. EYELET_TEST_SCREENS=1 prints every screen looked at.

/** The TUI on `db` at 80x24. */
const terminal = (t: {after: (fn: () => void) => void}, db: string, dir: string) =>
	openTerminal(t, {
		command: 'node "$EYELET_CLI" tui --db "$EYELET_TEST_DB" --interval 100',
		env: {EYELET_TEST_DB: db, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config')},
	});

const rowOf = (screen: string, text: string) => screen.split('\n').find(line => line.includes(text)) ?? '';

function groupState(db: string, env: NodeJS.ProcessEnv, signaturePart: string): string | undefined {
	const result = runCli(['errors', '--all', '--json', '--db', db], {env});
	assert.equal(result.status, 0, result.stderr);
	const group = (JSON.parse(result.stdout) as Array<{signature: string; state: string}>).find(each => each.signature.includes(signaturePart));
	return group?.state;
}

test('triage an error by keys alone: open the pane, select a group, a, r, m, u', {skip: noTmux}, async t => {
	const {db, dir, env} = errorDatabase(t);
	const term = terminal(t, db, dir);
	await term.waitFor(text => /● following/.test(text) && /Errors ✗\d+/.test(text), 'the stream with the error count on the tab');
	term.keys('Tab');
	const pane = await term.waitFor(text => text.includes('Errors:') && text.includes('guard.sh: guard'), 'the error pane');
	const index = pane
		.split('\n')
		.slice(4)
		.findIndex(line => line.includes('guard.sh: guard'));
	for (let i = 0; i < index; i++) term.keys('j');
	await term.waitFor(text => text.includes('hook guard.sh on PreToolUse:Bash'), 'the guard.sh group selected');

	term.keys('a');
	await term.waitFor(text => text.includes('u undoes') && rowOf(text, 'guard.sh: guard').startsWith('○'), 'acknowledged');
	assert.equal(groupState(db, env, 'guard.sh'), 'acknowledged');

	term.keys('r');
	await term.waitFor(text => text.includes('resolved') && rowOf(text, 'guard.sh: guard').startsWith('✓'), 'resolved');
	assert.equal(groupState(db, env, 'guard.sh'), 'resolved');

	term.keys('m');
	const muted = await term.waitFor(text => text.includes('muted ') && !text.includes('guard.sh: guard') && text.includes('1 muted hidden'), 'muted and hidden');
	assert.equal(groupState(db, env, 'guard.sh'), 'muted');
	assert.match(muted, /Errors ✗\d+/);

	term.keys('u');
	await term.waitFor(text => text.includes('undone') && rowOf(text, 'guard.sh: guard').startsWith('✓'), 'the mute undone: resolved again');
	assert.equal(groupState(db, env, 'guard.sh'), 'resolved');

	term.keys('q', 'q');
	await term.waitFor(text => text.includes('EXITED 0'), 'a clean exit');
});

test('from a hook failure in the error pane to the tool call it guarded', {skip: noTmux}, async t => {
	const {db, dir} = errorDatabase(t);
	const term = terminal(t, db, dir);
	await term.waitFor(text => /● following/.test(text), 'the stream');
	term.keys('Tab');
	const pane = await term.waitFor(text => text.includes('Errors:') && text.includes('guard.sh: guard'), 'the error pane');
	const index = pane
		.split('\n')
		.slice(4)
		.findIndex(line => line.includes('guard.sh: guard'));
	for (let i = 0; i < index; i++) term.keys('j');
	await term.waitFor(text => text.includes('hook guard.sh on PreToolUse:Bash'), 'the guard.sh group selected');
	term.keys('Enter');
	await term.waitFor(text => /HookFai.*PreToolUse:Bash guard\.sh/.test(text), 'its occurrences');
	// The older occurrence is the one whose Bash call was recorded.
	term.keys('j', 'Enter');
	await term.waitFor(text => text.includes('toolu_basic_0_1_1959937855699') && text.includes('── payload'), 'the failure payload');
	term.keys('Enter');
	const call = await term.waitFor(
		text => text.includes('echo hello && uname -s') && /call this hook guarded/.test(text),
		"the guarded Bash call in its session's timeline",
	);
	assert.match(call, /PreToolUse call this hook guarded, in its session's timeline/);
	term.keys('Enter');
	await term.waitFor(
		text => text.includes('"command": "echo hello && uname -s"') && text.includes('toolu_basic_0_1_1959937855699'),
		'the call opened from the cursor row',
	);
});
