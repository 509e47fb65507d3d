import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {bearer, exportingHome, freePort} from '../export-helpers.js';
import {fixtureLines} from '../helpers.js';
import {serveHome, startServe} from '../serve-helpers.js';
import {noTmux, openTerminal} from '../terminal.js';

test('the header shows the export: its last error while the collector is down, its lag once it is up', {skip: noTmux}, async t => {
	// The collector's port and secret exist before it runs: start it once, stop it.
	const port = await freePort();
	const collectorHome = serveHome(t);
	const first = await startServe(collectorHome.env, collectorHome.db, ['--port', String(port)]);
	first.child.kill('SIGTERM');
	await first.exited;

	const machine = exportingHome(t, `http://127.0.0.1:${port}`, {headers: bearer(first.secret), traces: false});
	const daemon = await startServe(machine.env, machine.db);
	t.after(() => daemon.child.kill('SIGKILL'));
	for (const line of fixtureLines('claude-code-sessions.jsonl').slice(0, 5)) assert.equal((await daemon.hook(line)).status, 200);

	const {waitFor} = openTerminal(t, {
		command: 'node "$EYELET_CLI" tui --db "$EYELET_TEST_DB" --interval 100',
		env: {EYELET_TEST_DB: machine.db, HOME: machine.home, XDG_DATA_HOME: join(machine.home, 'data'), XDG_CONFIG_HOME: join(machine.home, 'config')},
	});
	// The SDK retries a refused connection for up to its 10 s timeout before it reports the failure.
	const down = await waitFor(text => /export ✗ lag \S+ · \S/.test(text.split('\n')[0]!), 'the export error in the header', 30_000);
	const line = down.split('\n')[0]!;
	assert.match(line, /serve ● [\d.]+\/s.*export ✗ lag \d/);
	assert.match(line, /ECONNREFUSED|connect|fetch|socket/i, 'the error says why');
	assert.ok(
		down.split('\n').every(row => [...row].length <= 80),
		'no line wider than the terminal',
	);

	const collector = await startServe(collectorHome.env, collectorHome.db, ['--port', String(port)]);
	t.after(() => collector.child.kill('SIGKILL'));
	const up = await waitFor(text => text.split('\n')[0]!.includes('export lag 0s'), 'the export caught up', 60_000);
	assert.doesNotMatch(up.split('\n')[0]!, /✗/);
});
