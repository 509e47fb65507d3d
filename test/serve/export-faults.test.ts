import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fixtureLines, runCli, withReader} from '../helpers.js';
import {bearer, collected, countCollected, exportingHome, freePort, health, startCollector, startProxy, until, waitExported} from '../export-helpers.js';
import {serveHome, startServe} from '../serve-helpers.js';
import {exportLine} from '../commands/seed.js';

const newestId = (db: string) => withReader(db, reader => reader.value<number>('SELECT max(id) FROM events') ?? 0);
function cursor(db: string, stream: string): number | null {
	try {
		return withReader(db, reader => reader.value<number>('SELECT acked_id FROM export_cursors WHERE stream = ?', [stream]) ?? null);
	} catch {
		return null; // not migrated yet
	}
}
const exportedIds = (db: string) =>
	collected(db)
		.filter(record => record.signal === 'log')
		.map(record => Number(record.data.attributes['eyelet.event_id']));

test('the collector down, then up: hooks are answered meanwhile, and every event arrives once', async t => {
	// The collector's port and secret exist before it runs: start it once, stop it.
	const port = await freePort();
	const home = serveHome(t);
	const first = await startServe(home.env, home.db, ['--port', String(port)]);
	const secret = first.secret;
	first.child.kill('SIGTERM');
	await first.exited;

	const machine = exportingHome(t, `http://127.0.0.1:${port}`, {headers: bearer(secret), traces: false});
	const daemon = await startServe(machine.env, machine.db);
	t.after(() => daemon.child.kill('SIGKILL'));
	const lines = fixtureLines('claude-code-sessions.jsonl');
	for (const line of lines) assert.equal((await daemon.hook(line)).status, 200, 'a hook never waits for the collector');
	// The SDK retries a refused connection for up to its 10 s timeout before it reports the failure.
	const down = await until(async () => {
		const now = (await health(daemon))['export'];
		return now.streams[0]?.pending > 0 && now.streams[0].lagMs > 0 ? now : null;
	});
	assert.equal(down.streams[0].ackedId, 0, 'nothing acknowledged');
	assert.ok(down.lagS > 0 || down.streams[0].lagMs > 0, 'the lag shows');

	const collector = await startServe(home.env, home.db, ['--port', String(port)]);
	t.after(() => collector.child.kill('SIGKILL'));
	await waitExported(daemon, newestId(machine.db), 30_000);
	assert.deepEqual(
		exportedIds(home.db).sort((x, y) => x - y),
		lines.map((_, index) => index + 1),
	);
	assert.equal((await health(collector))['telemetry'].duplicates, 0, 'nothing twice');
	const up = (await health(daemon))['export'];
	assert.equal(up.lastError, null, 'no error once the collector acknowledged');
});

test('a 429 with Retry-After: the export waits that long before it sends again', async t => {
	const collector = await startCollector(t);
	const proxy = await startProxy(
		t,
		() => collector.daemon.port,
		(req, index) => (index === 0 && req.url === '/v1/logs' ? {status: 429, headers: {'retry-after': '2'}} : null),
	);
	const machine = exportingHome(t, `http://127.0.0.1:${proxy.port}`, {headers: bearer(collector.daemon.secret), traces: false});
	const daemon = await startServe(machine.env, machine.db);
	t.after(() => daemon.child.kill('SIGKILL'));
	const lines = fixtureLines('claude-code-sessions.jsonl').slice(0, 5);
	for (const line of lines) assert.equal((await daemon.hook(line)).status, 200);
	await waitExported(daemon, newestId(machine.db));
	const logRequests = proxy.requests.filter(request => request.path === '/v1/logs');
	assert.ok(logRequests.length >= 2, 'refused, then sent again');
	assert.ok(logRequests[1]!.at - logRequests[0]!.at >= 1_990, `sent again after ${logRequests[1]!.at - logRequests[0]!.at} ms, not the 2 s asked`);
	assert.deepEqual(
		exportedIds(collector.db).sort((x, y) => x - y),
		lines.map((_, index) => index + 1),
	);
});

test('kill -9 mid-batch: the next daemon resumes from the cursor, without a gap', async t => {
	const collector = await startCollector(t);
	// A slow collector: each answer held 300 ms, so a batch is in flight when the daemon dies.
	const proxy = await startProxy(
		t,
		() => collector.daemon.port,
		() => null,
		300,
	);
	const machine = exportingHome(t, `http://127.0.0.1:${proxy.port}`, {headers: bearer(collector.daemon.secret), traces: false, payload: 'off'});
	// The cursor is made on the daemon's first start, at the newest event (none yet): the backlog comes after it.
	const first = await startServe(machine.env, machine.db);
	await until(() => cursor(machine.db, 'otlp/logs') === 0, 10_000, 'the cursor');
	first.child.kill('SIGTERM');
	await first.exited;
	const sessions = fixtureLines('claude-code-sessions.jsonl');
	const backlog: string[] = [];
	for (let copy = 0; backlog.length < 4_000; copy++)
		for (const line of sessions) backlog.push(line.replaceAll(/"session_id":"([0-9a-f-]+)"/g, `"session_id":"$1-${copy}"`));
	writeFileSync(join(machine.home, 'backlog.jsonl'), `${backlog.join('\n')}\n`);
	const imported = runCli(['import', join(machine.home, 'backlog.jsonl'), '--db', machine.db], {env: machine.env});
	assert.equal(imported.status, 0, imported.stderr);
	const total = newestId(machine.db);
	assert.ok(total >= 4_000);

	const doomed = await startServe(machine.env, machine.db);
	await until(() => countCollected(collector.db, 'log') > 0 && proxy.requests.some(request => !request.answered), 20_000, 'a batch in flight after the first');
	doomed.child.kill('SIGKILL');
	await doomed.exited;
	const acked = cursor(machine.db, 'otlp/logs')!;
	assert.ok(acked < total, `killed with events left (${acked} of ${total} acknowledged)`);

	const daemon = await startServe(machine.env, machine.db);
	t.after(() => daemon.child.kill('SIGKILL'));
	await waitExported(daemon, total, 60_000);
	const ids = new Set(exportedIds(collector.db));
	const missing = [];
	for (let id = 1; id <= total; id++) if (!ids.has(id)) missing.push(id);
	assert.deepEqual(missing.slice(0, 10), [], 'no gap');
	assert.equal(ids.size, total);
	// At least once: what was in flight when it died may come twice (the collector tells, and keeps one).
	assert.ok((await health(collector.daemon))['telemetry'].duplicates <= 1_000, 'at most the batch in flight twice');
});

test('a backlog gives way to hooks but still moves while they keep coming, and arrives whole', async t => {
	const collector = await startCollector(t);
	const machine = exportingHome(t, `http://127.0.0.1:${collector.daemon.port}`, {headers: bearer(collector.daemon.secret), traces: false});
	// A first start creates the cursor; events imported after it are a backlog an hour old.
	const first = await startServe(machine.env, machine.db);
	await until(() => cursor(machine.db, 'otlp/logs') !== null, 20_000, 'the cursor');
	first.child.kill('SIGTERM');
	await first.exited;
	const shapes = fixtureLines('claude-code-sessions.jsonl').map(line => JSON.parse(line));
	const hourAgo = Date.now() - 3_600_000;
	const backlog = Array.from({length: 3000}, (_, i) =>
		exportLine({...shapes[i % shapes.length], session_id: `backlog-${i % 20}`, tool_use_id: `toolu_backlog_${i}`}, new Date(hourAgo + i).toISOString()),
	);
	const file = join(machine.home, 'backlog.jsonl');
	writeFileSync(file, `${backlog.join('\n')}\n`);
	assert.equal(runCli(['import', file, '--db', machine.db], {env: machine.env}).status, 0);

	const daemon = await startServe(machine.env, machine.db);
	t.after(() => daemon.child.kill('SIGKILL'));
	const positions = new Set<number>();
	let posted = 0;
	// Hooks one after the other until the cursor has moved three times with them still coming.
	while (positions.size < 3) {
		assert.equal((await daemon.hook(JSON.stringify({...shapes[posted % shapes.length], session_id: 'live'}))).status, 200);
		posted++;
		const acked = (await health(daemon))['export'].streams[0]?.ackedId ?? 0;
		if (acked > 0 && acked < backlog.length) positions.add(acked);
		if (posted > 20_000) assert.fail(`the backlog did not move while hooks arrived (cursor at ${[...positions].join(', ') || 0})`);
	}
	await waitExported(daemon, newestId(machine.db), 60_000);
	const ids = exportedIds(collector.db);
	assert.equal(ids.length, backlog.length + posted, 'every event, once');
	assert.equal(new Set(ids).size, ids.length);
});
