// Recorder benchmarks (issue 2): per-event latency against the Node start-up floor and the research
// document's Python recorder; 64 concurrent recorders; a lock storm. Ratios are what count: the
// machine is shared and absolute times drift.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {createRequire} from 'node:module';
import {cli, machine, median, ms, peer, percentile, python, root, timeAsync, timeOnce, workDir} from './lib/measure.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const quick = process.env.BENCH_QUICK === '1';
// BENCH_PARTS=latency,concurrency,lock runs only those parts (all by default).
const parts = new Set((process.env.BENCH_PARTS ?? 'latency,concurrency,lock').split(','));
const fixture = readFileSync(join(root, 'test', 'fixtures', 'claude-code-sessions.jsonl'), 'utf8')
	.split('\n')
	.filter(Boolean);
const seed = peer('seed_recorder.py');
const dir = workDir('recorder');
const db = join(dir, 'eyelet.db');
const seedDb = join(dir, 'seed.db');
const env = {...process.env, EYELET_DB: db, XDG_CONFIG_HOME: join(dir, 'config')};
const record = input => timeOnce(process.execPath, [cli, 'record'], {input, env});
const payloadFor = n => {
	const base = JSON.parse(fixture[n % fixture.length]);
	return JSON.stringify({...base, session_id: `bench-${n % 16}-${base.session_id}`});
};

console.log(`machine: ${machine()}`);

// --- Per-event latency on a warm database, interleaved so drift hits every command alike.
if (parts.has('latency')) {
	const payload = fixture.find(line => line.includes('"PostToolUse"') && line.includes('"Bash"'));
	for (let i = 0; i < 3; i++) record(payload);
	if (seed) timeOnce(python, [seed, seedDb], {input: payload});
	const rounds = quick ? 15 : 40;
	const floor = [];
	const ours = [];
	const theirs = [];
	for (let i = 0; i < rounds; i++) {
		floor.push(timeOnce(process.execPath, ['-e', '0']).elapsed);
		const run = record(payload);
		if (run.status !== 0 || run.stdout !== 0) throw new Error(`record failed: ${run.stderr}`);
		ours.push(run.elapsed);
		if (seed) theirs.push(timeOnce(python, [seed, seedDb], {input: payload}).elapsed);
	}
	console.log(`\nper-event latency, warm database, ${rounds} interleaved runs each`);
	console.log(`  node -e 0 (floor)   p50 ${ms(median(floor))}  p95 ${ms(percentile(floor, 95))}`);
	console.log(`  eyelet record       p50 ${ms(median(ours))}  p95 ${ms(percentile(ours, 95))}`);
	if (seed) console.log(`  seed_recorder.py    p50 ${ms(median(theirs))}  p95 ${ms(percentile(theirs, 95))}`);
	console.log(`  ratio eyelet / node floor  p50 ${(median(ours) / median(floor)).toFixed(2)}x  (target <= 1.25x)`);
	if (seed) console.log(`  ratio eyelet / seed        p50 ${(median(ours) / median(theirs)).toFixed(2)}x`);
}

// --- Concurrency: 64 recorder processes at once, each recording its share one event at a time.
async function storm(label, command, argsFor, dbPath, count, workers, perWorker) {
	const latencies = [];
	let failures = 0;
	let stdoutBytes = 0;
	const start = process.hrtime.bigint();
	await Promise.all(
		Array.from({length: workers}, async (_, w) => {
			for (let i = 0; i < perWorker; i++) {
				const run = await timeAsync(command, argsFor(), {input: payloadFor(w * perWorker + i), env});
				latencies.push(run.elapsed);
				if (run.status !== 0) failures++;
				stdoutBytes += run.stdout;
			}
		}),
	);
	const seconds = Number(process.hrtime.bigint() - start) / 1e9;
	const stored = count(dbPath);
	const expected = workers * perWorker;
	console.log(
		`  ${label.padEnd(16)} ${(expected / seconds).toFixed(1)} events/s  p50 ${ms(median(latencies))}  p99 ${ms(percentile(latencies, 99))}  stored ${stored}/${expected}  lost ${expected - stored}  non-zero exits ${failures}  stdout bytes ${stdoutBytes}`,
	);
	return {rate: expected / seconds, p99: percentile(latencies, 99), lost: expected - stored, failures, stdoutBytes};
}

const countRows = (path, table) => {
	const handle = new Database(path, {readonly: true});
	try {
		return handle.prepare(`SELECT count(*) AS n FROM ${table}`).get().n;
	} finally {
		handle.close();
	}
};

if (parts.has('concurrency')) {
	const workers = 64;
	const perWorker = quick ? 5 : 50;
	const stormDb = join(dir, 'storm.db');
	const stormSeedDb = join(dir, 'storm-seed.db');
	console.log(`\nconcurrency: ${workers} recorders at once, ${perWorker} events each, one database`);
	const ours = await storm(
		'eyelet record',
		process.execPath,
		() => [cli, 'record', '--db', stormDb],
		stormDb,
		path => {
			// Events may still wait in the spool (every payload ends up in the database or the spool): drain, then count.
			timeOnce(process.execPath, [cli, 'drain', '--db', path], {env});
			return countRows(path, 'events');
		},
		workers,
		perWorker,
	);
	let theirs = null;
	if (seed)
		theirs = await storm(
			'seed_recorder.py',
			python,
			() => [seed, stormSeedDb],
			stormSeedDb,
			path => countRows(path, 'hook_logs'),
			workers,
			perWorker,
		);
	if (theirs) console.log(`  ratio eyelet / seed: events/s ${(ours.rate / theirs.rate).toFixed(2)}x, p99 ${(ours.p99 / theirs.p99).toFixed(2)}x`);
	const ok = ours.lost === 0 && ours.failures === 0 && ours.stdoutBytes === 0;
	console.log(`  required: 0 lost, 0 non-zero exits, 0 bytes on stdout: ${ok ? 'met' : 'NOT MET'}`);
	if (!ok) process.exitCode = 1;
}

// --- Lock storm: a writer holds the lock for 3 s while 32 recorders fire.
if (parts.has('lock')) {
	const lockDb = join(dir, 'lock.db');
	timeOnce(process.execPath, [cli, 'record', '--db', lockDb], {input: payloadFor(0), env});
	const holder = `
		const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
		const db = new Database(${JSON.stringify(lockDb)});
		db.exec('BEGIN IMMEDIATE');
		db.prepare("INSERT INTO meta (key, value) VALUES ('lock-holder', 'x') ON CONFLICT DO NOTHING").run();
		process.stdout.write('locked\\n');
		setTimeout(() => { db.exec('COMMIT'); db.close(); }, 3000);`;
	const {spawn} = await import('node:child_process');
	const holding = spawn(process.execPath, ['-e', holder], {stdio: ['ignore', 'pipe', 'inherit']});
	const released = new Promise(resolve => holding.on('close', resolve));
	await new Promise(resolve => holding.stdout.once('data', resolve));
	const runs = await Promise.all(
		Array.from({length: 32}, (_, n) => timeAsync(process.execPath, [cli, 'record', '--db', lockDb], {input: payloadFor(n + 1), env})),
	);
	await released;
	const direct = countRows(lockDb, 'events') - 1;
	const drain = timeOnce(process.execPath, [cli, 'drain', '--db', lockDb], {env});
	const total = countRows(lockDb, 'events') - 1;
	console.log(`\nlock storm: a writer holds the write lock for 3 s while 32 recorders fire`);
	console.log(`  written directly ${direct}, through the spool and the next drain ${total - direct}, in the database ${total}/32`);
	console.log(
		`  recorder wall time: p50 ${ms(median(runs.map(r => r.elapsed)))}, max ${ms(Math.max(...runs.map(r => r.elapsed)))}; non-zero exits ${runs.filter(r => r.status !== 0).length}; drain exit ${drain.status}`,
	);
	if (total !== 32) {
		console.log('  NOT MET: events missing');
		process.exitCode = 1;
	}
}
