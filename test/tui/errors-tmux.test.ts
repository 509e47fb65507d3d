import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {test} from 'node:test';
import {cli, runCli} from '../helpers.js';
import {errorDatabase} from './error-db.js';

// End to end: the built binary in a real 80x24 terminal (tmux), driven by keys alone; the database
// checked through `eyelet errors --json`. EYELET_TEST_SCREENS=1 prints every screen looked at.

const noTmux = spawnSync('tmux', ['-V']).status !== 0 ? 'tmux is not installed' : false;

function terminal(t: {after: (fn: () => void) => void}, name: string, db: string, dir: string) {
	const socket = `eyelet-errors-${name}-${process.pid}`;
	const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	t.after(() => tmux('kill-server'));
	const started = tmux(
		'new-session', '-d', '-s', 'tui', '-x', '80', '-y', '24',
		'-e', `EYELET_CLI=${cli}`, '-e', `EYELET_TEST_DB=${db}`, '-e', `HOME=${dir}`, '-e', `XDG_CONFIG_HOME=${join(dir, 'config')}`,
		'node "$EYELET_CLI" tui --db "$EYELET_TEST_DB" --interval 100; echo "EXITED $?"; exec sleep 600',
	);
	assert.equal(started.status, 0, started.stderr);
	const screen = () => tmux('capture-pane', '-p', '-t', 'tui').stdout;
	return {
		keys: (...names: string[]) => assert.equal(tmux('send-keys', '-t', 'tui', ...names).status, 0),
		async waitFor(wanted: (text: string) => boolean, what: string): Promise<string> {
			const deadline = Date.now() + 20_000;
			for (;;) {
				const text = screen();
				if (wanted(text)) {
					if (process.env['EYELET_TEST_SCREENS']) console.log(`--- ${what} ---\n${text}`);
					return text;
				}
				if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; screen:\n${text}`);
				await new Promise(resolve => setTimeout(resolve, 40));
			}
		},
	};
}

const rowOf = (screen: string, text: string) => screen.split('\n').find(line => line.includes(text)) ?? '';

function groupState(db: string, env: NodeJS.ProcessEnv, signaturePart: string): string | undefined {
	const result = runCli(['errors', '--all', '--json', '--db', db], {env});
	assert.equal(result.status, 0, result.stderr);
	const group = (JSON.parse(result.stdout) as Array<{signature: string; state: string}>).find(each => each.signature.includes(signaturePart));
	return group?.state;
}

test('triage an error by keys alone: open the pane, select a group, a, r, m, u', {skip: noTmux}, async t => {
	const {db, dir, env} = errorDatabase(t);
	const term = terminal(t, 'triage', db, dir);
	await term.waitFor(text => /● following/.test(text) && /Errors ✗\d+/.test(text), 'the stream with the error count on the tab');
	term.keys('Tab');
	const pane = await term.waitFor(text => text.includes('Errors:') && text.includes('guard.sh: guard'), 'the error pane');
	const index = pane.split('\n').slice(4).findIndex(line => line.includes('guard.sh: guard'));
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
	const term = terminal(t, 'hook', db, dir);
	await term.waitFor(text => /● following/.test(text), 'the stream');
	term.keys('Tab');
	const pane = await term.waitFor(text => text.includes('Errors:') && text.includes('guard.sh: guard'), 'the error pane');
	const index = pane.split('\n').slice(4).findIndex(line => line.includes('guard.sh: guard'));
	for (let i = 0; i < index; i++) term.keys('j');
	await term.waitFor(text => text.includes('hook guard.sh on PreToolUse:Bash'), 'the guard.sh group selected');
	term.keys('Enter');
	await term.waitFor(text => /HookFai.*PreToolUse:Bash guard\.sh/.test(text), 'its occurrences');
	// The older occurrence is the one whose Bash call was recorded.
	term.keys('j', 'Enter');
	await term.waitFor(text => text.includes('toolu_basic_0_1_1959937855699') && text.includes('── payload'), 'the failure payload');
	term.keys('Enter');
	const call = await term.waitFor(text => text.includes('echo hello && uname -s') && /call this hook guarded/.test(text), "the guarded Bash call in its session's timeline");
	assert.match(call, /PreToolUse call this hook guarded, in its session's timeline/);
	term.keys('Enter');
	await term.waitFor(text => text.includes('"command": "echo hello && uname -s"') && text.includes('toolu_basic_0_1_1959937855699'), 'the call opened from the cursor row');
});
