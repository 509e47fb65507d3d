// eyelet serve (issue: zero-spawn recording). Every figure is a ratio to a peer measured in the same
// run: the machine is shared and absolute times drift.
//   latency     one client, send to 2xx with the row committed, against `eyelet record` and seed_recorder.py
//   throughput  64 keep-alive clients x 300 events, against a Node server that stores nothing, and the
//               command recorder under the same 64-way load
//   faults      kill -9 under load (every acknowledged event stored, integrity ok); a write lock held 3 s
//   footprint   start to first accepted request; resident memory idle and under load
//   realclient  a real Claude Code client (../shared/realclient) with eyelet installed as the README says,
//               interleaved with the no-op http floor: the client's own hook_execution_complete durations
// BENCH_PARTS=latency,throughput,... runs only those; BENCH_QUICK=1 shrinks the loads.
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {homedir} from 'node:os';
import {join, resolve} from 'node:path';
import {postHook, startDaemon} from './lib/daemon.mjs';
import {cli, machine, median, ms, peer, percentile, python, root, sleep, timeOnce, workDir} from './lib/measure.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const quick = process.env.BENCH_QUICK === '1';
const parts = new Set((process.env.BENCH_PARTS ?? 'latency,throughput,faults,footprint,realclient').split(','));
const fixtureFile = join(root, 'test', 'fixtures', 'claude-code-sessions.jsonl');
const fixture = readFileSync(fixtureFile, 'utf8').split('\n').filter(Boolean);
const dir = workDir('serve');
const seed = peer('seed_recorder.py');
const load = join(root, 'bench', 'lib', 'http-load.mjs');

console.log(`machine: ${machine()}`);

/** A daemon on its own database: started as eyelet starts it (bench/lib/daemon.mjs), stopped with SIGTERM. */
async function daemon(name, extraEnv = {}) {
	const home = join(dir, name);
	const db = join(home, 'events.db');
	mkdirSync(home, {recursive: true});
	const env = {...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), EYELET_DB: db, ...extraEnv};
	return {home, env, ...(await startDaemon(db, env))};
}

const post = postHook;

const rss = pid => {
	try {
		return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
	} catch {
		return 0;
	}
};

const count = (db, where = '1') => {
	const handle = new Database(db, {readonly: true});
	try {
		return handle.prepare(`SELECT count(*) AS n FROM events WHERE ${where}`).get().n;
	} finally {
		handle.close();
	}
};

function runLoad(port, secret, clients, events, prefix, extraEnv = {}) {
	return new Promise(done => {
		const child = spawn(process.execPath, [load, String(port), secret, String(clients), String(events), fixtureFile, prefix], {
			env: {...process.env, ...extraEnv},
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', chunk => (out += chunk));
		child.on('close', () => done(JSON.parse(out)));
	});
}

// --- Per event: one client, one request at a time, interleaved with the process-per-event recorders.
if (parts.has('latency')) {
	const d = await daemon('latency');
	const recordDb = join(dir, 'latency-record.db');
	const seedDb = join(dir, 'latency-seed.db');
	const payload = fixture.find(line => line.includes('"PostToolUse"') && line.includes('"Bash"'));
	for (let i = 0; i < 50; i++) await post(d.port, payload, d.auth);
	timeOnce(process.execPath, [cli, 'record', '--db', recordDb], {input: payload});
	const rounds = quick ? 10 : 30;
	const served = [];
	const recorded = [];
	const seeded = [];
	for (let round = 0; round < rounds; round++) {
		for (let i = 0; i < 20; i++) {
			const started = performance.now();
			await post(d.port, payload, d.auth);
			served.push(performance.now() - started);
		}
		recorded.push(timeOnce(process.execPath, [cli, 'record', '--db', recordDb], {input: payload}).elapsed);
		if (seed) seeded.push(timeOnce(python, [seed, seedDb], {input: payload}).elapsed);
	}
	console.log(`\nper event, send to 2xx with the row committed (${served.length} POSTs; ${rounds} runs of each recorder, interleaved)`);
	console.log(`  eyelet serve        p50 ${ms(median(served))}  p95 ${ms(percentile(served, 95))}  (target: median <= 2 ms)`);
	console.log(`  eyelet record       p50 ${ms(median(recorded))}`);
	if (seed) console.log(`  seed_recorder.py    p50 ${ms(median(seeded))}`);
	console.log(`  ratio serve / record  ${(median(served) / median(recorded)).toFixed(3)}  (target <= 0.05)`);
	if (seed) console.log(`  ratio serve / seed    ${(median(served) / median(seeded)).toFixed(3)}  (target <= 0.10)`);
	d.child.kill('SIGTERM');
	await d.exited;
}

// --- Throughput: 64 clients x 300 events, the generator in a process of its own.
if (parts.has('throughput')) {
	const clients = 64;
	const events = quick ? 60 : 300;
	const noop = spawn(process.execPath, [join(root, 'bench', 'lib', 'noop-server.mjs')], {stdio: ['ignore', 'pipe', 'inherit']});
	const noopPort = await new Promise(done => noop.stdout.once('data', chunk => done(Number(String(chunk).trim()))));
	const d = await daemon('throughput');
	const base = count(d.db);
	const memory = [];
	const sampler = setInterval(() => memory.push(rss(d.child.pid)), 100);
	const idle = rss(d.child.pid);
	const floor1 = await runLoad(noopPort, 'x', clients, events, 'noop');
	const ours = await runLoad(d.port, d.secret, clients, events, 'load');
	const floor2 = await runLoad(noopPort, 'x', clients, events, 'noop');
	clearInterval(sampler);
	const floorRate = (floor1.rate + floor2.rate) / 2;
	const stored = count(d.db) - base;
	console.log(`\nthroughput: ${clients} keep-alive clients x ${events} events, the generator in its own process`);
	console.log(`  no-op Node server   ${floorRate.toFixed(0)} requests/s (two runs, around ours)  p99 ${ms(Math.max(floor1.p99, floor2.p99))}`);
	console.log(
		`  eyelet serve        ${ours.rate.toFixed(0)} events/s  p50 ${ms(ours.p50)}  p99 ${ms(ours.p99)}  acknowledged ${ours.acknowledged}/${ours.sent}  stored ${stored}  lost ${ours.acknowledged - stored}`,
	);
	console.log(`  ratio to the no-op server: ${(ours.rate / floorRate).toFixed(2)}  (target: >= 5,000 events/s, p99 <= 50 ms)`);
	console.log(`  resident memory: idle ${idle.toFixed(0)} MB, under load max ${Math.max(...memory).toFixed(0)} MB  (targets 60 / 120 MB)`);
	if (ours.acknowledged !== stored) process.exitCode = 1;
	// The command recorder under the same 64-way load, for scale (a few events each: it is ~1,000x slower).
	const perRecorder = quick ? 2 : 4;
	const recordDb = join(dir, 'throughput-record.db');
	const started = performance.now();
	await Promise.all(
		Array.from({length: clients}, async (_, c) => {
			for (let i = 0; i < perRecorder; i++) {
				const payload = JSON.parse(fixture[(c + i) % fixture.length]);
				payload.session_id = `record-${c}`;
				await new Promise(done => {
					const child = spawn(process.execPath, [cli, 'record', '--db', recordDb], {stdio: ['pipe', 'ignore', 'ignore']});
					child.on('close', done);
					child.stdin.end(JSON.stringify(payload));
				});
			}
		}),
	);
	const recordRate = (clients * perRecorder) / ((performance.now() - started) / 1000);
	spawnSync(process.execPath, [cli, 'drain', '--db', recordDb]);
	console.log(
		`  eyelet record       ${recordRate.toFixed(1)} events/s under the same 64-way load (${clients} x ${perRecorder}), stored ${count(recordDb)}/${clients * perRecorder}: serve is ${(ours.rate / recordRate).toFixed(0)}x`,
	);
	d.child.kill('SIGTERM');
	await d.exited;
	noop.kill();
}

// --- Faults: kill -9 under load; a write lock held for 3 s.
if (parts.has('faults')) {
	const d = await daemon('faults');
	const idsFile = join(dir, 'ids.json');
	const loading = runLoad(d.port, d.secret, 32, quick ? 100 : 400, 'kill', {LOAD_IDS: '1'});
	await sleep(quick ? 400 : 1500);
	d.child.kill('SIGKILL');
	const result = await loading;
	writeFileSync(idsFile, JSON.stringify(result.ids));
	const handle = new Database(d.db);
	const integrity = handle.pragma('integrity_check', {simple: true});
	const stored = new Set(handle.prepare("SELECT payload ->> '$.eyelet_bench_id' AS id FROM events WHERE id > 1").pluck().all());
	handle.close();
	const missing = result.ids.filter(id => !stored.has(id));
	console.log(`\nfaults: kill -9 during a 32-client load`);
	console.log(`  acknowledged ${result.acknowledged}, of them missing from the database: ${missing.length}; integrity_check: ${integrity}  (target: 0, ok)`);
	if (missing.length || integrity !== 'ok') process.exitCode = 1;

	const l = await daemon('lock');
	const locker = spawn(
		process.execPath,
		[
			'-e',
			`const D = require(${JSON.stringify(require.resolve('better-sqlite3'))}); const db = new D(${JSON.stringify(l.db)}); db.exec('BEGIN IMMEDIATE'); process.stdout.write('locked'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, 3000);`,
		],
		{stdio: ['ignore', 'pipe', 'inherit']},
	);
	// Listened for from the start: the load outlasts the 3 s lock, so the locker has closed before it ends.
	const unlocked = new Promise(done => locker.on('close', done));
	await new Promise(done => locker.stdout.once('data', done));
	const locked = await runLoad(l.port, l.secret, 16, quick ? 20 : 50, 'lock');
	await unlocked;
	await sleep(2500);
	const storedLocked = count(l.db, "session_id LIKE 'lock-%'");
	console.log(
		`  a write lock held 3 s during a 16-client load: acknowledged ${locked.acknowledged}/${locked.sent}, p50 ${ms(locked.p50)} p99 ${ms(locked.p99)}; stored (after the spool drained) ${storedLocked}  (target: all, latency only)`,
	);
	if (storedLocked !== locked.acknowledged) process.exitCode = 1;
	l.child.kill('SIGTERM');
	await l.exited;
}

// --- Footprint: start to first accepted request, memory at rest.
if (parts.has('footprint')) {
	const starts = [];
	const idle = [];
	for (let i = 0; i < (quick ? 3 : 7); i++) {
		const d = await daemon(`footprint-${i}`);
		starts.push(d.firstAccepted);
		await sleep(300);
		idle.push(rss(d.child.pid));
		d.child.kill('SIGTERM');
		await d.exited;
	}
	const floor = [];
	for (let i = 0; i < 7; i++) floor.push(timeOnce(process.execPath, ['-e', '0']).elapsed);
	console.log(`\nfootprint (${starts.length} starts)`);
	console.log(
		`  start to first accepted request  p50 ${ms(median(starts))}  max ${ms(Math.max(...starts))}  (node -e 0: ${ms(median(floor))}; target <= 300 ms)`,
	);
	console.log(`  resident memory at rest          p50 ${median(idle).toFixed(0)} MB  (target <= 60 MB)`);
}

// --- The real client: eyelet installed as the README says, against the no-op http floor.
if (parts.has('realclient')) await realClient();

async function realClient() {
	const harness = resolve(root, '..', 'shared', 'realclient', 'run.sh');
	const client = process.env.RC_CC ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'realclient-cc');
	if (!existsSync(harness) || !existsSync(join(client, 'node_modules', '.bin', 'claude'))) {
		console.log(
			`\nrealclient: skipped: ${existsSync(harness) ? `no Claude Code client in ${client} (run.sh installs it on first use)` : `${harness} is not beside this clone`}`,
		);
		return;
	}
	const rounds = quick ? 1 : 3;
	const noop = spawn(process.execPath, [join(root, 'bench', 'lib', 'noop-server.mjs')], {stdio: ['ignore', 'pipe', 'inherit']});
	const noopPort = await new Promise(done => noop.stdout.once('data', chunk => done(Number(String(chunk).trim()))));
	const durations = {floor: [], eyelet: []};
	let missing = 0;
	for (let round = 0; round < rounds; round++) {
		for (const variant of ['floor', 'eyelet']) {
			const home = join(dir, `rc-${variant}-${round}`);
			const project = join(home, 'webapp');
			mkdirSync(join(home, '.claude'), {recursive: true});
			const env = {...process.env, HOME: home, XDG_DATA_HOME: join(home, '.local', 'share'), XDG_CONFIG_HOME: join(home, '.config')};
			delete env.EYELET_DB;
			if (variant === 'eyelet') {
				const installed = spawnSync(process.execPath, [cli, 'install'], {env, encoding: 'utf8'});
				if (installed.status !== 0) throw new Error(installed.stderr);
			} else {
				// The same events eyelet posts, to a server that stores nothing: the floor of any http design.
				const {recordedEvents} = require(join(root, 'dist', 'events', 'hook-events.js'));
				const hook = {type: 'http', url: `http://127.0.0.1:${noopPort}/hook`, timeout: 10};
				const hooks = Object.fromEntries(
					recordedEvents.filter(event => !event.commandOnly).map(event => [event.name, [event.toolMatcher ? {matcher: '*', hooks: [hook]} : {hooks: [hook]}]]),
				);
				writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify({hooks}));
			}
			const out = join(home, 'out');
			const capture = join(home, 'otlp.jsonl');
			const sink = spawn(process.execPath, [resolve(root, '..', 'shared', 'realclient', 'otlp-capture.mjs')], {
				env: {...process.env, OTLP_OUT: capture, OTLP_PORT: '14399'},
				stdio: 'ignore',
			});
			await sleep(300);
			const run = spawnSync(harness, [out], {
				env: {
					...env,
					HOME: homedir(),
					RC_HOME: home,
					RC_PROJ: project,
					MOCK_PORT: '18099',
					CLAUDE_CODE_ENABLE_TELEMETRY: '1',
					OTEL_LOGS_EXPORTER: 'otlp',
					OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
					OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:14399',
					OTEL_LOGS_EXPORT_INTERVAL: '500',
				},
				encoding: 'utf8',
				timeout: 600_000,
			});
			await sleep(1200);
			sink.kill();
			if (run.status !== 0) console.log(`  ${variant} round ${round}: ${run.stdout.trim()} ${run.stderr.trim()}`);
			durations[variant].push(...hookDurations(capture));
			if (variant === 'eyelet') {
				const truth = readFileSync(join(out, 'groundtruth.jsonl'), 'utf8').split('\n').filter(Boolean).length;
				const db = join(home, '.local', 'share', 'eyelet', 'events.db');
				const stored = count(db);
				missing += truth - stored;
				spawnSync(process.execPath, [cli, 'serve', '--status'], {env});
				const state = JSON.parse(readFileSync(`${db}.serve.pid`, 'utf8'));
				process.kill(state.pid, 'SIGTERM');
			}
		}
	}
	noop.kill();
	const floor = median(durations.floor);
	const eyelet = median(durations.eyelet);
	console.log(`\nrealclient: Claude Code 2.1.332, three concurrent scripted sessions, ${rounds} interleaved runs of each`);
	console.log(`  hook executions as the client measures them (hook_execution_complete.total_duration_ms, all of an event's hooks):`);
	console.log(
		`  capture + http hooks to a no-op server   median ${ms(floor)}  p90 ${ms(percentile(durations.floor, 90))}  (${durations.floor.length} executions)`,
	);
	console.log(
		`  capture + eyelet as the README installs  median ${ms(eyelet)}  p90 ${ms(percentile(durations.eyelet, 90))}  (${durations.eyelet.length} executions)`,
	);
	console.log(`  eyelet adds ${ms(eyelet - floor)} to the median hook execution  (target: within 3 ms); events not recorded: ${missing}`);
}

/** Every hook_execution_complete duration in an OTLP/JSON capture. */
function hookDurations(capture) {
	const found = [];
	if (!existsSync(capture)) return found;
	for (const line of readFileSync(capture, 'utf8').split('\n').filter(Boolean)) {
		const request = JSON.parse(line);
		if (request.path !== '/v1/logs') continue;
		for (const resource of request.body?.resourceLogs ?? [])
			for (const scope of resource.scopeLogs ?? [])
				for (const record of scope.logRecords ?? []) {
					const attributes = Object.fromEntries((record.attributes ?? []).map(a => [a.key, Object.values(a.value)[0]]));
					if (attributes['event.name'] === 'hook_execution_complete') found.push(Number(attributes.total_duration_ms));
				}
	}
	return found;
}
