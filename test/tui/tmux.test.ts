import assert from 'node:assert/strict';
import {mkdirSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {before, test} from 'node:test';
import {bulkEvents, seedEvents} from '../fixture-db.js';
import {fixtureLines, isolatedEnv, runCliAsync, tempDir} from '../helpers.js';
import {noTmux, openTerminal, pane} from '../terminal.js';

// End to end: the built binary in a real terminal (tmux) while `eyelet record` processes write to the
// same database. Set EYELET_TEST_SCREENS=1 to print every screen the test looks at.

let dir = '';
let db = '';
const fixtures = fixtureLines('claude-code-sessions.jsonl').map(line => JSON.parse(line) as Record<string, unknown>);
const bashPre = fixtures.find(payload => payload['hook_event_name'] === 'PreToolUse' && payload['tool_name'] === 'Bash')!;

/** A fixture payload, recorded by `eyelet record` in its own process, as Claude Code would run it. */
async function record(command: string): Promise<void> {
	const payload = {...bashPre, tool_input: {command, description: 'e2e'}, tool_use_id: `toolu_${Math.random().toString(36).slice(2)}`};
	const result = await runCliAsync(['record', '--db', db, '--strict'], {input: JSON.stringify(payload), env: isolatedEnv(dir)});
	assert.equal(result.status, 0, result.stderr);
}

before(async () => {
	dir = tempDir({after: fn => process.on('exit', fn)});
	db = join(dir, 'events.db');
	const payloads = [...fixtures, ...fixtureLines('documented-events.jsonl').map(line => JSON.parse(line) as Record<string, unknown>)];
	seedEvents(db, payloads);
});

test('the live viewer in a real terminal, with another process recording', {skip: noTmux}, async t => {
	const {
		tmux,
		keys,
		waitFor: waitForScreen,
	} = openTerminal(t, {
		command: 'printf "shell-before\\n"; node "$EYELET_CLI" tui --db "$EYELET_TEST_DB" --interval 100',
		env: {EYELET_TEST_DB: db, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config')},
		width: 100,
		height: 30,
	});
	await waitForScreen(text => /● following/.test(text) && /\d\d:\d\d:\d\d/.test(text), 'the first frame');

	// New rows appear.
	await record('echo e2e-first');
	await waitForScreen(text => text.includes('echo e2e-first'), 'a newly recorded event');

	// Moving up pauses: a new event is counted in the header but the view stays where it was.
	keys('k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k');
	const paused = await waitForScreen(text => text.includes('paused') && !text.includes('echo e2e-first'), 'follow paused');
	const total = Number(/([\d,]+) events/.exec(paused)![1]!.replace(/,/g, ''));
	await record('echo e2e-second');
	const stillPaused = await waitForScreen(text => text.includes(`${(total + 1).toLocaleString('en-US')} events`), 'the header counting the new event');
	assert.ok(!stillPaused.includes('e2e-second'), 'a paused view does not jump to new events');
	keys('G');
	await waitForScreen(text => text.includes('● following') && text.includes('echo e2e-second'), 'follow resumed');

	// A filter narrows the rows.
	keys('x');
	const errors = await waitForScreen(text => text.includes('filters: errors only') && /\d\d:\d\d:\d\d/.test(text), 'errors only');
	const rows = errors.split('\n').filter(line => /^\d\d:\d\d:\d\d /.test(line));
	for (const row of rows) assert.match(row, /[✗!]/, row);
	keys('Escape');
	await waitForScreen(text => text.includes('no filters') && text.includes('echo e2e-second'), 'the filter removed');

	// A payload full of escape sequences renders inert: visible, and the terminal untouched.
	const titleBefore = tmux('display-message', '-p', '-t', pane, '#{pane_title}').stdout;
	await record('echo evil\u001b]0;PWNED\u0007\u001b[2J\u001b[H\u001b[31mred\u009b2J\u202eright-to-left');
	const inert = await waitForScreen(text => text.includes('␛]0;PWNED'), 'the hostile payload, made visible');
	assert.match(inert.split('\n')[0]!, /^eyelet /, 'the screen was not cleared or moved');
	assert.equal(tmux('display-message', '-p', '-t', pane, '#{pane_title}').stdout, titleBefore, 'the title did not change');

	// The detail opens on the cursor row.
	keys('Enter');
	const detail = await waitForScreen(text => text.includes('── payload') && text.includes('"hook_event_name": "PreToolUse"'), 'the detail');
	assert.match(detail, /#\d+ +PreToolUse +Bash +✓ ok/);
	assert.match(detail, /␛\[2J/);

	// q pops the detail, then quits, and the terminal is as it was.
	keys('q');
	await waitForScreen(text => text.includes('no filters') && !text.includes('── payload'), 'back to the stream');
	keys('q');
	const after = await waitForScreen(text => text.includes('EXITED 0'), 'the shell again');
	assert.match(after, /shell-before/);
	assert.doesNotMatch(after, /● following|eyelet /);
	assert.equal(tmux('display-message', '-p', '-t', pane, '#{alternate_on} #{cursor_flag}').stdout.trim(), '0 1', 'main screen, cursor visible');
});

test('eyelet demo: a live stream on a temporary database, removed on exit', {skip: noTmux}, async t => {
	const home = tempDir(t);
	const {keys, waitFor} = openTerminal(t, {command: 'node "$EYELET_CLI" demo', env: {TMPDIR: home, HOME: home}});
	const total = (text: string) => Number(/([\d,]+) events/.exec(text)?.[1]?.replace(/,/g, '') ?? 0);
	const first = await waitFor(text => total(text) > 0 && /\d\d:\d\d:\d\d /.test(text), 'the demo stream', 30_000);
	assert.match(first.split('\n')[0]!, /^eyelet {2}\S+demo\.db {2}[\d,]+ events .* ● following$/, 'at 80x24 the header keeps its line');
	assert.ok(readdirSync(home).some(name => name.startsWith('eyelet-demo-')));
	await waitFor(text => total(text) > total(first), 'events recorded live', 30_000);
	// The generated sessions' own hooks fail now and then: the hooks pane has something to show.
	keys('H');
	await waitFor(text => /^✗ ~\/\.claude\/hooks\/\w+\.sh /m.test(text) && /[1-9]\d* failing/.test(text), 'failing hooks in the hooks pane', 30_000);
	keys('q');
	keys('q');
	await waitFor(text => text.includes('EXITED 0'), 'the demo to end', 30_000);
	assert.deepEqual(
		readdirSync(home).filter(name => name.startsWith('eyelet-demo-')),
		[],
		'the temporary database is gone',
	);
});

test('80x24 with a long database path and a six-digit count: no line wraps, the header stays on top', {skip: noTmux}, async t => {
	const folder = join(tempDir(t), 'a-folder-with-a-rather-long-name', 'and-one-more-level-below-it');
	mkdirSync(folder, {recursive: true});
	const path = join(folder, 'events.db');
	bulkEvents(path, 100_000, bashPre);
	const {keys, waitFor, screen} = openTerminal(t, {
		command: 'node "$EYELET_CLI" tui --db "$EYELET_TEST_DB" --interval 100',
		env: {EYELET_TEST_DB: path, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config')},
		width: 80,
		height: 24,
	});
	/** The frame is whole: the header's two lines on top, the footer on the 23rd, nothing past it. */
	const whole = (text: string) => {
		const lines = text.split('\n');
		return /^eyelet {2}…\S*events\.db {2}100,000 events .* ● following/.test(lines[0]!) && /^ Stream /.test(lines[1]!) && lines[22] !== '' && !lines[23];
	};
	const first = await waitFor(text => whole(text) && /\d\d:\d\d:\d\d/.test(text), 'the first frame, whole');
	assert.equal(first.split('\n')[2], 'time     sess   project   event    tool    s   took summary');
	for (const [key, what] of [
		['Tab', 'Errors'],
		['s', 'session'],
		['H', 'Hooks for'],
		['?', 'Keys ('],
	] as const) {
		keys(key);
		await waitFor(text => whole(text) && text.split('\n')[2]!.includes(what), `the ${what} view, whole`);
	}
	keys('Escape', 'q');
	keys('q');
	await waitFor(text => text.includes('EXITED 0'), 'the viewer to end');
	assert.ok(!screen().includes('100,000 events'), 'the alternate screen is gone');
});
