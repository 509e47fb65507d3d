import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {HookHealthReport} from '../../source/settings/hook-report.js';
import type {KeyEvent} from '../../source/tui/key-matchers.js';
import {splitKeys} from '../../source/tui/key-matchers.js';
import {reduce} from '../../source/tui/reduce.js';
import {sessionAtCursor, sessionWindow} from '../../source/tui/panes/sessions/state.js';
import {toSessionFilter} from '../../source/tui/panes/sessions/reduce.js';
import {initialState, type State} from '../../source/tui/state.js';
import type {TimelineLine} from '../../source/tui/panes/timeline/lines.js';
import {eventRow, sessionRow} from './rows.js';

const start = () => reduce(initialState({dbPath: '/tmp/e.db', columns: 80, rows: 24, color: false}), {type: 'connection', connection: {kind: 'ready'}});
function type(state: State, text: string, key: KeyEvent = {}): State {
	for (const single of splitKeys(text, key)) state = reduce(state, {type: 'key', ...single});
	return state;
}
const press = (state: State, key: KeyEvent) => reduce(state, {type: 'key', input: '', key});

/** Answers the sessions pane's pending read with a window of `total` sessions. */
function answerSessions(state: State, total: number): State {
	const request = state.sessions.request;
	assert.ok(request, 'the sessions pane should be asking for a window');
	const offset = Math.max(0, Math.min(request.offset, total - sessionWindow));
	const rows = Array.from({length: Math.min(sessionWindow, total - offset)}, (_, index) => sessionRow(offset + index));
	return reduce(state, {type: 'sessionsLoaded', version: request.version, offset, rows, total});
}

function line(key: string, eventIds: number[], depth = 0): TimelineLine {
	return {key, depth, eventId: eventIds[0] ?? 0, eventIds, ts: 0, mark: '✓', tone: 'ok', text: key, took: null};
}
const lines = [line('prompt', [1]), line('call', [3, 2, 9]), {...line('call-hook', []), eventId: 9, depth: 1}, line('stop', [4])];

test('s opens the sessions pane, which reads a window; Tab cycles stream → sessions → hooks', () => {
	let state = type(start(), 's');
	assert.equal(state.pane, 'sessions');
	assert.deepEqual(state.sessions.request?.offset, 0);
	state = answerSessions(state, 3);
	assert.equal(state.sessions.rows.length, 3);
	assert.equal(state.sessions.request, null);
	state = press(state, {tab: true});
	assert.equal(state.pane, 'hooks');
	state = press(state, {tab: true});
	assert.equal(state.pane, 'stream');
	assert.equal(type(state, 'H').pane, 'hooks');
});

test('the sessions window follows the cursor: G asks for the last window, stale answers are dropped', () => {
	let state = answerSessions(type(start(), 's'), 1000);
	assert.equal(state.sessions.total, 1000);
	const stale = state.sessions.version;
	state = type(state, 'G');
	assert.equal(state.sessions.cursor, 999);
	assert.ok(state.sessions.request && state.sessions.request.offset >= 1000 - sessionWindow);
	assert.equal(
		reduce(state, {type: 'sessionsLoaded', version: stale, offset: 0, rows: [], total: 1000}),
		state,
		'an answer to an older request changes nothing',
	);
	state = answerSessions(state, 1000);
	assert.equal(state.sessions.offset, 800);
	assert.equal(state.sessions.rows[state.sessions.cursor - state.sessions.offset]?.sessionId, 'session-0999');
	state = type(state, 'g');
	assert.equal(state.sessions.cursor, 0);
	assert.equal(state.sessions.request?.offset, 0);
});

test('sort and filter keys start the list over; the search box searches sessions, not the stream', () => {
	let state = answerSessions(type(start(), 's'), 10);
	state = type(state, 'o');
	assert.equal(state.sessions.sort, 'first');
	assert.equal(state.sessions.loaded, false);
	state = type(answerSessions(state, 10), 'r');
	assert.equal(state.sessions.descending, false);
	state = type(answerSessions(state, 10), 'x');
	state = type(answerSessions(state, 10), 'l');
	assert.deepEqual(
		state.sessions.filters.map(term => term.label),
		['with errors', 'live'],
	);
	state = type(answerSessions(state, 10), 'l');
	assert.deepEqual(toSessionFilter(state.sessions.filters, 0), {withErrors: true, state: 'ended'});
	state = type(answerSessions(state, 10), '/webapp');
	state = press(state, {return: true});
	assert.equal(state.overlay, null);
	assert.deepEqual(state.filters, [], 'the stream keeps its filters');
	assert.deepEqual(toSessionFilter(state.sessions.filters, 0), {withErrors: true, state: 'ended', search: 'webapp'});
	state = press(answerSessions(state, 10), {escape: true});
	assert.equal(state.sessions.filters.length, 2, 'Esc removes the last filter');
	state = type(answerSessions(state, 10), 'c');
	assert.deepEqual(state.sessions.filters, []);
	assert.equal(state.pane, 'sessions');
});

test('a reload keeps the cursor on its session when the order moved', () => {
	let state = answerSessions(type(start(), 's'), 10);
	state = type(state, 'jjj');
	assert.equal(state.sessions.rows[state.sessions.cursor]?.sessionId, 'session-0003');
	state = reduce(state, {type: 'stats', stats: {total: 100}});
	state = reduce(state, {type: 'stats', stats: {total: 101}});
	const request = state.sessions.request!;
	assert.ok(request, 'new events ask for the window again');
	const moved = [sessionRow(3), sessionRow(0), sessionRow(1), sessionRow(2)];
	state = reduce(state, {type: 'sessionsLoaded', version: request.version, offset: 0, rows: moved, total: 4});
	assert.equal(state.sessions.cursor, 0);
});

test('the list re-sorting under the cursor keeps the selection on the session the user chose', () => {
	let state = answerSessions(type(start(), 's'), 10);
	state = type(state, 'jjj');
	state = reduce(state, {type: 'stats', stats: {total: 100}});
	state = reduce(state, {type: 'stats', stats: {total: 101}});
	const request = state.sessions.request!;
	assert.ok(request, 'new events ask for the window again');
	// A key typed while the window is being read again: the user moves on to session-0004.
	state = type(state, 'j');
	assert.equal(sessionAtCursor(state.sessions)?.sessionId, 'session-0004');
	// The answer: session-0004 got an event and sorts first now.
	const moved = [4, 0, 1, 2, 3, 5, 6, 7, 8, 9].map(sessionRow);
	state = reduce(state, {type: 'sessionsLoaded', version: request.version, offset: 0, rows: moved, total: 10});
	assert.equal(sessionAtCursor(state.sessions)?.sessionId, 'session-0004', 'the cursor went with the session, not back to the one before the key');
	state = press(state, {return: true});
	assert.equal(state.timeline?.sessionId, 'session-0004', 'Enter opens the session the user was looking at');
});

test('Enter opens the timeline over the sessions pane; Enter opens a line’s event; Esc and q go back', () => {
	let state = answerSessions(type(start(), 's'), 3);
	state = type(state, 'j');
	state = press(state, {return: true});
	assert.equal(state.timeline?.sessionId, 'session-0001');
	assert.equal(state.timeline?.from, 'sessions');
	state = reduce(state, {type: 'timelineLoaded', version: state.timeline!.version, session: sessionRow(1), lines, omitted: 0});
	state = type(state, 'j');
	state = press(state, {return: true});
	assert.equal(state.timeline?.opening, 3, 'the call opens its outcome event');
	state = reduce(state, {type: 'timelineEvent', id: 3, row: eventRow(3)});
	assert.equal(state.overlay?.kind, 'detail');
	state = type(state, ']');
	assert.equal(state.timeline?.cursor, 2, '] steps to the next timeline line');
	assert.equal(state.timeline?.opening, 9);
	state = reduce(state, {type: 'timelineEvent', id: 9, row: eventRow(9, {event: 'HookFailure'})});
	assert.equal(state.overlay?.kind === 'detail' && state.overlay.row.id, 9);
	state = press(state, {escape: true});
	assert.equal(state.overlay, null);
	assert.ok(state.timeline, 'Esc closes the detail, back on the timeline');
	state = type(state, 'q');
	assert.equal(state.timeline, null);
	assert.equal(state.pane, 'sessions');
	state = press(state, {return: true});
	state = press(state, {escape: true});
	assert.equal(state.timeline, null);
	assert.equal(state.pane, 'sessions');
});

test('openTimeline lands on the line of an event: a hook failure on its call', () => {
	let state = reduce(start(), {type: 'openTimeline', sessionId: 'session-0001', eventId: 9});
	assert.equal(state.timeline?.from, 'stream');
	state = reduce(state, {type: 'timelineLoaded', version: state.timeline!.version, session: null, lines, omitted: 0});
	assert.equal(state.timeline?.cursor, 1);
	state = reduce(state, {type: 'stats', stats: {total: 5}});
	state = reduce(state, {type: 'stats', stats: {total: 6}});
	assert.equal(state.timeline?.request, true, 'new events read the timeline again');
	const moved = [line('new', [10]), ...lines];
	state = reduce(state, {type: 'timelineLoaded', version: state.timeline!.version, session: null, lines: moved, omitted: 0});
	assert.equal(state.timeline?.cursor, 2, 'the cursor stays on its line');
	state = type(state, 'q');
	assert.equal(state.pane, 'stream');
});

test('the hooks pane: Enter takes a failing hook to its last failure in the timeline', () => {
	let state = type(start(), 'H');
	assert.equal(state.hooks.request, true);
	const failure = {
		id: 42,
		ts: 5,
		hookName: 'PreToolUse:Bash',
		blocking: false,
		exitCode: 1,
		stderr: 'nope',
		headline: 'nope',
		sessionId: 'session-0007',
		toolUseId: 'toolu_1',
		project: null,
	};
	const report: HookHealthReport = {
		project: '/home/dev/webapp',
		files: [],
		problems: [],
		hooks: [
			{
				command: 'guard.sh',
				configured: [],
				failures: 1,
				blocking: 0,
				nonBlocking: 1,
				exitCodes: {'1': 1},
				hookNames: ['PreToolUse:Bash'],
				sessions: 1,
				firstFailureTs: 5,
				lastFailure: failure,
			},
			{
				command: 'fine.sh',
				configured: [],
				failures: 0,
				blocking: 0,
				nonBlocking: 0,
				exitCodes: {},
				hookNames: [],
				sessions: 0,
				firstFailureTs: null,
				lastFailure: null,
			},
		],
	};
	state = reduce(state, {type: 'hooksLoaded', version: state.hooks.version, report});
	assert.equal(state.hooks.request, false);
	state = press(type(state, 'j'), {return: true});
	assert.match(state.toast ?? '', /no failure/);
	state = press(type(state, 'k'), {return: true});
	assert.equal(state.timeline?.sessionId, 'session-0007');
	assert.equal(state.timeline?.focusEventId, 42);
	state = press(state, {escape: true});
	assert.equal(state.pane, 'hooks');
	assert.equal(type(state, 'R').hooks.request, true);
});
