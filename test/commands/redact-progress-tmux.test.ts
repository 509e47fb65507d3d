import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fixtures, isolatedEnv, runCli, tempDir} from '../helpers.js';
import {noTmux, openTerminal} from '../terminal.js';

// eyelet redact's progress bar, in a real terminal (tmux): drawn while it runs, gone when the report prints.

test('redact shows a progress bar on a terminal and clears it for the report', {skip: noTmux}, async t => {
	const dir = tempDir(t);
	const db = join(dir, 'events.db');
	const {payloads} = JSON.parse(readFileSync(join(fixtures, 'credentials.json'), 'utf8')) as {payloads: object[]};
	const lines = Array.from({length: 4000}, (_, n) => JSON.stringify({...payloads[n % payloads.length], session_id: `p-${n % 20}`, tool_use_id: `toolu_${n}`}));
	writeFileSync(join(dir, 'rows.jsonl'), `${lines.join('\n')}\n`);
	assert.equal(runCli(['import', join(dir, 'rows.jsonl')], {env: isolatedEnv(dir, {EYELET_DB: db, EYELET_REDACT: '0'})}).status, 0);
	const term = openTerminal(t, {
		command: 'node "$EYELET_CLI" redact',
		env: {EYELET_DB: db, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config')},
		width: 120,
		height: 20,
	});
	const running = await term.waitFor(text => text.includes('redacting') || text.includes('EXITED'), 'the progress bar', 60_000);
	assert.match(running, /redacting [█░]{24} +\d+% {2}[\d,]+ rewritten {2}[\d,]+ rows/);
	const done = await term.waitFor(text => text.includes('EXITED'), 'the end of the run', 60_000);
	assert.match(done, /^rescanned 4,000 rows with \d+ built-in rules: rewrote 4,000 rows/m);
	assert.match(done, /EXITED 0/);
	assert.ok(!done.includes('█'), `the bar is cleared:\n${done}`);
});
