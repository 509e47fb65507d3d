// Session summaries (store/session-summary.ts): what keeping the sessions table costs per event, in
// eyelet serve's throughput case (64 sessions, group commits of 64 events, one per session, each after
// everything its session holds) and in a hook's (one event a commit). Every figure is a ratio to plain
// inserts that keep no summary, measured interleaved in the same run, with the per-row trigger that
// kept the table until schema 11 as a second peer.
//   node bench/session-summary.bench.mjs     (BENCH_QUICK=1: fewer rounds)
//   BENCH_BEFORE=/path/to/other/dist adds that build's insertEvents (e.g. main's, to compare a change).
// Exits non-zero only when a run is broken (a mode's sessions table differs from the trigger's).
import {createRequire} from 'node:module';
import {loadavg} from 'node:os';
import {join} from 'node:path';
import {readFileSync} from 'node:fs';
import {machine, median, root, workDir} from './lib/measure.mjs';

const require = createRequire(import.meta.url);
const build = dist => ({
	...require(join(dist, 'store/db.js')),
	...require(join(dist, 'store/insert.js')),
	...require(join(dist, 'store/migrate.js')),
	...require(join(dist, 'events/normalize.js')),
});
const today = build(join(root, 'dist'));
const before = process.env.BENCH_BEFORE ? build(process.env.BENCH_BEFORE) : null;

const quick = process.env.BENCH_QUICK === '1';
const rounds = quick ? 3 : 9;
const dir = workDir('session-summary');
const payloads = readFileSync(join(root, 'test', 'fixtures', 'claude-code-sessions.jsonl'), 'utf8')
	.split('\n')
	.filter(Boolean)
	.map(line => JSON.parse(line));

/** `count` batches of `sessions` events, one per session, each later than everything before it. */
function stream(sessions, count) {
	const batches = [];
	let ts = 1_700_000_000_000;
	for (let b = 0; b < count; b++) {
		const batch = [];
		for (let s = 0; s < sessions; s++) {
			const payload = {...payloads[(b * sessions + s) % payloads.length], session_id: `session-${s}`};
			const json = JSON.stringify(payload);
			const input = today.normalizeValue(JSON.parse(json), Buffer.from(json), {redactor: null, maxPayloadBytes: 256 * 1024});
			const context = {
				ts: ts++,
				origin: 'hook',
				project: payload.cwd ?? null,
				hostname: 'bench',
				gitBranch: 'main',
				gitCommit: null,
				sourceKey: null,
				custom: null,
			};
			batch.push({...today.eventRecord(input, context), payloadBytes: json.length});
		}
		batches.push(batch);
	}
	return batches;
}

// The insert of store/insert.ts without the summary, and the trigger of migrations/0001 (0011 dropped it).
const plainSql = `INSERT INTO events (${today.eventInsertColumns})
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, jsonb(?), ?, jsonb(?)) ON CONFLICT (source_key) DO NOTHING RETURNING id`;
const triggerSql = readFileSync(join(root, 'migrations', '0001-initial.sql'), 'utf8').match(/CREATE TRIGGER events_session_summary[\s\S]*?\nEND;/)[0];

function plainInsert(db, records) {
	db.transaction(() => {
		const texts = [];
		for (const record of records) {
			const row = db.get(plainSql, today.recordParams(record));
			if (row && record.searchText) texts.push([row.id, record.searchText]);
		}
		today.insertSearchText(db, texts);
	});
}

const modes = {
	plain: {setup: () => {}, write: plainInsert},
	trigger: {setup: db => db.exec(triggerSql), write: plainInsert},
	...(before ? {before: {setup: () => {}, write: (db, records) => before.insertEvents(db, records)}} : {}),
	fold: {setup: () => {}, write: (db, records) => today.insertEvents(db, records)},
};

/** Microseconds per event of one mode over a fresh database. */
function run(name, batches, round) {
	const path = join(dir, `${name}-${batches[0].length}-${round}.db`);
	const db = today.openWriter(path);
	try {
		today.migrate(db);
		modes[name].setup(db);
		const events = batches.reduce((sum, batch) => sum + batch.length, 0);
		const start = process.hrtime.bigint();
		for (const batch of batches) modes[name].write(db, batch);
		const perEvent = Number(process.hrtime.bigint() - start) / 1e3 / events;
		const sessions = db.all('SELECT session_id, events, prompts, tool_calls, errors, subagents, ended_ts, last_id FROM sessions ORDER BY session_id');
		return {perEvent, sessions: JSON.stringify(sessions)};
	} finally {
		db.close();
	}
}

console.log(`machine: ${machine()}, load ${loadavg()[0].toFixed(1)}`);
const cases = [
	{name: 'serve: 64 sessions, commits of 64 events (one per session)', batches: stream(64, quick ? 40 : 120)},
	{name: 'record: one session, commits of one event', batches: stream(1, quick ? 1000 : 3000)},
];
let broken = false;
for (const {name, batches} of cases) {
	const times = Object.fromEntries(Object.keys(modes).map(mode => [mode, []]));
	for (let round = 0; round < rounds; round++) {
		// Interleaved, in a turning order, so drift on a shared machine falls on every mode alike.
		const order = Object.keys(modes);
		const turned = [...order.slice(round % order.length), ...order.slice(0, round % order.length)];
		const tables = {};
		for (const mode of turned) {
			const result = run(mode, batches, round);
			times[mode].push(result.perEvent);
			tables[mode] = result.sessions;
		}
		for (const mode of Object.keys(modes).filter(mode => mode !== 'plain' && tables[mode] !== tables.trigger)) {
			console.error(`session-summary bench: BROKEN: ${mode}'s sessions differ from the trigger's`);
			broken = true;
		}
	}
	const plain = median(times.plain);
	console.log(`\n${name}, ${rounds} rounds, median`);
	for (const [mode, values] of Object.entries(times)) {
		const ratio = mode === 'plain' ? '' : `  ${(median(values) / plain).toFixed(2)}x plain`;
		console.log(`  ${mode.padEnd(8)} ${median(values).toFixed(1).padStart(6)} µs/event${ratio}`);
	}
}
if (broken) process.exitCode = 1;
