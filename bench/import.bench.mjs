// `eyelet import` (issue 6): throughput against ../shared/bench/py_bulk_baseline.py on the same
// 200,000-payload file, in the same run, redaction on; then what a hook waits while an import runs.
// Rows/s of each and their ratio are the median of the runs, interleaved so drift hits both alike.
// The file is generated from the fixture shapes with varied session and tool-use ids.
import {spawn, spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {loadavg} from 'node:os';
import {join} from 'node:path';
import {cli, machine, median, ms, peer, percentile, python, root, timeOnce} from './lib/measure.mjs';

const Database = createRequire(import.meta.url)('better-sqlite3');
const work = join(root, 'bench', '.work');
const count = Number(process.env.BENCH_IMPORT_ROWS ?? (process.env.BENCH_QUICK === '1' ? 50_000 : 200_000));
const runs = Number(process.env.BENCH_RUNS ?? 3);
// v2: sessions of 400 events, four at a time (v1's ids made 48,500 sessions of about 4 events).
const payloads = join(work, `payloads-${count}-v2.jsonl`);
const baseline = peer('py_bulk_baseline.py');

/** A v4-UUID-shaped id from a session number: hex of a hash, so consecutive sessions are far apart. */
const sessionId = n => {
	const hex = createHash('sha256').update(`session-${n}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

function generate() {
	const shapes = ['claude-code-sessions.jsonl', 'documented-events.jsonl'].flatMap(name =>
		readFileSync(join(root, 'test', 'fixtures', name), 'utf8')
			.split('\n')
			.filter(line => line.trim())
			.map(line => JSON.parse(line)),
	);
	const lines = [];
	for (let i = 0; i < count; i++) {
		const payload = structuredClone(shapes[i % shapes.length]);
		// Four sessions at a time, interleaved as concurrent Claude Code sessions are, 400 events each,
		// with random-looking ids as real (v4 UUID) session ids are.
		if (payload.session_id) payload.session_id = sessionId(Math.floor(i / 1600) * 4 + (i % 4));
		if (payload.tool_use_id) payload.tool_use_id = `toolu_${i.toString(36).padStart(8, '0')}`;
		lines.push(JSON.stringify(payload));
	}
	writeFileSync(payloads, `${lines.join('\n')}\n`);
}

const fresh = path => ['', '-wal', '-shm'].forEach(suffix => rmSync(path + suffix, {force: true}));
const home = join(work, 'import-home');
const envFor = db => ({
	...process.env,
	HOME: home,
	XDG_CONFIG_HOME: join(home, 'config'),
	XDG_DATA_HOME: join(home, 'data'),
	EYELET_DB: db,
	EYELET_REDACT: '1',
});
const importDb = join(work, 'import.db');

function checkSummary(stdout) {
	const summary = JSON.parse(stdout);
	if (summary.imported !== count) throw new Error(`eyelet imported ${summary.imported} of ${count}`);
}

function eyeletRate() {
	fresh(importDb);
	const started = process.hrtime.bigint();
	const result = spawnSync(process.execPath, [cli, 'import', '--json', payloads], {env: envFor(importDb), encoding: 'utf8', maxBuffer: 64 << 20});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (result.status !== 0) throw new Error(`eyelet import failed: ${result.stderr}`);
	checkSummary(result.stdout);
	fresh(importDb);
	return count / seconds;
}

function peerRate() {
	const db = join(work, 'baseline.db');
	const result = spawnSync(python, [baseline, payloads, db], {encoding: 'utf8'});
	fresh(db);
	if (result.status !== 0) throw new Error(`py_bulk_baseline.py failed: ${result.stderr}`);
	const match = /: (\d+) rows\/s/.exec(result.stdout);
	if (!match) throw new Error(`unexpected baseline output: ${result.stdout}`);
	return Number(match[1]);
}

/**
 * What eyelet's schema costs by itself: the same rows, normalised and redacted beforehand (not timed),
 * written in one transaction by the library the import uses, search text included. No import can
 * beat this; it is how much of the gap to the baseline (a table with three indexes, no search, no
 * redaction, no dedupe) is the schema's and how much is the import's own.
 */
async function schemaFloor() {
	const require = createRequire(import.meta.url);
	const {createRedactor} = require(join(root, 'dist', 'events', 'redact.js'));
	const {openWriter} = require(join(root, 'dist', 'store', 'db.js'));
	const {migrate} = require(join(root, 'dist', 'store', 'migrate.js'));
	const {eventInsertColumns, recordParams} = require(join(root, 'dist', 'store', 'insert.js'));
	const {ImportNormalizer} = await import(join(root, 'dist', 'import', 'records.js'));
	const {defaults} = require(join(root, 'dist', 'settings', 'config.js'));
	const normalizer = new ImportNormalizer({redactor: createRedactor([]), maxPayloadBytes: defaults().maxPayloadBytes}, null);
	const rows = readFileSync(payloads, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map(line => normalizer.fromParsed(JSON.parse(line), Buffer.from(line), Date.now()));
	const insert = `INSERT INTO events (${eventInsertColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, jsonb(?), ?, jsonb(?))`;
	return () => {
		fresh(importDb);
		const db = openWriter(importDb);
		migrate(db);
		const started = process.hrtime.bigint();
		db.transaction(() => {
			const ids = rows.map(row => db.run(insert, recordParams(row)).lastInsertRowid);
			rows.forEach((row, i) => db.run('INSERT INTO events_text (rowid, body) VALUES (?, ?)', [ids[i], row.searchText]));
		});
		db.close();
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		fresh(importDb);
		return count / seconds;
	};
}

/**
 * Hooks keep firing while history is imported: one recorder after another runs during an import, then
 * the same number on the idle database. The figure is how much longer a hook waits, and whether any
 * event had to go through the spool (it would still be stored, later).
 */
async function recordersDuringImport() {
	fresh(importDb);
	const env = envFor(importDb);
	const fixture = readFileSync(join(root, 'test', 'fixtures', 'claude-code-sessions.jsonl'), 'utf8')
		.split('\n')
		.filter(Boolean);
	const payload = fixture.find(line => line.includes('"PostToolUse"') && line.includes('"Bash"'));
	const record = () => {
		const run = timeOnce(process.execPath, [cli, 'record'], {input: payload, env});
		if (run.status !== 0 || run.stdout !== 0) throw new Error(`record failed: ${run.stderr}`);
		return run.elapsed;
	};
	record(); // creates the database, so the import and the hooks share one from the start
	const importer = spawn(process.execPath, [cli, 'import', '--json', payloads], {env, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	importer.stdout.on('data', chunk => (stdout += chunk));
	const exited = new Promise(done => importer.on('close', done));
	let running = true;
	void exited.then(() => (running = false));
	const during = [];
	// Let the import get going (worker started, first batches in flight) before the first hook.
	await new Promise(done => setTimeout(done, 500));
	while (running) {
		during.push(record());
		await new Promise(done => setImmediate(done));
	}
	const status = await exited;
	if (status !== 0) throw new Error('eyelet import failed while recorders ran');
	checkSummary(stdout);
	const idle = during.map(() => record());
	const hookRows = () => {
		const db = new Database(importDb, {readonly: true});
		try {
			return db.prepare("SELECT count(*) FROM events WHERE origin = 'hook'").pluck().get();
		} finally {
			db.close();
		}
	};
	const stored = hookRows();
	spawnSync(process.execPath, [cli, 'drain'], {env});
	const drained = hookRows();
	fresh(importDb);
	return {during, idle, stored, drained, expected: 1 + during.length * 2};
}

mkdirSync(work, {recursive: true});
rmSync(home, {recursive: true, force: true});
if (!existsSync(payloads)) generate();
if (!existsSync(cli)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
console.log(`machine: ${machine()}`);
console.log(
	`import: ${count.toLocaleString('en-US')} payloads (${(statSync(payloads).size / 1e6).toFixed(0)} MB), ${runs} runs, load ${loadavg()[0].toFixed(1)}, redaction on`,
);
const floorRate = await schemaFloor();
const eyelet = [];
const python3 = [];
const floors = [];
for (let run = 0; run < runs; run++) {
	eyelet.push(eyeletRate());
	if (baseline) python3.push(peerRate());
	floors.push(floorRate());
}
const ours = median(eyelet);
console.log(`  eyelet import        ${Math.round(ours).toLocaleString('en-US')} rows/s (runs: ${eyelet.map(Math.round).join(', ')})`);
if (!baseline) {
	console.log('  py_bulk_baseline.py  SKIPPED: ../shared/bench/py_bulk_baseline.py not found, so no ratio is reported');
} else {
	const theirs = median(python3);
	console.log(`  py_bulk_baseline.py  ${Math.round(theirs).toLocaleString('en-US')} rows/s (runs: ${python3.map(Math.round).join(', ')})`);
	console.log(`  ratio                ${(ours / theirs).toFixed(2)}x (target >= 1.0x)`);
}

const floor = median(floors);
console.log(
	`  schema floor         ${Math.round(floor).toLocaleString('en-US')} rows/s (runs: ${floors.map(Math.round).join(', ')}): eyelet's tables written in one transaction from rows normalised beforehand`,
);
if (python3.length)
	console.log(
		`                       = ${(floor / median(python3)).toFixed(2)}x py_bulk_baseline; eyelet import reaches ${(ours / floor).toFixed(2)}x of this floor`,
	);

const hooks = await recordersDuringImport();
console.log(`\nhooks during an import: ${hooks.during.length} recorders one after another while it ran, then as many on the idle database`);
console.log(`  during import   p50 ${ms(median(hooks.during))}  p95 ${ms(percentile(hooks.during, 95))}  max ${ms(Math.max(...hooks.during))}`);
console.log(`  idle            p50 ${ms(median(hooks.idle))}  p95 ${ms(percentile(hooks.idle, 95))}  max ${ms(Math.max(...hooks.idle))}`);
console.log(
	`  ratio during / idle  p50 ${(median(hooks.during) / median(hooks.idle)).toFixed(2)}x  p95 ${(percentile(hooks.during, 95) / percentile(hooks.idle, 95)).toFixed(2)}x`,
);
console.log(`  ${hooks.stored}/${hooks.expected} hook events written directly, ${hooks.drained}/${hooks.expected} after \`eyelet drain\` emptied the spool`);
