// `eyelet import` throughput against ../shared/bench/py_bulk_baseline.py on the same 200,000-payload
// file, in the same run, redaction on. Prints rows/s of each and their ratio (median of the runs).
// The file is generated from the fixture shapes with varied session and tool-use ids.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {cpus, loadavg} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'bench', '.work');
const count = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const payloads = join(work, `payloads-${count}.jsonl`);
const peer = [join(root, '..', 'shared', 'bench', 'py_bulk_baseline.py'), join(root, '..', '..', 'shared', 'bench', 'py_bulk_baseline.py')].find(existsSync);
const cli = join(root, 'dist', 'cli.cjs');

function generate() {
	const shapes = ['claude-code-sessions.jsonl', 'documented-events.jsonl'].flatMap(name =>
		readFileSync(join(root, 'test', 'fixtures', name), 'utf8').split('\n').filter(line => line.trim()).map(line => JSON.parse(line)),
	);
	const lines = [];
	for (let i = 0; i < count; i++) {
		const payload = structuredClone(shapes[i % shapes.length]);
		// 400 events a session, like a long working session; every tool call its own id.
		if (payload.session_id) payload.session_id = `${Math.floor(i / 400).toString(16).padStart(8, '0')}-0000-4000-8000-${(i % 97).toString(16).padStart(12, '0')}`;
		if (payload.tool_use_id) payload.tool_use_id = `toolu_${i.toString(36).padStart(8, '0')}`;
		lines.push(JSON.stringify(payload));
	}
	writeFileSync(payloads, `${lines.join('\n')}\n`);
}

const fresh = path => ['', '-wal', '-shm'].forEach(suffix => rmSync(path + suffix, {force: true}));

function eyeletRate() {
	const db = join(work, 'import.db');
	fresh(db);
	const dir = join(work, 'home');
	const env = {...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data'), EYELET_DB: db, EYELET_REDACT: '1'};
	const started = process.hrtime.bigint();
	const result = spawnSync(process.execPath, [cli, 'import', '--json', payloads], {env, encoding: 'utf8', maxBuffer: 64 << 20});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (result.status !== 0) throw new Error(`eyelet import failed: ${result.stderr}`);
	const summary = JSON.parse(result.stdout);
	if (summary.imported !== count) throw new Error(`eyelet imported ${summary.imported} of ${count}`);
	fresh(db);
	return count / seconds;
}

function peerRate() {
	const db = join(work, 'baseline.db');
	const result = spawnSync('python3', [peer, payloads, db], {encoding: 'utf8'});
	fresh(db);
	if (result.status !== 0) throw new Error(`py_bulk_baseline.py failed: ${result.stderr}`);
	const match = /: (\d+) rows\/s/.exec(result.stdout);
	if (!match) throw new Error(`unexpected baseline output: ${result.stdout}`);
	return Number(match[1]);
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

mkdirSync(work, {recursive: true});
if (!existsSync(payloads)) generate();
if (!existsSync(cli)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
console.log(`import: ${count.toLocaleString('en-US')} payloads (${(statSync(payloads).size / 1e6).toFixed(0)} MB), ${runs} runs, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}, redaction on`);
const eyelet = [];
const python = [];
for (let run = 0; run < runs; run++) {
	eyelet.push(eyeletRate());
	if (peer) python.push(peerRate());
}
const ours = median(eyelet);
console.log(`  eyelet import        ${Math.round(ours).toLocaleString('en-US')} rows/s (runs: ${eyelet.map(Math.round).join(', ')})`);
if (!peer) {
	console.log('  py_bulk_baseline.py  SKIPPED: ../shared/bench/py_bulk_baseline.py not found, so no ratio is reported');
} else {
	const theirs = median(python);
	console.log(`  py_bulk_baseline.py  ${Math.round(theirs).toLocaleString('en-US')} rows/s (runs: ${python.map(Math.round).join(', ')})`);
	console.log(`  ratio                ${(ours / theirs).toFixed(2)}x (target >= 1.0x)`);
}
