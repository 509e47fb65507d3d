import assert from 'node:assert/strict';
import {test} from 'node:test';
import {renderToString} from 'ink';
import {countErrors} from '../../source/store/error-groups.js';
import type {HookHealthReport} from '../../source/settings/hook-report.js';
import type {TimelineLine} from '../../source/tui/panes/timeline/lines.js';
import {reduce} from '../../source/tui/reduce.js';
import {type Action, initialState, type State} from '../../source/tui/state.js';
import {createTheme} from '../../source/tui/theme.js';
import {Screen} from '../../source/tui/views/Screen.js';
import {errorGroup, eventRows, sessionRow} from './rows.js';

// No line of any view may wrap, at any width: a line wider than the terminal wraps, the frame grows
// by a line and the terminal scrolls its top away (the demo's header did, at 80 columns). Every view,
// drawn at widths from 20 to 200 columns, must give exactly the frame's lines, none of them too wide,
// with the header's two lines and the footer where they belong.

const dbPath = '/tmp/eyelet-demo-k3XbQ9/a-folder-with-a-long-name-for-the-header/events.db';
const long = 'x'.repeat(300);

const apply = (state: State, ...actions: Action[]) => actions.reduce(reduce, state);
const key = (input: string, extra: Record<string, boolean> = {}): Action => ({type: 'key', input, key: extra});

function base(columns: number, rows: number): State {
	let state = initialState({dbPath, columns, rows, color: false});
	state = apply(state, {type: 'connection', connection: {kind: 'ready'}});
	const rowsLoaded = eventRows(1, 60, {summary: `npm test -- ${long}`, project: `/home/dev/${long}`});
	state = apply(
		state,
		{type: 'loaded', seq: state.stream.request!.seq, filterVersion: state.filterVersion, rows: rowsLoaded, lastSeenId: 60},
		{type: 'stats', stats: {total: 123_456, perMinute: Array.from({length: 30}, (_, minute) => minute * 7), spool: 12}},
	);
	const groups = [errorGroup(`Bash: ${long}`, 30, {occurrences: 12_345, fresh: 1_234}), errorGroup('Read: File does not exist', 20)];
	return apply(state, {type: 'errorGroups', showMuted: false, groups, mutedHidden: 2, counts: countErrors(groups), hooks: {}});
}

const timelineLines: TimelineLine[] = Array.from({length: 40}, (_, index) => ({
	key: `l${index}`,
	depth: index % 3,
	eventId: index + 1,
	eventIds: [index + 1],
	ts: 0,
	mark: '✓',
	tone: 'ok',
	text: `Bash ${long}`,
	took: 1234,
}));

const report: HookHealthReport = {
	project: `/home/dev/${long}`,
	files: [],
	problems: [`cannot read ${long}`],
	hooks: [
		{
			command: `bash /home/dev/.claude/hooks/${long}.sh`,
			configured: [{scope: 'project', file: `/home/dev/${long}/.claude/settings.json`, event: 'PreToolUse', matcher: 'Bash', timeout: 10, async: false}],
			failures: 3,
			blocking: 1,
			nonBlocking: 2,
			exitCodes: {'1': 2},
			hookNames: ['PreToolUse:Bash'],
			sessions: 1,
			firstFailureTs: 5,
			lastFailure: {
				id: 42,
				ts: 5,
				hookName: 'PreToolUse:Bash',
				blocking: false,
				exitCode: 1,
				stderr: `refusing ${long}\nline two`,
				headline: 'refusing',
				sessionId: 's',
				toolUseId: 't',
				project: null,
			},
		},
	],
};

/** Every view the viewer has, reached the way a user reaches it. */
const views: Record<string, (state: State) => State> = {
	'stream, following': state => state,
	'stream, paused, with filters': state => apply(state, key('k'), key('x'), key('3'), key('w')),
	'stream, a toast': state => apply(state, {type: 'toast', text: `copied ${long}`}),
	'stream, a failing database': state => apply(state, {type: 'connection', connection: {kind: 'failing', message: `damaged ${long}`}}),
	'errors pane': state => apply(state, key('', {tab: true})),
	"an error group's occurrences": state => {
		const open = apply(state, key('', {tab: true}), key('', {return: true}));
		return apply(open, {type: 'occurrences', seq: open.errors.open!.request!.seq, rows: eventRows(1, 30, {summary: long}), pageSize: 200});
	},
	'sessions pane': state => {
		const shown = apply(state, key('s'));
		const rows = Array.from({length: 30}, (_, index) => ({
			...sessionRow(index),
			project: `/home/dev/${long}`,
			gitBranch: long,
			endReason: long,
			state: 'ended' as const,
		}));
		return apply(shown, {type: 'sessionsLoaded', version: shown.sessions.request!.version, offset: 0, rows, total: 30});
	},
	timeline: state => {
		const open = apply(state, {type: 'openTimeline', sessionId: long});
		return apply(open, {
			type: 'timelineLoaded',
			version: open.timeline!.version,
			session: {...sessionRow(1), project: long},
			lines: timelineLines,
			omitted: 12,
		});
	},
	'hooks pane': state => {
		const shown = apply(state, key('H'));
		return apply(shown, {type: 'hooksLoaded', version: shown.hooks.version, report});
	},
	"an event's payload": state => {
		const open = apply(state, key('', {return: true}));
		return apply(open, {
			type: 'detailPayload',
			id: 60,
			payload: {payload: JSON.stringify({command: long, nested: {deeper: [long, 1, true]}}), raw: null, custom: null},
		});
	},
	help: state => apply(state, key('?')),
	picker: state =>
		apply(state, key('S'), {
			type: 'pickerOptions',
			field: 'session',
			options: [
				{value: long, label: long.slice(0, 8), note: long},
				{value: 'b', label: 'b'},
			],
		}),
	'search box': state => apply(state, key('/'), ...[...long].map(char => key(char))),
	'no database yet': state => apply(state, {type: 'connection', connection: {kind: 'missing'}}),
};

const widths = [20, 30, 40, 50, 60, 70, 80, 90, 100, 120, 160, 200];

test('no line of any view wraps, at any width', () => {
	const theme = createTheme(false);
	for (const rows of [24, 12]) {
		for (const columns of widths) {
			for (const [name, reach] of Object.entries(views)) {
				const state = reach(base(columns, rows));
				const what = `${name} at ${columns}x${rows}`;
				const lines = renderToString(<Screen state={state} theme={theme} />, {columns}).split('\n');
				assert.equal(lines.length, rows - 1, `${what}: the frame keeps its height`);
				for (const line of lines) assert.ok([...line].length <= columns, `${what}: a line of ${[...line].length} columns: ${line}`);
				assert.match(lines[0]!, /^eyelet /, `${what}: the first line is the header's`);
				assert.match(lines[1]!, /^ Stream /, `${what}: so is the second`);
			}
		}
	}
});

test("the header's first line gives way from the path: count, state and spool stay whole down to 50 columns", () => {
	const theme = createTheme(false);
	const header = (columns: number) => renderToString(<Screen state={base(columns, 24)} theme={theme} />, {columns}).split('\n')[0]!;
	for (const columns of [50, 60, 70, 80, 100, 120, 160, 200]) {
		const line = header(columns);
		assert.match(line, /123,456 events/, `${columns}: ${line}`);
		assert.match(line, /● following/, `${columns}: ${line}`);
		assert.match(line, /spool 12/, `${columns}: ${line}`);
	}
	assert.match(header(200), new RegExp(`${dbPath.replace(/[/.]/g, '\\$&')}`), 'wide: the whole path');
	assert.match(header(200), /[·▁▂▃▄▅▆▇█]{30} \d+\/min/, 'wide: the whole half hour');
	assert.match(header(80), /…[^ ]*events\.db/, '80 columns: the path cut from the left, its file name kept');
	assert.match(header(80), / \d+\/min/, '80 columns: the rate stays');
});
