// The OTLP export of eyelet serve (issue 16). Every figure is beside its target and a peer measured in
// the same run, because the machine is shared:
//   drain      a backlog of stored events (a collector that was down) exported to a loopback receiver
//              that stores nothing, a thread per signal: events/s for the logs and the traces (target >= 10,000/s), against
//              the OpenTelemetry SDK's exporter alone sending the same number of log records made in memory
//   lag        the daemon's throughput load (64 keep-alive clients x 300 events) with export on: the
//              export's lag sampled every 100 ms (target < 2 s), and the load's rate against export off
//   p99        a hook's p99 under a 16-client load while the backlog drains, against the same load with
//              export off, before and after (target: no move)
//   footprint  start to first accepted request, the export thread's start, resident memory: export on vs off
// BENCH_PARTS=drain,lag,p99,footprint runs only those; BENCH_QUICK=1 shrinks the loads;
// BENCH_EXPORT_ROWS sets the backlog (default 200,000: the 1M of the issue is ~5x the time and disk).
import {spawn} from 'node:child_process';
import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {get} from 'node:http';
import {loadavg} from 'node:os';
import {join} from 'node:path';
import {millionDb} from './lib/million.mjs';
import {startDaemon} from './lib/daemon.mjs';
import {machine, median, ms, root, sleep, workDir} from './lib/measure.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const quick = process.env.BENCH_QUICK === '1';
const parts = new Set((process.env.BENCH_PARTS ?? 'drain,lag,p99,footprint').split(','));
const rows = Number(process.env.BENCH_EXPORT_ROWS ?? (quick ? 20_000 : 200_000));
const fixtureFile = join(root, 'test', 'fixtures', 'claude-code-sessions.jsonl');
const dir = workDir('export');
const load = join(root, 'bench', 'lib', 'http-load.mjs');

console.log(
	`machine: ${machine()}, load average ${loadavg()
		.map(l => l.toFixed(2))
		.join(' ')}`,
);

/** The loopback receiver: a Node server that answers every request an empty 200 (a valid OTLP response), storing nothing. */
const receiver = spawn(process.execPath, [join(root, 'bench', 'lib', 'noop-server.mjs')], {stdio: ['ignore', 'pipe', 'inherit']});
const receiverPort = await new Promise(done => receiver.stdout.once('data', chunk => done(Number(String(chunk).trim()))));
const endpoint = `http://127.0.0.1:${receiverPort}`;

const rss = pid => {
	try {
		return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
	} catch {
		return 0;
	}
};

function health(d) {
	return new Promise(done => {
		const req = get({host: '127.0.0.1', port: d.port, path: '/health', headers: d.auth}, res => {
			let body = '';
			res.on('data', chunk => (body += chunk));
			res.on('end', () => done(JSON.parse(body)));
		});
		req.on('error', () => done(null));
	});
}

/** A daemon on `db`, exporting (both signals, payload summary) to the receiver or not, started as eyelet starts it (bench/lib/daemon.mjs). */
async function daemon(name, db, exporting) {
	const home = join(dir, name);
	mkdirSync(join(home, 'config', 'eyelet'), {recursive: true});
	if (exporting) writeFileSync(join(home, 'config', 'eyelet', 'config.json'), JSON.stringify({export: {otlp: {endpoint}}}));
	const env = {...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), EYELET_DB: db};
	for (const name of Object.keys(env)) if (name.startsWith('OTEL_')) delete env[name];
	const d = {...(await startDaemon(db, env)), exportReady: null};
	if (exporting) {
		for (;;) {
			const now = await health(d);
			if (now?.export?.streams?.length) break;
			await sleep(5);
		}
		d.exportReady = performance.now() - d.spawned;
	}
	return d;
}

async function stop(d) {
	d.child.kill('SIGTERM');
	await d.exited;
}

function runLoad(port, secret, clients, events, prefix) {
	return new Promise(done => {
		const child = spawn(process.execPath, [load, String(port), secret, String(clients), String(events), fixtureFile, prefix], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', chunk => (out += chunk));
		child.on('close', () => done(JSON.parse(out)));
	});
}

/** A copy of the cached bench database whose export cursors sit at the start: every event is a backlog. */
async function backlogDb(name) {
	const source = await millionDb(rows);
	const db = join(dir, `${name}.db`);
	copyFileSync(source, db);
	const handle = new Database(db);
	handle.prepare("INSERT INTO export_cursors (stream, start_id, acked_id) VALUES ('otlp/logs', 0, 0), ('otlp/traces', 0, 0)").run();
	const newest = handle.prepare('SELECT max(id) AS id FROM events').get().id;
	handle.close();
	return {db, newest};
}

const emptyDb = name => join(dir, `${name}.db`);
const rate = (n, ms) => (n / (ms / 1000)).toFixed(0);
const stream = (now, name) => now?.export?.streams?.find(s => s.stream === name);

// --- Drain: a backlog to the loopback receiver, then the SDK's exporter alone for the same number of records.
if (parts.has('drain')) {
	const {db, newest} = await backlogDb('drain');
	const d = await daemon('drain', db, true);
	const started = performance.now();
	const done = {};
	let spans = 0;
	let peakRss = 0;
	while (!done['otlp/logs'] || !done['otlp/traces']) {
		const now = await health(d);
		peakRss = Math.max(peakRss, rss(d.child.pid));
		for (const name of ['otlp/logs', 'otlp/traces'])
			if (!done[name] && stream(now, name)?.ackedId >= newest) {
				done[name] = performance.now() - started;
				if (name === 'otlp/traces') spans = stream(now, name).exported;
			}
		await sleep(50);
	}
	await stop(d);
	const floor = await new Promise(resolve => {
		const child = spawn(process.execPath, [join(root, 'bench', 'lib', 'export-sdk-floor.mjs'), db, String(receiverPort), String(newest)], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', chunk => (out += chunk));
		child.on('close', () => resolve(JSON.parse(out)));
	});
	const logsRate = newest / (done['otlp/logs'] / 1000);
	console.log(
		`\ndrain: a backlog of ${newest.toLocaleString('en')} stored events to a loopback receiver (http/protobuf, payload summary, both signals at once, a thread each)`,
	);
	console.log(`  logs     ${rate(newest, done['otlp/logs'])} events/s (a record each), ${(done['otlp/logs'] / 1000).toFixed(1)} s  (target >= 10,000/s)`);
	console.log(
		`  traces   ${rate(newest, done['otlp/traces'])} events/s, ${spans.toLocaleString('en')} spans, ${(done['otlp/traces'] / 1000).toFixed(1)} s  (target >= 10,000/s)`,
	);
	console.log(`  peer: the SDK's exporter alone, the same ${floor.records.toLocaleString('en')} records made in memory: ${floor.rate.toFixed(0)} records/s`);
	console.log(`  ratio eyelet's logs export / the SDK alone: ${(logsRate / floor.rate).toFixed(2)}`);
	console.log(`  daemon resident memory while draining: max ${peakRss.toFixed(0)} MB`);
}

// --- Lag under the daemon's throughput load; the same load with export off, before and after.
if (parts.has('lag')) {
	const clients = 64;
	const events = quick ? 60 : 300;
	const off1 = await daemon('lag-off-1', emptyDb('lag-off-1'), false);
	const before = await runLoad(off1.port, off1.secret, clients, events, 'off1');
	await stop(off1);
	const on = await daemon('lag-on', emptyDb('lag-on'), true);
	const lags = {'otlp/logs': [], 'otlp/traces': []};
	let sampling = true;
	const sampler = (async () => {
		while (sampling) {
			const now = await health(on);
			for (const name of Object.keys(lags)) {
				const s = stream(now, name);
				if (s) lags[name].push(s.lagMs);
			}
			await sleep(100);
		}
	})();
	const ours = await runLoad(on.port, on.secret, clients, events, 'on');
	const loadEnded = performance.now();
	const newest = new Database(on.db, {readonly: true}).prepare('SELECT max(id) AS id FROM events').get().id;
	const caughtUp = {};
	while (!caughtUp['otlp/logs'] || !caughtUp['otlp/traces']) {
		const now = await health(on);
		for (const name of Object.keys(lags)) if (!caughtUp[name] && stream(now, name)?.ackedId >= newest) caughtUp[name] = performance.now() - loadEnded;
		await sleep(25);
	}
	sampling = false;
	await sampler;
	await stop(on);
	const off2 = await daemon('lag-off-2', emptyDb('lag-off-2'), false);
	const after = await runLoad(off2.port, off2.secret, clients, events, 'off2');
	await stop(off2);
	const offRate = (before.rate + after.rate) / 2;
	const max = values => Math.max(0, ...values);
	console.log(`\nlag: ${clients} keep-alive clients x ${events} events, export on (both signals) to the loopback receiver`);
	console.log(`  hooks, export off  ${offRate.toFixed(0)} events/s (two runs, around ours)  p99 ${ms(Math.max(before.p99, after.p99))}`);
	console.log(
		`  hooks, export on   ${ours.rate.toFixed(0)} events/s  p99 ${ms(ours.p99)}; ratio to off: rate ${(ours.rate / offRate).toFixed(2)}, p99 ${(ours.p99 / Math.max(before.p99, after.p99)).toFixed(2)}`,
	);
	console.log(
		`  logs lag    max ${(max(lags['otlp/logs']) / 1000).toFixed(2)} s, median ${(median(lags['otlp/logs']) / 1000).toFixed(2)} s; caught up ${ms(caughtUp['otlp/logs'])} after the load  (target < 2 s)`,
	);
	console.log(
		`  traces lag  max ${(max(lags['otlp/traces']) / 1000).toFixed(2)} s, median ${(median(lags['otlp/traces']) / 1000).toFixed(2)} s; caught up ${ms(caughtUp['otlp/traces'])} after the load  (target < 2 s; spans go out at their ending event)`,
	);
}

// --- A hook's p99 while a backlog drains, against export off before and after.
if (parts.has('p99')) {
	const clients = 16;
	const events = quick ? 100 : 400;
	const quiet = await backlogDb('p99-off');
	const rounds = [];
	const offDaemon = async name => {
		const d = await daemon(name, quiet.db, false);
		const result = await runLoad(d.port, d.secret, clients, events, name);
		await stop(d);
		return result;
	};
	rounds.push(['off', await offDaemon('p99-off-1')]);
	const {db} = await backlogDb('p99-on');
	const on = await daemon('p99-on', db, true);
	// Both threads started and sending (the SDK loaded, the first batches out): the drain, not the start, is measured.
	for (;;) {
		const now = await health(on);
		if (stream(now, 'otlp/logs')?.ackedId > 0 && stream(now, 'otlp/traces')?.ackedId > 0) break;
		await sleep(10);
	}
	const draining = await runLoad(on.port, on.secret, clients, events, 'p99-on');
	const left = stream(await health(on), 'otlp/logs');
	await stop(on);
	rounds.push(['off', await offDaemon('p99-off-2')]);
	const off = rounds.map(([, result]) => result);
	const offP99 = median(off.map(result => result.p99));
	console.log(`\np99: ${clients} clients x ${events} hooks on the ${rows.toLocaleString('en')}-event database, while its backlog drains to the receiver`);
	console.log(`  export off (before, after)  p50 ${off.map(r => ms(r.p50)).join(', ')}  p99 ${off.map(r => ms(r.p99)).join(', ')}`);
	console.log(
		`  export on, draining         p50 ${ms(draining.p50)}  p99 ${ms(draining.p99)}  (${left.pending.toLocaleString('en')} events still waiting at the end: it drained throughout)`,
	);
	console.log(
		`  ratio p99 draining / off: ${(draining.p99 / offP99).toFixed(2)}; p50 ${(draining.p50 / median(off.map(r => r.p50))).toFixed(2)}  (target: ~1)`,
	);
}

// --- Footprint: what the export (its thread and the SDK) adds to the daemon, interleaved runs.
if (parts.has('footprint')) {
	const runs = quick ? 3 : 7;
	const figures = {off: {start: [], rss: []}, on: {start: [], rss: [], ready: []}};
	for (let run = 0; run < runs; run++) {
		for (const mode of ['off', 'on']) {
			const d = await daemon(`footprint-${mode}-${run}`, emptyDb(`footprint-${mode}-${run}`), mode === 'on');
			await sleep(1500);
			figures[mode].start.push(d.firstAccepted);
			figures[mode].rss.push(rss(d.child.pid));
			if (mode === 'on') figures.on.ready.push(d.exportReady);
			await stop(d);
		}
	}
	const m = values => median(values);
	console.log(`\nfootprint: ${runs} starts each, interleaved, on an empty database`);
	console.log(
		`  start to first accepted request  off ${ms(m(figures.off.start))}  on ${ms(m(figures.on.start))}  (+${ms(m(figures.on.start) - m(figures.off.start))})`,
	);
	console.log(`  start to the export thread's first status (the SDK loaded)  ${ms(m(figures.on.ready))}`);
	console.log(
		`  resident memory idle, 1.5 s after start  off ${m(figures.off.rss).toFixed(1)} MB  on ${m(figures.on.rss).toFixed(1)} MB  (+${(m(figures.on.rss) - m(figures.off.rss)).toFixed(1)} MB); ratio ${(m(figures.on.rss) / m(figures.off.rss)).toFixed(2)}`,
	);
}

receiver.kill();
