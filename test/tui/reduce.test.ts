import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bindingsOf, keyBindings, type Scope} from '../../source/tui/key-bindings.js';
import type {KeyEvent} from '../../source/tui/key-matchers.js';
import {splitKeys} from '../../source/tui/key-matchers.js';
import {helpRows} from '../../source/tui/overlays/help.js';
import {reduce} from '../../source/tui/reduce.js';
import {listHeight} from '../../source/tui/layout.js';
import {maxBufferRows, pageRows} from '../../source/tui/panes/stream/state.js';
import {type Action, initialState, type State} from '../../source/tui/state.js';
import {toEventFilter} from '../../source/tui/filters.js';
import {eventRows} from './rows.js';

const start = () => reduce(initialState({dbPath: '/tmp/e.db', columns: 80, rows: 24, color: false}), {type: 'connection', connection: {kind: 'ready'}});

/** Types keys as a fast typist would: every character through splitKeys, as the app does. */
function type(state: State, text: string, key: KeyEvent = {}): State {
	for (const single of splitKeys(text, key)) state = reduce(state, {type: 'key', ...single});
	return state;
}
const press = (state: State, key: KeyEvent) => reduce(state, {type: 'key', input: '', key});

/** Answers the stream's pending request with `rows` (oldest first). */
function answer(state: State, rows: ReturnType<typeof eventRows>, lastSeenId?: number): State {
	const request = state.stream.request;
	assert.ok(request, 'the stream should be asking for a page');
	const action: Action = {type: 'loaded', seq: request.seq, filterVersion: state.filterVersion, rows, ...(lastSeenId === undefined ? {} : {lastSeenId})};
	return reduce(state, action);
}

const loadedTail = () => answer(start(), eventRows(1, 100), 100);
const cursorRow = (state: State) => state.stream.rows[state.stream.cursor];

test('the first page lands with the cursor on the newest row, following', () => {
	const state = loadedTail();
	assert.equal(state.stream.following, true);
	assert.equal(cursorRow(state)?.id, 100);
	assert.equal(state.stream.top, 100 - listHeight(state));
	assert.equal(state.stream.lastSeenId, 100);
});

test('polled rows are appended and followed; moving up pauses and keeps the row under the cursor', () => {
	let state = loadedTail();
	state = reduce(state, {type: 'polled', filterVersion: state.filterVersion, rows: eventRows(101, 103), lastSeenId: 103});
	assert.equal(cursorRow(state)?.id, 103);
	state = type(state, 'kk');
	assert.equal(state.stream.following, false);
	assert.equal(cursorRow(state)?.id, 101);
	state = reduce(state, {type: 'polled', filterVersion: state.filterVersion, rows: eventRows(104, 110), lastSeenId: 110});
	assert.equal(cursorRow(state)?.id, 101, 'paused: new rows do not move the cursor');
	assert.equal(state.stream.rows.at(-1)?.id, 110);
	state = type(state, 'G');
	assert.equal(state.stream.following, true);
	assert.equal(cursorRow(state)?.id, 110);
	state = type(state, 'k');
	state = type(state, 'f');
	assert.equal(state.stream.following, true, 'f resumes');
	assert.equal(press(state, {end: true}).stream.following, true);
});

test('a poll that overlaps rows already loaded adds none twice', () => {
	let state = loadedTail();
	state = reduce(state, {type: 'polled', filterVersion: state.filterVersion, rows: eventRows(99, 102), lastSeenId: 102});
	assert.deepEqual(
		state.stream.rows.slice(-4).map(row => row.id),
		[99, 100, 101, 102],
	);
});

test('scrolling up near the top asks for the previous page by id and keeps the cursor on its row', () => {
	let state = answer(start(), eventRows(1001, 1000 + pageRows), 1000 + pageRows);
	assert.equal(state.stream.hasOlder, true);
	state = press(state, {pageUp: true});
	for (let i = 0; i < 30 && !state.stream.request; i++) state = press(state, {pageUp: true});
	const request = state.stream.request;
	assert.equal(request?.kind, 'older');
	assert.equal(request?.kind === 'older' && request.beforeId, 1001);
	const before = cursorRow(state)!.id;
	state = answer(state, eventRows(1001 - pageRows, 1000));
	assert.equal(cursorRow(state)!.id, before);
	assert.equal(state.stream.rows[0]!.id, 1001 - pageRows);
});

test('the buffer stays bounded however many rows arrive', () => {
	let state = loadedTail();
	for (let from = 101; from < 101 + maxBufferRows * 3; from += pageRows) {
		state = reduce(state, {type: 'polled', filterVersion: state.filterVersion, rows: eventRows(from, from + pageRows - 1), lastSeenId: from + pageRows - 1});
	}
	assert.ok(state.stream.rows.length <= maxBufferRows);
	assert.equal(state.stream.hasOlder, true);
	assert.equal(cursorRow(state)?.id, state.stream.rows.at(-1)?.id);
});

test('g goes to the oldest event: a head page when older rows are not loaded', () => {
	let state = answer(start(), eventRows(1001, 1000 + pageRows), 1000 + pageRows);
	state = type(state, 'g');
	assert.equal(state.stream.request?.kind, 'head');
	state = answer(state, eventRows(1, pageRows));
	assert.equal(cursorRow(state)?.id, 1);
	assert.equal(state.stream.hasNewer, true);
	assert.equal(state.stream.following, false);
	state = type(state, 'G');
	assert.equal(state.stream.request?.kind, 'tail', 'the newest rows were dropped, so G reloads the tail');
});

test('keys typed in one burst are each applied: "/ab" then Enter searches for "ab"', () => {
	let state = type(loadedTail(), '/ab\r');
	assert.equal(state.overlay, null);
	assert.deepEqual(
		state.filters.map(filter => [filter.kind, filter.value]),
		[['search', 'ab']],
	);
	assert.equal(state.stream.request?.kind, 'tail');
	assert.equal(state.stream.rows.length, 0);
	state = type(state, '/');
	state = press(state, {backspace: true});
	state = type(state, 'q?j');
	assert.equal(state.overlay?.kind === 'search' && state.overlay.text, 'aq?j', 'printable keys are text in the search box');
});

test('results for filters that changed since they were asked are dropped', () => {
	let state = start();
	const stale = state.stream.request!;
	state = type(state, 'x');
	const dropped = reduce(state, {type: 'loaded', seq: stale.seq, filterVersion: 0, rows: eventRows(1, 5), lastSeenId: 5});
	assert.equal(dropped.stream.rows.length, 0);
	assert.equal(reduce(state, {type: 'polled', filterVersion: 0, rows: eventRows(1, 5), lastSeenId: 5}).stream.rows.length, 0);
});

test('quick filters: numbers pick an event type (again: off), x errors only, w steps the window, Esc removes the last, c all', () => {
	let state = type(loadedTail(), '3');
	assert.deepEqual(
		state.filters.map(filter => filter.value),
		['PostToolUseFailure'],
	);
	state = type(state, '3');
	assert.deepEqual(state.filters, []);
	state = type(state, '1xw');
	assert.deepEqual(
		state.filters.map(filter => filter.kind),
		['event', 'errors', 'window'],
	);
	const filter = toEventFilter(state.filters, 1_000_000);
	assert.deepEqual(filter.statuses, ['error', 'invalid']);
	assert.equal(filter.event, 'PreToolUse');
	assert.equal(filter.since, 1_000_000 - 5 * 60_000);
	state = type(state, 'w');
	assert.equal(state.filters.at(-1)?.label, 'last 15m');
	state = press(state, {escape: true});
	assert.deepEqual(
		state.filters.map(filter => filter.kind),
		['event', 'errors'],
	);
	state = type(state, 'c');
	assert.deepEqual(state.filters, []);
});

test('pickers: typing narrows, Enter filters by the value', () => {
	let state = type(loadedTail(), 't');
	assert.equal(state.overlay?.kind, 'picker');
	state = reduce(state, {type: 'pickerOptions', field: 'tool', options: ['Bash', 'Edit', 'Read'].map(value => ({value, label: value}))});
	state = type(state, 'ea');
	state = press(state, {return: true});
	assert.equal(state.overlay, null);
	assert.deepEqual(
		state.filters.map(filter => [filter.kind, filter.value]),
		[['tool', 'Read']],
	);
	state = type(state, 'S');
	state = reduce(state, {type: 'pickerOptions', field: 'session', options: [{value: 'abcdef12-full-id', label: 'abcdef12'}]});
	state = press(state, {return: true});
	assert.equal(state.filters.at(-1)?.value, 'abcdef12-full-id');
});

test('Enter opens the cursor row; y asks to copy once the payload is there; Esc and q go back, q then quits', () => {
	let state = type(loadedTail(), 'k\r');
	assert.equal(state.overlay?.kind === 'detail' && state.overlay.row.id, 99);
	state = type(state, 'y');
	assert.equal(state.copySeq, 0);
	state = reduce(state, {type: 'detailPayload', id: 99, payload: {payload: '{"a":1}', raw: null, custom: null}});
	state = type(state, 'y');
	assert.equal(state.copySeq, 1);
	state = type(state, ']');
	assert.equal(state.overlay?.kind === 'detail' && state.overlay.row.id, 100, '] moves to the next event');
	state = press(state, {escape: true});
	assert.equal(state.overlay, null);
	state = type(state, '\r');
	state = type(state, 'q');
	assert.equal(state.overlay, null);
	assert.equal(state.quit, false);
	assert.equal(type(state, 'q').quit, true);
});

test('Ctrl-C quits from anywhere, even while typing a search', () => {
	const state = type(loadedTail(), '/abc');
	assert.equal(reduce(state, {type: 'key', input: 'c', key: {ctrl: true}}).quit, true);
});

test('detail scrolling stops at the end of the payload', () => {
	let state = type(loadedTail(), '\r');
	const payload = JSON.stringify({lines: Array.from({length: 100}, (_, i) => `line ${i}`)});
	state = reduce(state, {type: 'detailPayload', id: 100, payload: {payload, raw: null, custom: null}});
	state = type(state, 'G');
	const bottom = state.overlay?.kind === 'detail' ? state.overlay.scroll : -1;
	assert.ok(bottom > 50);
	state = type(state, 'jjj');
	assert.equal(state.overlay?.kind === 'detail' && state.overlay.scroll, bottom);
	state = type(state, 'g');
	assert.equal(state.overlay?.kind === 'detail' && state.overlay.scroll, 0);
});

test('resizing keeps the cursor on screen', () => {
	let state = loadedTail();
	state = reduce(state, {type: 'resize', columns: 60, rows: 10});
	assert.ok(state.stream.cursor >= state.stream.top && state.stream.cursor < state.stream.top + listHeight(state));
});

test('splitKeys separates a burst into keys and reads Esc+key as Esc, then the key', () => {
	assert.deepEqual(splitKeys('kkG\r', {}), [
		{input: 'k', key: {}},
		{input: 'k', key: {}},
		{input: 'G', key: {shift: true}},
		{input: '', key: {return: true}},
	]);
	assert.deepEqual(splitKeys('x', {meta: true}), [
		{input: '', key: {escape: true}},
		{input: 'x', key: {}},
	]);
	assert.deepEqual(splitKeys('', {upArrow: true}), [{input: '', key: {upArrow: true}}]);
});

test('the help lists every binding of the key table', () => {
	const actions = new Set(helpRows().map(row => row.action));
	for (const scope of Object.keys(keyBindings) as Scope[])
		for (const [command, binding] of bindingsOf(scope)) if (command !== 'quickEvent') assert.ok(actions.has(binding.help), binding.help);
	assert.ok(helpRows().some(row => row.keys === '3' && row.action.includes('PostToolUseFailure')));
});
