// Triage on the million-event benchmark database (issue 5, Performance): the error pane and the sessions
// list open in ≤ 300 ms, a session timeline of 2,000 events in ≤ 200 ms. Each view is timed as a user meets
// it: a fresh read-only connection, then the calls the view makes. "cold" is that first call (statements
// prepared, SQLite's page cache empty; the OS cache is warm on a machine that has used the file), "warm"
// the same call repeated on the same connection. Each is printed against its target and against a peer
// run in the same process: the naive query the view's summary tables replace. The headless commands are
// timed end to end, start-up included, next to `eyelet --version` in the same run. Medians throughout:
// the machine is shared. Exits non-zero only when a run is broken (a view came back empty or a command
// failed), never because it was slow. BENCH_QUICK=1 uses a 50,000-event database and fewer runs.
import {spawnSync} from 'node:child_process';
import {availableParallelism, loadavg} from 'node:os';
import {fileURLToPath} from 'node:url';
import {buildTimeline} from '../dist/events/timeline.js';
import {flattenTimeline} from '../dist/events/timeline-rows.js';
import {openReader} from '../dist/store/db.js';
import {countErrors, errorGroups} from '../dist/store/error-groups.js';
import {countSessions, listSessions} from '../dist/store/sessions.js';
import {sessionEvents} from '../dist/store/timeline.js';
import {longSessionDb} from './lib/long-session.mjs';
import {cli, median} from './lib/measure.mjs';

const quick = process.env.BENCH_QUICK === '1';
const count = quick ? 50_000 : 1_000_000;
const screen = 200;
const runs = quick ? {connections: 3, warm: 3, cli: 3} : {connections: 7, warm: 5, cli: 7};
// The peers are slow on a million events (the sessions one reads every row's payload pages): fewer runs.
const peerRuns = quick ? {connections: 2, warm: 1} : {connections: 3, warm: 1};

class BrokenRun extends Error {}
const expect = (ok, what) => {
	if (!ok) throw new BrokenRun(`bench: broken run: ${what}`);
};

/** Cold (first call on a fresh read-only connection) and warm (repeats on it) medians of fn(db). */
function measure(path, fn, {connections, warm} = runs) {
	const cold = [];
	const again = [];
	let result;
	for (let c = 0; c < connections; c++) {
		const db = openReader(path);
		try {
			let start = performance.now();
			result = fn(db);
			cold.push(performance.now() - start);
			for (let w = 0; w < warm; w++) {
				start = performance.now();
				fn(db);
				again.push(performance.now() - start);
			}
		} finally {
			db.close();
		}
	}
	return {cold: median(cold), warm: median(again), result};
}

// What the views make each call do.
function errorPane(db) {
	const list = errorGroups(db);
	return {groups: list.groups.length, mutedHidden: list.mutedHidden, counts: countErrors(list.groups)};
}

function sessionsList(db) {
	return {rows: listSessions(db, {limit: screen}).length, total: countSessions(db)};
}

function timeline(sessionId) {
	return db => {
		const {session, events} = sessionEvents(db, sessionId);
		return {events: events.length, rows: flattenTimeline(buildTimeline(events, {sessionEnded: session?.state === 'ended'})).length};
	};
}

// The peers: the same answers straight from the events table.
const naiveErrorGroups = db =>
	db.all(`SELECT signature, count(*) AS occurrences, min(id), max(id), min(ts), max(ts), count(DISTINCT session_id), count(DISTINCT project)
	  FROM events WHERE signature IS NOT NULL AND status IN ('error', 'invalid') GROUP BY signature`).length;

const naiveSessions = db =>
	db.all(
		`SELECT session_id, min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS events, sum(event = 'UserPromptSubmit') AS prompts,
	    sum(event = 'PreToolUse') AS tool_calls, sum(status IN ('error', 'invalid')) AS errors, sum(event = 'SubagentStart') AS subagents
	  FROM events WHERE session_id IS NOT NULL GROUP BY session_id ORDER BY last_ts DESC LIMIT ?`,
		[screen],
	).length;

const naiveTimeline = sessionId => db =>
	db.all('SELECT id, ts, json(payload) AS payload FROM events WHERE session_id = ? ORDER BY id', [sessionId]).map(row => JSON.parse(row.payload)).length;

const views = {errors: () => errorPane, sessions: () => sessionsList, timeline: timeline};

/**
 * The first call of a view in a fresh process (modules loaded, connection opened, then the call timed):
 * what a headless command pays after start-up, without start-up's noise. Process-cold calls cost more
 * than connection-cold ones (first-touch memory, first-run code paths), so both are reported.
 */
function processCold(view, path, sessionId) {
	const walls = [];
	const cpus = [];
	for (let run = 0; run < runs.cli; run++) {
		const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', view, path, sessionId], {encoding: 'utf8'});
		expect(result.status === 0, `the ${view} child exited ${result.status}: ${result.stderr.trim()}`);
		const {wall, cpu} = JSON.parse(result.stdout);
		walls.push(wall);
		cpus.push(cpu);
	}
	return {wall: median(walls), cpu: median(cpus)};
}

/** One view's first call in this fresh process: wall time, and CPU time (user + system), which load inflates less. */
function child([view, path, sessionId]) {
	const db = openReader(path);
	const fn = views[view](sessionId);
	const before = process.cpuUsage();
	const start = performance.now();
	fn(db);
	const wall = performance.now() - start;
	const cpu = process.cpuUsage(before);
	process.stdout.write(JSON.stringify({wall, cpu: (cpu.user + cpu.system) / 1000}));
	db.close();
}

/** Wall time of `node dist/cli.cjs ...args`, start-up included; checks the exit code and the JSON. */
function wall(args) {
	const start = performance.now();
	const result = spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8', maxBuffer: 1 << 28});
	const time = performance.now() - start;
	expect(result.status === 0, `eyelet ${args.join(' ')} exited ${result.status}: ${result.stderr.trim()}`);
	if (args.includes('--json')) JSON.parse(result.stdout);
	return time;
}

/** Median wall times of each command line, run in turns so that a burst of load hits them all alike. */
function walls(commandLines) {
	const times = commandLines.map(() => []);
	for (let run = 0; run < runs.cli; run++) commandLines.forEach((args, index) => times[index].push(wall(args)));
	return times.map(median);
}

const ms = value => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const ratio = (value, to) => `${(value / to).toFixed(2)}×`;

async function main() {
	const {path, sessionId, events} = await longSessionDb(2000, count);
	console.log(`triage bench on ${path}: ${count.toLocaleString('en')} events plus a session of ${events.toLocaleString('en')} (${sessionId})`);

	const pane = measure(path, errorPane);
	expect(pane.result.groups > 0, 'the error pane has no groups');
	const list = measure(path, sessionsList);
	expect(
		list.result.rows === Math.min(screen, list.result.total) && list.result.total > 0,
		`the sessions list has ${list.result.rows} rows of ${list.result.total}`,
	);
	const store = measure(path, db => sessionEvents(db, sessionId).events.length);
	const line = measure(path, timeline(sessionId));
	expect(line.result.events === events && line.result.rows > 0, `the timeline has ${line.result.events} events of ${events}, ${line.result.rows} rows`);

	const peers = {
		pane: measure(path, naiveErrorGroups, peerRuns),
		list: measure(path, naiveSessions, peerRuns),
		line: measure(path, naiveTimeline(sessionId), peerRuns),
	};
	expect(
		peers.pane.result === pane.result.groups + pane.result.mutedHidden,
		`the naive grouping found ${peers.pane.result} groups, the pane ${pane.result.groups}`,
	);

	const fresh = {pane: processCold('errors', path, sessionId), list: processCold('sessions', path, sessionId), line: processCold('timeline', path, sessionId)};
	const rows = [];
	const row = (what, result, target, peer, peerName, first) =>
		rows.push({
			what,
			'cold process': first ? ms(first.wall) : '',
			'its CPU': first ? ms(first.cpu) : '',
			cold: ms(result.cold),
			warm: ms(result.warm),
			target: target ? `${target} ms` : '',
			'cold process/target': first ? ratio(first.wall, target) : '',
			'cold/target': target ? ratio(result.cold, target) : '',
			'warm/target': target ? ratio(result.warm, target) : '',
			peer: peerName ?? '',
			'cold/peer': peer ? ratio(result.cold, peer.cold) : '',
			'warm/peer': peer ? ratio(result.warm, peer.warm) : '',
		});
	row(`error pane: errorGroups + countErrors (${pane.result.groups} groups)`, pane, 300, peers.pane, 'GROUP BY signature over events', fresh.pane);
	row(
		`sessions list: listSessions limit ${screen} + countSessions (${list.result.total.toLocaleString('en')} sessions)`,
		list,
		300,
		peers.list,
		'GROUP BY session_id over events',
		fresh.list,
	);
	row(
		`timeline: sessionEvents + buildTimeline + flattenTimeline (${events} events, ${line.result.rows} rows)`,
		line,
		200,
		peers.line,
		"the session's payloads, parsed",
		fresh.line,
	);
	row('  of which sessionEvents (the store query)', store, 200, peers.line, "the session's payloads, parsed");
	row('  peer: GROUP BY signature over events', peers.pane);
	row('  peer: GROUP BY session_id over events', peers.list);
	row("  peer: the session's payloads, parsed", peers.line);
	console.log(
		`views in-process, ms: "cold process" = first call in a fresh process and its CPU time (user + system; medians of ${runs.cli}); "cold" = first call on a fresh connection, "warm" = repeats (medians of ${runs.connections} connections × ${runs.warm} repeats)`,
	);
	console.table(rows);

	const commands = [
		[['errors', '--json'], 300],
		[['sessions', '--json', '--limit', String(screen)], 300],
		[['session', sessionId, '--json'], 200],
	];
	const [startup, ...times] = walls([['--version'], ...commands.map(([args]) => [...args, '--db', path])]);
	const table = [{command: 'eyelet --version (start-up)', wall: ms(startup), 'minus start-up': '', target: '', 'wall/target': '', 'minus start-up/target': ''}];
	commands.forEach(([args, target], index) =>
		table.push({
			command: `eyelet ${args.join(' ').replace(sessionId, '<id>')}`,
			wall: ms(times[index]),
			'minus start-up': ms(times[index] - startup),
			target: `${target} ms`,
			'wall/target': ratio(times[index], target),
			'minus start-up/target': ratio(times[index] - startup, target),
		}),
	);
	console.log(`headless commands, wall time, median of ${runs.cli}:`);
	console.table(table);
	console.log(
		`machine: ${availableParallelism()} cores, load average ${loadavg()
			.map(load => load.toFixed(2))
			.join(' ')}; Node ${process.version}; ${new Date().toISOString()}`,
	);
}

const args = process.argv.slice(2);
(args[0] === '--child' ? async () => child(args.slice(1)) : main)().catch(error => {
	console.error(error instanceof BrokenRun ? error.message : error);
	process.exit(1);
});
