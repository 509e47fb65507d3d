// Redaction (issue 13): what the rules cost per KB of the real fixture payloads, the ten rules of before
// against today's set in the same run; how many of those payloads lose text they should keep (false
// positives); how many made-up credentials each set lets through; the first redaction in a new process;
// and what PRAGMA secure_delete costs a hook and a prune, and what it leaves readable.
//   node bench/redact.bench.mjs            (BENCH_QUICK=1: fewer rounds and rows)
// Target: today's set costs <= 1.3x the old one per KB. Exits non-zero only when a run is broken.
import {spawnSync} from 'node:child_process';
import {copyFileSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {loadavg} from 'node:os';
import {join} from 'node:path';
import {machine, median, ms, root, workDir} from './lib/measure.mjs';

const require = createRequire(import.meta.url);
const today = require(join(root, 'dist/events/redact.js'));
const before = require('./lib/redact-before.cjs');
const {normalizeInput, eventRecord} = require(join(root, 'dist/events/normalize.js'));
const {openWriter} = require(join(root, 'dist/store/db.js'));
const {migrate} = require(join(root, 'dist/store/migrate.js'));
const {insertEvents} = require(join(root, 'dist/store/insert.js'));
const {pruneOlderThan} = require(join(root, 'dist/store/retention.js'));

const quick = process.env.BENCH_QUICK === '1';
const fixture = name =>
	readFileSync(join(root, 'test', 'fixtures', name), 'utf8')
		.split('\n')
		.filter(Boolean);
const lines = [...fixture('claude-code-sessions.jsonl'), ...fixture('documented-events.jsonl')];
const payloads = lines.map(line => JSON.parse(line));
const kilobytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0) / 1024;
const load = () => loadavg()[0].toFixed(1);
const broken = message => {
	console.error(`redact bench: BROKEN: ${message}`);
	process.exit(1);
};

console.log(`machine: ${machine()}, load ${load()}`);
console.log(`corpus: ${lines.length} real payloads (test/fixtures), ${kilobytes.toFixed(1)} KB`);

// --- Cost per KB: the sweep's work (keys checked, strings redacted), both sets over the same parsed payloads.
function sweep(value, redactor, key) {
	if (typeof value === 'string') {
		if (!(key !== undefined && redactor.isSecretKey(key))) redactor.redactString(value);
	} else if (Array.isArray(value)) {
		for (const item of value) sweep(item, redactor);
	} else if (value !== null && typeof value === 'object') {
		for (const name of Object.keys(value)) {
			if (redactor.isSecretKey(name) && typeof value[name] !== 'string') continue;
			sweep(value[name], redactor, name);
		}
	}
}
const passes = {
	payload: redactor => {
		for (const payload of payloads) sweep(payload, redactor);
	},
	text: redactor => {
		for (const line of lines) redactor.redactString(line);
	},
};
const sets = {before: before.createRedactor(), today: today.createRedactor()};
const rounds = quick ? 7 : 21;
const perRound = quick ? 5 : 20;
function usPerKb(pass, redactor) {
	const start = process.hrtime.bigint();
	for (let i = 0; i < perRound; i++) pass(redactor);
	return Number(process.hrtime.bigint() - start) / 1e3 / perRound / kilobytes;
}
for (const [what, pass] of Object.entries(passes)) {
	for (let i = 0; i < 5; i++) for (const redactor of Object.values(sets)) pass(redactor);
	const times = {before: [], today: []};
	const ratios = [];
	for (let round = 0; round < rounds; round++) {
		const order = round % 2 ? ['today', 'before'] : ['before', 'today'];
		const result = {};
		for (const name of order) result[name] = usPerKb(pass, sets[name]);
		times.before.push(result.before);
		times.today.push(result.today);
		ratios.push(result.today / result.before);
	}
	const label = what === 'payload' ? 'payload strings (the record path)' : 'whole lines as text (raw bytes of input that did not parse)';
	console.log(`\nredaction of ${label}, ${rounds} interleaved rounds of ${perRound} passes`);
	console.log(`  before: ${before.builtInRules.length} rules   median ${median(times.before).toFixed(2)} us/KB`);
	console.log(`  today:  ${today.builtInRules.length} rules  median ${median(times.today).toFixed(2)} us/KB`);
	console.log(`  ratio today / before: median of rounds ${median(ratios).toFixed(2)}x  (target <= 1.3x)`);
}
console.log(`  expressions compiled to redact the whole corpus: ${today.compiledRuleCount()} of ${today.builtInRules.length}`);

// --- False positives: the real payloads hold no secret, so every redaction in them is one.
const options = redactor => ({redactor, maxPayloadBytes: 1024 * 1024});
const falsePositives = redactor => lines.filter(line => normalizeInput(Buffer.from(line), options(redactor)).redactions > 0).length;
console.log(`\nfalse positives on the ${lines.length} real payloads: today ${falsePositives(sets.today)}, before ${falsePositives(sets.before)}  (target 0)`);

// --- Made-up credentials in realistic payloads (test/fixtures/credentials.json): how many reach the row.
const credentials = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'credentials.json'), 'utf8'));
function leaks(redactor) {
	const stored = [...credentials.payloads.map(payload => JSON.stringify(payload)), credentials.raw].map(input => {
		const row = normalizeInput(Buffer.from(input), options(redactor));
		return [row.payload, row.summary, row.searchText, row.raw?.toString()].join('\n');
	});
	return credentials.secrets.filter(secret => stored.some(text => text.includes(secret))).length;
}
const leaked = {before: leaks(sets.before), today: leaks(sets.today)};
console.log(`credentials fixture: ${credentials.secrets.length} secrets; stored as they came: before ${leaked.before}, today ${leaked.today}`);
if (leaked.today > 0) broken(`${leaked.today} fixture secrets reached the row`);

// --- The first redaction in a new process: what each hook pays (module load, scanner, the expressions it needs).
const first = `
	const start = performance.now();
	const {createRedactor} = require(process.argv[1]);
	const redactor = createRedactor();
	(function walk(value, key) {
		if (typeof value === 'string') { if (!(key && redactor.isSecretKey(key))) redactor.redactString(value); }
		else if (value && typeof value === 'object') for (const [name, child] of Object.entries(value)) walk(child, name);
	})(JSON.parse(process.argv[2]));
	process.stdout.write(String(performance.now() - start));`;
const sample = lines.find(line => line.includes('"PostToolUse"') && line.includes('"Bash"'));
const cold = {before: [], today: []};
const dir = workDir('redact');
// Today's rules as the record bundle carries them: one file, as before's is (five separate modules would add their loading).
const bundled = join(dir, 'redact-bundle.cjs');
require('esbuild').buildSync({
	entryPoints: [join(root, 'dist', 'events', 'redact.js')],
	bundle: true,
	platform: 'node',
	format: 'cjs',
	outfile: bundled,
	logLevel: 'warning',
});
for (let i = 0; i < (quick ? 7 : 21); i++) {
	for (const [name, module] of [
		['before', join(root, 'bench', 'lib', 'redact-before.cjs')],
		['today', bundled],
	]) {
		const run = spawnSync(process.execPath, ['-e', first, module, sample], {encoding: 'utf8'});
		if (run.status !== 0) broken(run.stderr);
		cold[name].push(Number(run.stdout));
	}
}
console.log(
	`\nfirst redaction of a ${sample.length}-byte payload in a new process (require + first use), median of ${cold.today.length}: before ${ms(median(cold.before))}, today ${ms(median(cold.today))}`,
);

// --- secure_delete: its cost on the hook path (open, insert one event, close), on bulk inserts and on a prune, and what each leaves.
const modes = ['OFF', 'FAST', 'ON'];
const context = {ts: 0, origin: 'hook', project: '/p', hostname: 'h', gitBranch: 'main', gitCommit: null, sourceKey: null, custom: null};
const mark = n => `SECRET-MARK-${String(n).padStart(7, '0')}`;
const recordOf = n => {
	const payload = {...payloads[n % payloads.length], session_id: `bench-${n % 50}`, prompt: `${mark(n)} ${'lorem ipsum '.repeat(n % 40)}`};
	return eventRecord(normalizeInput(Buffer.from(JSON.stringify(payload)), options(null)), {...context, ts: n});
};
const rows = quick ? 4000 : 20000;
const base = join(dir, 'base.db');
{
	const db = openWriter(base);
	migrate(db);
	for (let n = 0; n < rows; n += 1000)
		insertEvents(
			db,
			Array.from({length: 1000}, (_, i) => recordOf(n + i)),
		);
	db.pragma('wal_checkpoint(TRUNCATE)');
	db.close();
}
/** How many of the marks from..to-1 are still in the file's bytes (one pass over them). */
const readable = (path, from, to) => {
	const present = new Set(
		readFileSync(path)
			.toString('latin1')
			.match(/SECRET-MARK-\d{7}/g) ?? [],
	);
	let found = 0;
	for (let n = from; n < to; n++) if (present.has(mark(n))) found++;
	return found;
};
console.log(`\nsecure_delete, on a database of ${rows.toLocaleString('en-US')} events (load ${load()})`);
const hooks = {OFF: [], FAST: [], ON: []};
const hookDb = join(dir, 'hooks.db');
copyFileSync(base, hookDb);
for (let i = 0, n = rows; i < (quick ? 60 : 300); i++) {
	for (const mode of modes) {
		const start = process.hrtime.bigint();
		const db = openWriter(hookDb, {busyTimeoutMs: 1000});
		db.pragma(`secure_delete = ${mode}`);
		insertEvents(db, [recordOf(n++)]);
		db.close();
		hooks[mode].push(Number(process.hrtime.bigint() - start) / 1e6);
	}
}
const mean = values => values.reduce((sum, value) => sum + value, 0) / values.length;
console.log(`  one hook's database work (open, insert, close), ${hooks.OFF.length} interleaved:`);
for (const mode of modes)
	console.log(
		`    ${mode.padEnd(4)} median ${ms(median(hooks[mode]))}, mean ${ms(mean(hooks[mode]))}  (${(mean(hooks[mode]) / mean(hooks.OFF)).toFixed(2)}x OFF)`,
	);
const bulkRows = quick ? 5000 : 20000;
const repeats = quick ? 1 : 3;
const pruned = rows / 2;
const rewritten = Math.min(2000, rows);
const work = {
	/** Import's kind of write: transactions of 2,500 new events (the text index merges and frees pages as it grows). */
	bulk(db) {
		const records = Array.from({length: bulkRows}, (_, i) => recordOf(rows * 2 + i));
		const start = process.hrtime.bigint();
		for (let i = 0; i < records.length; i += 2500) insertEvents(db, records.slice(i, i + 2500));
		return {elapsed: Number(process.hrtime.bigint() - start) / 1e6, left: null};
	},
	prune(db, path, mode) {
		const start = process.hrtime.bigint();
		const done = pruneOlderThan(db, pruned, {batchSize: 2000, secureDelete: mode});
		db.pragma('wal_checkpoint(TRUNCATE)');
		const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
		if (done.deleted !== pruned) broken(`prune deleted ${done.deleted}`);
		return {elapsed, left: () => readable(path, 0, pruned)};
	},
	/** eyelet redact's kind of write: payloads rewritten in place. */
	update(db, path) {
		const start = process.hrtime.bigint();
		db.transaction(() => {
			for (let id = 1; id <= rewritten; id++) db.run("UPDATE events SET payload = jsonb_set(payload, '$.prompt', '[REDACTED:bench]') WHERE id = ?", [id]);
		});
		db.pragma('wal_checkpoint(TRUNCATE)');
		return {elapsed: Number(process.hrtime.bigint() - start) / 1e6, left: () => readable(path, 0, rewritten)};
	},
};
const labels = {
	bulk: `bulk insert of ${bulkRows.toLocaleString('en-US')} events in transactions of 2,500 (import's batches)`,
	prune: `prune of the oldest ${pruned.toLocaleString('en-US')} events (batches of 2,000), then a checkpoint; deleted prompts still readable in the file`,
	update: `${rewritten.toLocaleString('en-US')} payloads rewritten in place (eyelet redact's kind of write), then a checkpoint; old prompts still readable`,
};
for (const [name, run] of Object.entries(work)) {
	const results = {OFF: [], FAST: [], ON: []};
	const left = {};
	for (let round = 0; round < repeats; round++) {
		for (const mode of round % 2 ? [...modes].reverse() : modes) {
			const path = join(dir, `${name}-${mode}.db`);
			copyFileSync(base, path);
			const db = openWriter(path);
			db.pragma(`secure_delete = ${mode}`);
			const result = run(db, path, mode);
			db.close();
			results[mode].push(result.elapsed);
			if (result.left) left[mode] = result.left();
		}
	}
	console.log(`  ${labels[name]}, median of ${repeats} interleaved (load ${load()}):`);
	for (const mode of modes) {
		const readableText =
			left[mode] === undefined ? '' : `; ${left[mode].toLocaleString('en-US')} of ${(name === 'prune' ? pruned : rewritten).toLocaleString('en-US')}`;
		console.log(`    ${mode.padEnd(4)} ${ms(median(results[mode]))}  (${(median(results[mode]) / median(results.OFF)).toFixed(2)}x OFF)${readableText}`);
	}
}
