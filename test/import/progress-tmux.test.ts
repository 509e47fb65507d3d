import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {cli, fixtureLines, isolatedEnv, runCli, tempDir} from '../helpers.js';

// The import's progress bar, in a real terminal (tmux): drawn while it runs, gone when the summary
// prints; and nothing of it when stderr is not a terminal.

const socket = `eyelet-import-${process.pid}`;
const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
const screen = () => tmux('capture-pane', '-p', '-t', 'import').stdout;

async function waitForScreen(wanted: (text: string) => boolean, what: string): Promise<string> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const text = screen();
		if (wanted(text)) return text;
		if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; screen:\n${text}`);
		await new Promise(resolve => setTimeout(resolve, 30));
	}
}

/** Enough rows that the import runs for a second or more. */
function capture(dir: string, rows: number): string {
	const payloads = fixtureLines('claude-code-sessions.jsonl').map(line => JSON.parse(line) as Record<string, unknown>);
	const lines = Array.from({length: rows}, (_, i) => JSON.stringify({...payloads[i % payloads.length], session_id: `progress-${Math.floor(i / 500)}`, tool_use_id: `toolu_${i}`}));
	const file = join(dir, 'history.jsonl');
	writeFileSync(file, `${lines.join('\n')}\n`);
	return file;
}

test('import shows a progress bar on a terminal and clears it for the summary', {skip: spawnSync('tmux', ['-V']).status !== 0 ? 'tmux is not installed' : false}, async t => {
	t.after(() => tmux('kill-server'));
	const dir = tempDir(t);
	const file = capture(dir, 30_000);
	const started = tmux(
		'new-session', '-d', '-s', 'import', '-x', '120', '-y', '20',
		'-e', `EYELET_CLI=${cli}`, '-e', `EYELET_DB=${join(dir, 'events.db')}`, '-e', `HOME=${dir}`, '-e', `XDG_CONFIG_HOME=${join(dir, 'config')}`, '-e', `FILE=${file}`,
		'node "$EYELET_CLI" import "$FILE"; echo "EXITED $?"; exec sleep 600',
	);
	assert.equal(started.status, 0, started.stderr);
	const running = await waitForScreen(text => text.includes('▕') || text.includes('EXITED'), 'the progress bar');
	assert.match(running, /\[1\/1\] history\.jsonl ▕[█░]{24}▏ \d+%  [\d,]+ new  [\d,]+\/s/);
	const done = await waitForScreen(text => text.includes('EXITED'), 'the end of the import');
	assert.match(done, /^imported 30,000 events, skipped 0 duplicates, 0 invalid/m);
	assert.match(done, /EXITED 0/);
	assert.ok(!done.includes('▕'), `the bar is cleared:\n${done}`);
});

test('import draws no progress when stderr is not a terminal', t => {
	const dir = tempDir(t);
	const file = capture(dir, 3000);
	const result = runCli(['import', file], {env: isolatedEnv(dir, {EYELET_DB: join(dir, 'events.db')})});
	assert.equal(result.status, 0);
	assert.equal(result.stderr, '');
	assert.match(result.stdout, /^imported 3,000 events/);
});
