// The sessions pane, a session's timeline and the hooks pane on the million-event database, read the
// way the TUI reads them (dist/tui/panes/*/read.js over a read-only connection). Issue 5's targets:
// the sessions list opens in ≤ 300 ms, a timeline of 2,000 events in ≤ 200 ms. The peer, measured in
// the same run, is the whole sessions list read at once (what a pane without a window would do).
import {openReader} from '../dist/store/db.js';
import {listSessions} from '../dist/store/sessions.js';
import {hooksRead} from '../dist/tui/panes/hooks/read.js';
import {sessionsWindow} from '../dist/tui/panes/sessions/read.js';
import {timelineRead} from '../dist/tui/panes/timeline/read.js';
import {median} from './lib/measure.mjs';
import {millionDb} from './lib/million.mjs';

const quick = process.env.BENCH_QUICK === '1';
const path = await millionDb(quick ? 100_000 : 1_000_000);

function time(fn, runs = 7) {
	const times = [];
	let result;
	for (let i = 0; i < runs; i++) {
		const db = openReader(path);
		const start = performance.now();
		result = fn(db);
		times.push(performance.now() - start);
		db.close();
	}
	return {ms: median(times), result};
}

const rows = [];
const report = (what, ms, against, label) => rows.push({what, median: `${ms.toFixed(1)} ms`, [`vs`]: `${(ms / against).toFixed(2)}× ${label}`});

const whole = time(db => listSessions(db, {}), 3);
report(`the whole sessions list (${whole.result.length} sessions)`, whole.ms, whole.ms, 'itself');
for (const sort of ['last', 'errors', 'project']) {
	const window = time(db => sessionsWindow(db, {filters: [], sort, descending: sort !== 'project'}, 0));
	report(`sessions pane opens, by ${sort} (200 of ${window.result.total})`, window.ms, 300, 'the 300 ms target');
}
report('…its window, against the whole list', time(db => sessionsWindow(db, {filters: [], sort: 'last', descending: true}, 0)).ms, whole.ms, 'the whole list');
const filtered = time(db =>
	sessionsWindow(
		db,
		{
			filters: [
				{kind: 'errors', value: '1', label: ''},
				{kind: 'search', value: 'api', label: ''},
			],
			sort: 'last',
			descending: true,
		},
		0,
	),
);
report(`sessions with errors matching "api" (${filtered.result.total})`, filtered.ms, 300, 'the 300 ms target');

// The session nearest 2,000 events, and the biggest.
const sessions = whole.result;
const near = sessions.reduce((best, s) => (Math.abs(s.events - 2000) < Math.abs(best.events - 2000) ? s : best));
const biggest = sessions.reduce((best, s) => (s.events > best.events ? s : best));
for (const session of [near, biggest]) {
	const timeline = time(db => timelineRead(db, session.sessionId));
	report(`timeline of ${session.events} events (${timeline.result.lines.length} lines)`, timeline.ms, 200, 'the 200 ms target');
}
const hooks = time(db => hooksRead(db, process.cwd()));
report(`hooks pane (${hooks.result.hooks.length} commands)`, hooks.ms, 300, 'the 300 ms target');

console.log(`sessions pane on ${quick ? '100k' : '1M'} events, ${new Date().toISOString()}, node ${process.version}`);
console.table(rows);
