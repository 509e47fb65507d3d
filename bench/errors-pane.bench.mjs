// The TUI's error pane on a million events: the list refresh (groups, hook facts, counts), the cheap
// poll that decides whether to refresh, a triage key's write and re-read, an occurrence page, e/E,
// and, in a real terminal (tmux), launch to error counts on screen and Tab to the pane. Each figure
// is printed against the target (the error pane opens in ≤ 300 ms) and beside the stream's
// first page, measured in the same run.
import {spawnSync} from 'node:child_process';
import {copyFileSync, mkdirSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {openReader} from '../dist/store/db.js';
import {adjacentError, countErrors, errorGroups, groupOccurrences, latestErrorId} from '../dist/store/error-groups.js';
import {hookFailureGroups} from '../dist/store/hooks.js';
import {streamPage} from '../dist/store/stream.js';
import {applyTriage, applyUndo} from '../dist/store/triage.js';
import {triageVersion} from '../dist/store/triage-version.js';
import {cli, median, root, sleep} from './lib/measure.mjs';
import {millionDb} from './lib/million.mjs';

const work = join(root, 'bench', '.work');
const socket = `eyelet-errors-bench-${process.pid}`;
const tmux = (...args) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
const screen = () => tmux('capture-pane', '-p', '-t', 'tui').stdout;
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];

const rows = [];
let peer = 1;
function report(what, ms, target) {
	rows.push({what, ms: ms.toFixed(1), target: `${target} ms`, 'vs target': (ms / target).toFixed(2), 'vs stream page': (ms / peer).toFixed(1)});
}

function timed(fn, runs) {
	const times = [];
	for (let i = 0; i < runs; i++) {
		const start = performance.now();
		fn();
		times.push(performance.now() - start);
	}
	return times;
}

/** What the pane's data hook does on a refresh. */
function refresh(db) {
	const list = errorGroups(db);
	hookFailureGroups(db, {signatures: list.groups.map(group => group.signature)});
	return {list, counts: countErrors(list.groups)};
}

function inProcess(path) {
	const db = openReader(path);
	try {
		peer = median(timed(() => streamPage(db, {}, {limit: 500}), 5));
		rows.push({what: 'peer: the stream first page, 500 rows (median of 5)', ms: peer.toFixed(1), target: '', 'vs target': '', 'vs stream page': '1.0'});
		report('pane list: groups + hook facts + counts (median of 5)', median(timed(() => refresh(db), 5)), 300);
		report(
			'poll: latestErrorId + triageVersion (p99 of 200)',
			percentile(
				timed(() => `${latestErrorId(db)}|${triageVersion(db)}`, 200),
				99,
			),
			10,
		);
		const {list} = refresh(db);
		const biggest = [...list.groups].sort((a, b) => b.occurrences - a.occurrences)[0];
		console.log(
			`${list.groups.length} groups, ${list.groups.reduce((sum, group) => sum + group.occurrences, 0)} errors; biggest group ${biggest?.occurrences ?? 0}`,
		);
		if (biggest) {
			report('occurrences: first page of 200, biggest group (median of 5)', median(timed(() => groupOccurrences(db, biggest.signature, {limit: 200}), 5)), 100);
			const middle = Math.floor((biggest.firstId + biggest.lastId) / 2);
			report('e: next error from the middle of the table (median of 5)', median(timed(() => adjacentError(db, middle, 'next'), 5)), 100);
		}
		return biggest;
	} finally {
		db.close();
	}
}

/** A triage key: the write on its own short-lived connection, then the re-read. */
function triageKey(path, group) {
	const times = timed(() => {
		applyTriage(path, group.signature, 'ack', {seenId: group.lastId});
		const db = openReader(path);
		try {
			refresh(db);
		} finally {
			db.close();
		}
		applyUndo(path);
	}, 5);
	report('triage key: write ack + re-read the list (+ undo) (median of 5)', median(times), 300);
}

async function until(predicate, what, timeoutMs = 30_000) {
	const start = performance.now();
	for (;;) {
		const text = screen();
		if (predicate(text)) return performance.now() - start;
		if (performance.now() - start > timeoutMs) throw new Error(`bench: timed out waiting for ${what}:\n${text}`);
		await sleep(10);
	}
}

async function inTerminal(path) {
	const launches = [];
	const tabs = [];
	const floors = [];
	for (let run = 0; run < 3; run++) {
		tmux('kill-server');
		const started = performance.now();
		const result = tmux('new-session', '-d', '-s', 'tui', '-x', '120', '-y', '30', process.execPath, cli, 'tui', '--db', path, '--interval', '500');
		if (result.status !== 0) throw new Error(`bench: tmux failed: ${result.stderr}`);
		await until(text => /Errors ✗\d/.test(text), 'error counts on the tab');
		launches.push(performance.now() - started);
		// The method's floor: `f` only redraws the header.
		const floorStart = performance.now();
		tmux('send-keys', '-t', 'tui', 'f');
		await until(text => text.split('\n')[0].includes('paused'), 'follow paused');
		floors.push(performance.now() - floorStart);
		const start = performance.now();
		tmux('send-keys', '-t', 'tui', 'Tab');
		await until(text => /^Errors: \d/m.test(text) && /^[●○✓↺⊘] +\d/m.test(text), 'the error pane');
		tabs.push(performance.now() - start);
	}
	tmux('kill-server');
	report('launch to error counts on the pane tab (median of 3)', median(launches), 1000);
	report('Tab to the error pane on screen (median of 3)', median(tabs), 300);
	report('  floor: a key that only redraws (f), send-keys to screen (median of 3)', median(floors), 100);
}

async function main() {
	const source = process.env.EYELET_BENCH_DB || (await millionDb(Number(process.env.EYELET_BENCH_EVENTS) || undefined));
	mkdirSync(work, {recursive: true, mode: 0o700});
	// Triage writes, so everything runs on a copy: the benchmark database is shared.
	const copy = join(work, 'errors-pane-copy.db');
	copyFileSync(source, copy);
	try {
		console.log(`errors pane bench on ${source}`);
		const biggest = inProcess(copy);
		if (biggest) triageKey(copy, biggest);
		if (spawnSync('tmux', ['-V']).status === 0) await inTerminal(copy);
		else console.log('tmux is not installed: terminal figures skipped');
		console.table(rows);
		console.log(
			`machine: ${spawnSync('nproc', {encoding: 'utf8'}).stdout.trim()} cores, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ${new Date().toISOString()}`,
		);
	} finally {
		tmux('kill-server');
		for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, {force: true});
	}
}

main().catch(error => {
	tmux('kill-server');
	console.error(error.message);
	process.exitCode = 1;
});
