import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {seedEvents} from '../fixture-db.js';
import {fixtureLines} from '../helpers.js';
import {serveHome, startServe} from '../serve-helpers.js';
import {noTmux, openTerminal} from '../terminal.js';

test('the header says whether eyelet serve runs, and its rate, in a real terminal at 80x24', {skip: noTmux}, async t => {
	const {home, env, db} = serveHome(t);
	seedEvents(
		db,
		fixtureLines('claude-code-sessions.jsonl')
			.slice(0, 5)
			.map(line => JSON.parse(line)),
	);
	const daemon = await startServe(env, db);
	const {waitFor} = openTerminal(t, {
		command: 'node "$EYELET_CLI" tui --db "$EYELET_TEST_DB" --interval 100',
		env: {EYELET_TEST_DB: db, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config')},
	});
	const up = await waitFor(text => /serve ● [\d.]+\/s/.test(text), 'serve ● in the header');
	assert.ok(up.split('\n')[0]!.includes('serve ●'), 'on the first line');
	assert.ok(
		up.split('\n').every(line => [...line].length <= 80),
		'no line wider than the terminal',
	);
	daemon.child.kill('SIGTERM');
	await daemon.exited;
	await waitFor(text => text.split('\n')[0]!.includes('serve ○ down'), 'serve ○ down once it stops');
});
