// The live viewer on a million events: first frame, polls, record-to-screen latency, paging, filter
// changes and memory, measured on the built binary in a real terminal (tmux) where a person would see
// them. There is no peer to compare with, so each figure is printed against the target.
import {spawnSync} from 'node:child_process';
import {copyFileSync, mkdirSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {DemoRecorder} from '../dist/demo/record.js';
import {seededRng} from '../dist/demo/corpus.js';
import {DemoWorld} from '../dist/demo/generator.js';
import {openWriter} from '../dist/store/db.js';
import {streamPage} from '../dist/store/stream.js';
import {openReader} from '../dist/store/db.js';
import {ViewerReader} from '../dist/tui/viewer-reader.js';
import {cli, median, root, sleep} from './lib/measure.mjs';
import {millionDb} from './lib/million.mjs';

const work = join(root, 'bench', '.work');
// A fresh tmux server per launch: reusing a socket races with the server that is shutting down.
let launches = 0;
let socket = `eyelet-bench-${process.pid}-0`;
const tmux = (...args) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
const screen = () => tmux('capture-pane', '-p', '-t', 'tui').stdout;

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];
const rows = [];
function report(what, ms, target, unit = 'ms') {
	rows.push({what, value: `${ms.toFixed(unit === 'MB' ? 0 : 1)} ${unit}`, target: `${target} ${unit}`, ratio: (ms / target).toFixed(2)});
}

async function until(predicate, what, timeoutMs = 30_000) {
	const start = performance.now();
	for (;;) {
		const text = screen();
		if (predicate(text)) return {text, ms: performance.now() - start};
		if (performance.now() - start > timeoutMs) throw new Error(`bench: timed out waiting for ${what}:\n${text}`);
		await sleep(10);
	}
}

const listed = text => text.split('\n').filter(line => /^\d\d:\d\d:\d\d /.test(line));
const fullFrame = text => listed(text).length >= 20 && /^\d+\/\d+/m.test(text);

function launch(db, interval = 500) {
	tmux('kill-server');
	socket = `eyelet-bench-${process.pid}-${++launches}`;
	const started = performance.now();
	const result = tmux('new-session', '-d', '-s', 'tui', '-x', '120', '-y', '30', process.execPath, cli, 'tui', '--db', db, '--interval', String(interval));
	if (result.status !== 0) throw new Error(`bench: tmux failed: ${result.stderr}`);
	return started;
}

const pid = () => Number(tmux('display-message', '-p', '-t', 'tui', '#{pane_pid}').stdout.trim());
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid()}/status`, 'utf8'))[1]) / 1024;

async function firstFrame(db) {
	const times = [];
	for (let run = 0; run < 5; run++) {
		const started = launch(db);
		for (;;) {
			if (fullFrame(screen())) break;
			if (performance.now() - started > 30_000) throw new Error(`bench: no frame:\n${screen()}`);
			await sleep(10);
		}
		times.push(performance.now() - started);
	}
	report('first full frame after launch (median of 5)', median(times), 1000);
}

/** The work of one tick (new rows for the stream and the header figures), timed in-process on the big database. */
function polls(db) {
	const source = new ViewerReader(db);
	source.connect();
	const filters = [[], [{kind: 'errors', value: '1', label: ''}], [{kind: 'search', value: 'npm test', label: ''}], [{kind: 'tool', value: 'Bash', label: ''}]];
	const times = [];
	for (const filter of filters) {
		const last = source.page({kind: 'tail', seq: 1}, filter).lastSeenId;
		for (let i = 0; i < 200; i++) {
			const start = performance.now();
			source.poll(last, filter);
			source.stats();
			times.push(performance.now() - start);
		}
	}
	source.close();
	report(`poll, nothing new (p99 of ${times.length}, 4 filters)`, percentile(times, 99), 10);
	return times;
}

async function recordToScreen(copy) {
	launch(copy);
	await until(fullFrame, 'the first frame');
	const recorder = new DemoRecorder();
	const world = new DemoWorld(seededRng(99), ['/home/dev/webapp'], 1);
	const times = [];
	const pollTimes = [];
	for (let run = 0; run < 7; run++) {
		const marker = `bench-marker-${run}-${Date.now()}`;
		const payload = {
			session_id: 'bench-session',
			cwd: '/home/dev/webapp',
			hook_event_name: 'PreToolUse',
			tool_name: 'Bash',
			tool_input: {command: `echo ${marker}`},
			tool_use_id: `toolu_${marker}`,
		};
		const result = spawnSync(process.execPath, [cli, 'record', '--db', copy, '--strict'], {input: JSON.stringify(payload)});
		if (result.status !== 0) throw new Error(`bench: record failed: ${result.stderr}`);
		const {ms} = await until(text => text.includes(marker), 'the recorded event');
		times.push(ms);
		// Some traffic between markers, so polls find new rows too.
		const writer = openWriter(copy);
		recorder.write(
			writer,
			Array.from({length: 20}, () => ({event: world.next(), ts: Date.now()})),
		);
		writer.close();
		await sleep(300);
	}
	report('recorded event on screen after `record` exits (median of 7, 500 ms polls)', median(times), 1000);
	report('  the same, worst of 7', Math.max(...times), 1000);
	// Polls that do find new rows, measured in-process on the copy while it grows.
	const source = new ViewerReader(copy);
	source.connect();
	let last = source.page({kind: 'tail', seq: 1}, []).lastSeenId;
	const writer = openWriter(copy);
	for (let i = 0; i < 100; i++) {
		recorder.write(
			writer,
			Array.from({length: 3}, () => ({event: world.next(), ts: Date.now()})),
		);
		const start = performance.now();
		const polled = source.poll(last, []);
		source.stats();
		pollTimes.push(performance.now() - start);
		last = polled.lastSeenId;
	}
	writer.close();
	source.close();
	report('poll that finds 3 new rows (p99 of 100)', percentile(pollTimes, 99), 10);
}

async function paging() {
	const times = [];
	let previous = screen();
	for (let i = 0; i < 60; i++) {
		const start = performance.now();
		tmux('send-keys', '-t', 'tui', 'PPage');
		const {text} = await until(text => text !== previous && fullFrame(text), 'a page up');
		times.push(performance.now() - start);
		previous = text;
	}
	report(`page up, 60 pages (crossing ${Math.floor((60 * 25) / 500)} keyset loads): median`, median(times), 100);
	report('  page up: worst', Math.max(...times), 100);
}

/** What the tmux round trip itself costs: `f` only redraws the header (no query), so its time is the method's floor. */
async function keyFloor() {
	const times = [];
	for (let i = 0; i < 10; i++) {
		const wanted = i % 2 === 0 ? 'paused' : 'following';
		const start = performance.now();
		tmux('send-keys', '-t', 'tui', 'f');
		await until(text => text.split('\n')[0].includes(wanted), 'follow toggled');
		times.push(performance.now() - start);
	}
	report('floor: a key that only redraws (f), send-keys to screen (median of 10)', median(times), 100);
}

async function filters() {
	// [name, keys typed first (not timed), what shows they landed, the key that applies the filter, what shows it applied]
	const changes = [
		['errors only (x)', [], () => true, 'x', text => text.includes('filters: errors only')],
		['event type (3 = PostToolUseFailure)', [], () => true, '3', text => text.includes('filters: PostToolUseFailure')],
		['text search "npm test" (Enter)', ['/', 'npm test'], text => text.includes('/npm test'), 'Enter', text => text.includes('filters: /npm test')],
		[
			'tool picker, Read (Enter)',
			['t', 'Read'],
			text => /^> Read/m.test(text) && /^Read\b/m.test(text.split('\n').slice(4).join('\n')),
			'Enter',
			text => text.includes('filters: Read'),
		],
	];
	for (const [name, typed, ready, key, applied] of changes) {
		const times = [];
		for (let run = 0; run < 3; run++) {
			tmux('send-keys', '-t', 'tui', 'c');
			await until(text => text.includes('no filters') && fullFrame(text), 'filters cleared');
			for (const keys of typed) tmux('send-keys', '-t', 'tui', '-l', keys);
			await until(ready, `${name}: typed keys`);
			const start = performance.now();
			tmux('send-keys', '-t', 'tui', key);
			await until(text => applied(text) && listed(text).length > 0 && !text.includes('loading'), name);
			times.push(performance.now() - start);
		}
		report(`filter change: ${name}, key to rows (median of 3)`, median(times), 100);
	}
}

function storeQueries(db) {
	const reader = openReader(db);
	const cases = [
		['no filter', {}],
		['errors', {statuses: ['error', 'invalid']}],
		['search "npm test"', {search: 'npm test'}],
		['search "rateLimit" + PreToolUse', {search: 'rateLimit', event: 'PreToolUse'}],
		['tool Bash', {tool: 'Bash'}],
	];
	const out = [];
	for (const [name, filter] of cases) {
		const times = [];
		for (let i = 0; i < 5; i++) {
			const start = performance.now();
			streamPage(reader, filter, {limit: 500});
			times.push(performance.now() - start);
		}
		out.push(`${name}: ${median(times).toFixed(1)} ms`);
	}
	reader.close();
	console.log(`store: first page of 500 rows (median of 5): ${out.join('; ')}`);
}

/**
 * The same interactions without the terminal in between: reducer, query and both renders (Ink to a
 * fake stdout, React's production build), as the viewer runs them. What tmux adds is the floor above.
 */
async function inProcess(db) {
	process.env.NODE_ENV = 'production';
	const React = (await import('react')).default;
	const {render} = await import('ink-testing-library');
	const {Screen} = await import('../dist/tui/views/Screen.js');
	const {initialState} = await import('../dist/tui/state.js');
	const {reduce} = await import('../dist/tui/reduce.js');
	const {splitKeys} = await import('../dist/tui/key-matchers.js');
	const {createTheme} = await import('../dist/tui/theme.js');
	const source = new ViewerReader(db);
	const theme = createTheme(true);
	let state = reduce(initialState({dbPath: db, columns: 120, rows: 30, color: true}), {type: 'connection', connection: source.connect()});
	const app = render(React.createElement(Screen, {state, theme}));
	const serve = () => {
		const request = state.stream.request;
		if (!request) return false;
		const page = source.page(request, state.filters);
		state = reduce(state, {
			type: 'loaded',
			seq: request.seq,
			filterVersion: state.filterVersion,
			rows: page.rows,
			...(page.lastSeenId === undefined ? {} : {lastSeenId: page.lastSeenId}),
		});
		return true;
	};
	const press = (input, key = {}) => {
		for (const single of splitKeys(input, key)) state = reduce(state, {type: 'key', ...single});
		app.rerender(React.createElement(Screen, {state, theme}));
		if (serve()) app.rerender(React.createElement(Screen, {state, theme}));
	};
	serve();
	const time = (fn, runs) => {
		const times = [];
		for (let i = 0; i < runs; i++) {
			const start = performance.now();
			fn(i);
			times.push(performance.now() - start);
		}
		return times;
	};
	const pages = time(() => press('', {pageUp: true}), 60);
	report('in-process: page up, key to frame (median of 60)', median(pages), 100);
	report('  in-process page up: worst (a keyset load)', Math.max(...pages), 100);
	for (const [name, keys] of [
		['errors only (x)', 'x'],
		['event type (3)', '3'],
		['text search "npm test"', '/npm test\r'],
		['tool Read (picker)', null],
	]) {
		const runs = [];
		for (let run = 0; run < 5; run++) {
			press('c');
			// Everything before the key that applies the filter is typed untimed.
			if (!keys) {
				press('t');
				state = reduce(state, {type: 'pickerOptions', field: 'tool', options: source.options('tool')});
				press('Read');
			} else if (keys.length > 1) press(keys.slice(0, -1));
			const start = performance.now();
			press(keys ? keys.at(-1) : '\r');
			runs.push(performance.now() - start);
		}
		report(`in-process: filter ${name}, the applying key to frame (median of 5)`, median(runs), 100);
	}
	app.unmount();
	source.close();
}

async function main() {
	if (spawnSync('tmux', ['-V']).status !== 0) {
		console.log('tui bench: tmux is not installed; skipped');
		return;
	}
	// EYELET_BENCH_EVENTS=20000 tries the benchmark quickly on a smaller database; EYELET_BENCH_DB names one.
	const db = process.env.EYELET_BENCH_DB || (await millionDb(Number(process.env.EYELET_BENCH_EVENTS) || undefined));
	mkdirSync(work, {recursive: true});
	console.log(`tui bench on ${db}`);
	storeQueries(db);
	await inProcess(db);
	await firstFrame(db);
	await keyFloor();
	await paging();
	await filters();
	report('resident memory right after paging and filtering', rssMb(), 150, 'MB');
	await sleep(3000);
	report('resident memory after 3 s idle (the viewer collects garbage when idle)', rssMb(), 150, 'MB');
	polls(db);
	tmux('kill-server');
	// Recording writes, so it runs on a copy: the million-event database is shared by every benchmark.
	const copy = join(work, 'tui-bench-copy.db');
	copyFileSync(db, copy);
	try {
		await recordToScreen(copy);
		report('resident memory at the end', rssMb(), 150, 'MB');
	} finally {
		tmux('kill-server');
		for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, {force: true});
	}
	console.table(rows);
	console.log(
		`machine: ${spawnSync('nproc', {encoding: 'utf8'}).stdout.trim()} cores, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ${new Date().toISOString()}`,
	);
}

main().catch(error => {
	tmux('kill-server');
	console.error(error.message);
	process.exitCode = 1;
});
