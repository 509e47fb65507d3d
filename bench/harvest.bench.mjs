// Transcript harvest: what it adds to a Stop hook when nothing is new, and how fast it reads new content.
//   node bench/harvest.bench.mjs [--runs N]
// Targets (issue 7): ≤ 5 ms added to the median Stop record; ≥ 50 MB/s reading new transcript content.
// Exits non-zero only when a run is broken (a record fails, rows are missing or duplicated), not when slow.
import {spawnSync} from 'node:child_process';
import {mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {availableParallelism, loadavg} from 'node:os';
import {join} from 'node:path';
import {cli, root} from './lib/measure.mjs';

const require = createRequire(import.meta.url);
const {harvestTranscript} = require(join(root, 'dist/recorder/harvest.js'));
const {openWriter} = require(join(root, 'dist/store/db.js'));
const {migrate} = require(join(root, 'dist/store/migrate.js'));
const {createRedactor} = require(join(root, 'dist/events/redact.js'));

const runsFlag = process.argv.indexOf('--runs');
const recordRuns = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 41;
const work = join(root, 'bench', '.work', 'harvest');
const targetBytes = 10 * 1024 * 1024;

const median = values => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const fail = message => {
	console.error(`harvest bench: BROKEN: ${message}`);
	process.exit(1);
};

const fixtureLines = () =>
	['b12bee6b-22f0-4b85-95c4-eaf14c2573b5', 'c50c2b0a-5b69-4fac-8cac-8af549d8a673'].flatMap(name =>
		readFileSync(join(root, 'test', 'fixtures', 'transcripts', `${name}.jsonl`), 'utf8')
			.split('\n')
			.filter(Boolean)
			.map(line => JSON.parse(line)),
	);
const isFailure = line => line.attachment?.type?.startsWith('hook_') || line.permissionDecision?.source === 'hook';

/**
 * A 10 MB transcript of the fixture lines (both sessions) repeated, each copy with its own uuids.
 * sparse: the copies leave out the failure lines, and the eight real ones come once at the end,
 * closer to a real transcript than the fixtures, which were trimmed to the lines around failures.
 */
function buildTranscript(path, {sparse}) {
	const fixtures = fixtureLines();
	const chunks = [];
	let bytes = 0;
	let failures = 0;
	const add = line => {
		const text = `${JSON.stringify(line)}\n`;
		chunks.push(text);
		bytes += Buffer.byteLength(text);
		if (isFailure(line)) failures++;
	};
	for (let copy = 0; bytes < targetBytes; copy++) {
		for (const line of fixtures) if (!(sparse && isFailure(line))) add({...line, uuid: `${copy.toString(16).padStart(8, '0')}-${line.uuid.slice(9)}`});
	}
	if (sparse) fixtures.filter(isFailure).forEach(add);
	writeFileSync(path, chunks.join(''));
	return {bytes, failures};
}

const options = () => ({
	normalize: {redactor: createRedactor(), maxPayloadBytes: 1024 * 1024},
	row: {project: null, hostname: 'bench', gitBranch: null, gitCommit: null, custom: null},
	maxBytes: Number.POSITIVE_INFINITY,
	deadline: Number.POSITIVE_INFINITY,
});

function freshDb(path) {
	for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, {force: true});
	const db = openWriter(path);
	migrate(db);
	return db;
}

/** Reading speed: the harvest function over the whole transcript into an empty database, against parsing every line. */
function throughput(transcript, expected) {
	const harvestMs = [];
	const harvestCpuMs = [];
	for (let run = 0; run < 5; run++) {
		const db = freshDb(join(work, 'throughput.db'));
		const started = process.hrtime.bigint();
		const cpu = process.cpuUsage();
		const result = harvestTranscript(db, transcript, options());
		harvestMs.push(Number(process.hrtime.bigint() - started) / 1e6);
		const used = process.cpuUsage(cpu);
		harvestCpuMs.push((used.user + used.system) / 1000);
		const rows = db.value("SELECT count(*) FROM events WHERE event = 'HookFailure'");
		db.close();
		if (result.found !== expected.failures || rows !== expected.failures) fail(`expected ${expected.failures} failures, found ${result.found}, stored ${rows}`);
	}
	// The peer: read the file and JSON.parse every line, the obvious way to find the failures.
	const parseMs = [];
	for (let run = 0; run < 5; run++) {
		const started = process.hrtime.bigint();
		let lines = 0;
		for (const line of readFileSync(transcript, 'utf8').split('\n')) if (line) lines += JSON.parse(line) ? 1 : 0;
		parseMs.push(Number(process.hrtime.bigint() - started) / 1e6);
		if (lines === 0) fail('peer parsed nothing');
	}
	return {harvestMs: median(harvestMs), harvestCpuMs: median(harvestCpuMs), parseMs: median(parseMs)};
}

function record(db, payload) {
	const started = process.hrtime.bigint();
	const result = spawnSync(process.execPath, [cli, 'record', '--db', db], {
		input: Buffer.from(JSON.stringify(payload)),
		env: {...process.env, EYELET_CONFIG: join(work, 'none.json')},
	});
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.status !== 0 || result.stdout.length > 0) fail(`record exited ${result.status}: ${result.stderr}`);
	return ms;
}

/** The Stop hook end to end: a 10 MB transcript already harvested, against a transcript that does not exist. */
function stopOverhead(transcript, expected) {
	const dbPath = join(work, 'stop.db');
	const db = freshDb(dbPath);
	const first = harvestTranscript(db, transcript, options());
	db.close();
	if (first.added !== expected.failures) fail(`pre-harvest stored ${first.added} of ${expected.failures}`);
	const stop = transcript_path => ({session_id: 'bench-session', hook_event_name: 'Stop', cwd: work, transcript_path, last_assistant_message: 'done'});
	const harvested = stop(transcript);
	const missing = stop(join(work, 'missing.jsonl'));
	record(dbPath, harvested); // warm the page cache and the database
	record(dbPath, missing);
	const withHarvest = [];
	const without = [];
	for (let run = 0; run < recordRuns; run++) {
		// Interleaved, alternating which goes first, so drift in machine load hits both alike.
		if (run % 2) {
			withHarvest.push(record(dbPath, harvested));
			without.push(record(dbPath, missing));
		} else {
			without.push(record(dbPath, missing));
			withHarvest.push(record(dbPath, harvested));
		}
	}
	const check = openWriter(dbPath);
	const rows = check.value("SELECT count(*) FROM events WHERE event = 'HookFailure'");
	const position = check.value('SELECT position FROM transcripts WHERE path = ?', [transcript]);
	// The in-process cost of the check itself: stat, a 256-byte read, one indexed SELECT.
	const checkUs = [];
	for (let run = 0; run < 200; run++) {
		const started = process.hrtime.bigint();
		const result = harvestTranscript(check, transcript, options());
		checkUs.push(Number(process.hrtime.bigint() - started) / 1e3);
		if (result.outcome !== 'unchanged') fail(`a fully harvested transcript read as ${result.outcome}`);
	}
	check.close();
	if (rows !== expected.failures) fail(`Stop records changed the failures: ${rows}, expected ${expected.failures}`);
	if (position !== statSync(transcript).size) fail('the transcript was not fully harvested');
	const pairedMs = withHarvest.map((ms, run) => ms - without[run]);
	return {withMs: median(withHarvest), withoutMs: median(without), pairedMs: median(pairedMs), checkUs: median(checkUs)};
}

mkdirSync(work, {recursive: true});
console.log(
	`harvest: machine load average ${loadavg()
		.map(load => load.toFixed(1))
		.join(' ')} on ${availableParallelism()} cores`,
);
const transcript = join(work, 'transcript-10mb.jsonl');
let expected;
for (const sparse of [false, true]) {
	const path = sparse ? join(work, 'transcript-10mb-sparse.jsonl') : transcript;
	const built = buildTranscript(path, {sparse});
	if (!sparse) expected = built;
	const mb = built.bytes / (1024 * 1024);
	const speed = throughput(path, built);
	const rate = ms => mb / (ms / 1000);
	const kind = sparse ? 'failure lines only once' : 'fixture lines repeated';
	console.log(`harvest: reading new content, ${mb.toFixed(1)} MB transcript (${kind}, ${built.failures} hook failures), median of 5`);
	const target = sparse ? '' : ` (target ≥ 50 MB/s: ${rate(speed.harvestMs) >= 50 ? 'met' : 'NOT met'})`;
	console.log(
		`  harvestTranscript           ${speed.harvestMs.toFixed(0)} ms = ${rate(speed.harvestMs).toFixed(0)} MB/s${target}; CPU time ${speed.harvestCpuMs.toFixed(0)} ms`,
	);
	console.log(
		`  peer: JSON.parse each line  ${speed.parseMs.toFixed(0)} ms = ${rate(speed.parseMs).toFixed(0)} MB/s; harvest reads at ${(speed.parseMs / speed.harvestMs).toFixed(2)}× the peer's speed`,
	);
}

const stop = stopOverhead(transcript, expected);
const added = stop.withMs - stop.withoutMs;
console.log(`harvest: Stop record, ${recordRuns} interleaved pairs, medians`);
console.log(`  transcript missing          ${stop.withoutMs.toFixed(1)} ms`);
console.log(
	`  10 MB, nothing new          ${stop.withMs.toFixed(1)} ms (${(stop.withMs / stop.withoutMs).toFixed(3)}×; difference of medians ${added.toFixed(1)} ms)`,
);
console.log(`  median of paired differences ${stop.pairedMs.toFixed(1)} ms (target ≤ 5 ms: ${stop.pairedMs <= 5 ? 'met' : 'NOT met'})`);
console.log(`  the check itself, in-process ${stop.checkUs.toFixed(0)} µs median of 200`);
