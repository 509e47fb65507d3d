import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fixtureLines, isolatedEnv, runCli, tempDir} from '../helpers.js';
import {noTmux, openTerminal} from '../terminal.js';

// The import's progress bar, in a real terminal (tmux): drawn while it runs, gone when the summary
// prints; and nothing of it when stderr is not a terminal.

/** Enough rows that the import runs for a second or more. */
function capture(dir: string, rows: number): string {
	const payloads = fixtureLines('claude-code-sessions.jsonl').map(line => JSON.parse(line) as Record<string, unknown>);
	const lines = Array.from({length: rows}, (_, i) =>
		JSON.stringify({...payloads[i % payloads.length], session_id: `progress-${Math.floor(i / 500)}`, tool_use_id: `toolu_${i}`}),
	);
	const file = join(dir, 'history.jsonl');
	writeFileSync(file, `${lines.join('\n')}\n`);
	return file;
}

test('import shows a progress bar on a terminal and clears it for the summary', {skip: noTmux}, async t => {
	const dir = tempDir(t);
	const file = capture(dir, 30_000);
	const term = openTerminal(t, {
		command: 'node "$EYELET_CLI" import "$FILE"',
		env: {EYELET_DB: join(dir, 'events.db'), HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), FILE: file},
		width: 120,
		height: 20,
	});
	const running = await term.waitFor(text => text.includes('▕') || text.includes('EXITED'), 'the progress bar', 60_000);
	assert.match(running, /\[1\/1\] history\.jsonl ▕[█░]{24}▏ \d+% {2}[\d,]+ new {2}[\d,]+\/s/);
	const done = await term.waitFor(text => text.includes('EXITED'), 'the end of the import', 60_000);
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
