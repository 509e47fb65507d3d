import assert from 'node:assert/strict';
import {test} from 'node:test';
import {countErrors, groupId} from '../../source/store/error-groups.js';
import {occurrencePage} from '../../source/tui/panes/errors/state.js';
import type {KeyEvent} from '../../source/tui/key-matchers.js';
import {helpRows} from '../../source/tui/overlays/help.js';
import {reduce} from '../../source/tui/reduce.js';
import {type Action, initialState, type State} from '../../source/tui/state.js';
import {errorGroup as group, eventRow, eventRows} from './rows.js';

const press = (state: State, input: string, key: KeyEvent = {}) => reduce(state, {type: 'key', input, key});
const keys = (state: State, ...inputs: Array<string | KeyEvent>) =>
	inputs.reduce<State>((current, input) => (typeof input === 'string' ? press(current, input) : press(current, '', input)), state);

const groups = [group('Bash: exit <n>', 30), group('Read: File does not exist', 20), group('guard.sh: refusing', 10, {fresh: 0, state: 'acknowledged'})];
const listed = (state: State, list = groups, showMuted = false): State =>
	reduce(state, {type: 'errorGroups', showMuted, groups: list, mutedHidden: 0, counts: countErrors(list), hooks: {}});

function ready(): State {
	let state = initialState({dbPath: '/tmp/x.db', columns: 80, rows: 24, color: false});
	state = reduce(state, {type: 'connection', connection: {kind: 'ready'}});
	const request = state.stream.request!;
	state = reduce(state, {type: 'loaded', seq: request.seq, filterVersion: state.filterVersion, rows: eventRows(1, 40), lastSeenId: 40});
	return listed(state);
}

test('Tab reaches the error pane; j/k move over groups; the triage keys ask for a write and show the change at once', () => {
	let state = keys(ready(), {tab: true});
	assert.equal(state.pane, 'errors');
	state = keys(state, 'j');
	assert.equal(state.errors.cursor, 1);
	state = keys(state, 'a');
	assert.deepEqual(state.errors.write && {...state.errors.write, seq: 0}, {
		seq: 0,
		action: 'ack',
		signature: 'Read: File does not exist',
		seenId: 20,
		groupId: groupId('Read: File does not exist'),
	});
	assert.equal(state.errors.groups![1]!.state, 'acknowledged');
	assert.equal(state.errors.counts!.fresh, 3, 'the acknowledged group no longer counts as new');

	const written = reduce(state, {type: 'triaged', seq: state.errors.write!.seq, text: 'acknowledged'});
	assert.equal(written.errors.write, null);
	assert.equal(written.errors.refresh, state.errors.refresh + 1, 'a written change re-reads the list');
	assert.equal(written.toast, 'acknowledged');

	// Mute hides the group and its counts; the cursor stays in the list.
	const muted = keys(written, 'm');
	assert.deepEqual(
		muted.errors.groups!.map(each => each.signature),
		['Bash: exit <n>', 'guard.sh: refusing'],
	);
	assert.equal(muted.errors.mutedHidden, 1);
	assert.equal(muted.errors.counts!.occurrences, 6);
	assert.equal(muted.errors.write!.action, 'mute');

	const resolved = keys(written, 'r');
	assert.equal(resolved.errors.groups![1]!.state, 'resolved');
	assert.equal(keys(written, 'u').errors.write!.action, 'undo');
});

test('the muted toggle asks for a list with muted groups and ignores a list read for the other setting', () => {
	const state = keys(ready(), {tab: true}, 'M');
	assert.equal(state.errors.showMuted, true);
	const stale = listed(state, groups.slice(0, 1), false);
	assert.equal(stale.errors.groups!.length, 3, 'a list read before the toggle is dropped');
	const withMuted = listed(state, [...groups, group('noise', 5, {state: 'muted'})], true);
	assert.equal(withMuted.errors.groups!.length, 4);
	assert.equal(withMuted.errors.counts!.groups, 3, 'muted groups never count');
});

test('a new list keeps the cursor on its group when the order changes', () => {
	const state = keys(ready(), {tab: true}, 'j');
	const reordered = listed(state, [groups[1]!, groups[0]!, groups[2]!].reverse());
	assert.equal(reordered.errors.groups![reordered.errors.cursor]!.signature, 'Read: File does not exist');
});

test('Enter opens a group (keyset-paged occurrences), Enter an occurrence, Enter its place; Esc and q step back', () => {
	let state = keys(ready(), {tab: true}, {return: true});
	const open = state.errors.open!;
	assert.equal(open.signature, 'Bash: exit <n>');
	assert.equal(open.request!.beforeId, undefined);
	const page = eventRows(1, occurrencePage, {status: 'error', signature: 'Bash: exit <n>'}).reverse();
	state = reduce(state, {type: 'occurrences', seq: open.request!.seq, rows: page, pageSize: occurrencePage});
	assert.equal(state.errors.open!.hasMore, true);
	state = keys(state, 'G');
	assert.equal(state.errors.open!.request!.beforeId, 1, 'near the end, the next page is asked for below the last id');
	state = reduce(state, {type: 'occurrences', seq: state.errors.open!.request!.seq, rows: [], pageSize: occurrencePage});
	assert.equal(state.errors.open!.rows.length, occurrencePage);
	assert.equal(state.errors.open!.hasMore, false);

	state = keys(state, 'g', {return: true});
	assert.equal(state.overlay?.kind, 'detail');
	assert.equal((state.overlay as {row: {id: number}}).row.id, occurrencePage);
	state = keys(state, '[');
	assert.equal((state.overlay as {row: {id: number}}).row.id, occurrencePage - 1, '[ steps to the older occurrence');

	state = keys(state, {return: true});
	const locate = state.errors.locate!;
	assert.equal(locate.row.id, occurrencePage - 1);
	const target = eventRow(7, {session_id: 'sess-b', event: 'PreToolUse'});
	state = reduce(state, {type: 'located', seq: locate.seq, target});
	assert.equal(state.overlay, null);
	assert.deepEqual(
		state.timeline && [state.timeline.sessionId, state.timeline.focusEventId, state.timeline.from],
		['sess-b', 7, 'errors'],
		"its place in its session's timeline",
	);
	assert.match(state.toast ?? '', /in its session's timeline/);
	const returned = keys(state, {escape: true});
	assert.deepEqual([returned.timeline, returned.pane, returned.errors.open !== null], [null, 'errors', true], 'Esc comes back to the occurrences');

	const back = keys(ready(), {tab: true}, {return: true});
	assert.equal(keys(back, {escape: true}).errors.open, null);
	assert.equal(keys(back, 'q').errors.open, null, 'q closes the occurrences before leaving the pane');
	assert.equal(keys(back, 'q', 'q').pane, 'stream');
});

test('an around page puts the cursor on the event and hands over to the poller when it reached the end', () => {
	let state = ready();
	state = {...state, stream: {...state.stream, request: {kind: 'around', seq: 99, id: 30}}};
	state = reduce(state, {type: 'loaded', seq: 99, filterVersion: state.filterVersion, rows: eventRows(1, 45), lastSeenId: 45});
	assert.equal(state.stream.rows[state.stream.cursor]!.id, 30);
	assert.deepEqual([state.stream.hasOlder, state.stream.hasNewer, state.stream.following, state.stream.lastSeenId], [false, false, false, 45]);
});

test('e and E ask for the adjacent error; an answer moves the cursor, reads a page around it, or says there is none', () => {
	let state = keys(ready(), 'k', 'k');
	const from = state.stream.rows[state.stream.cursor]!.id;
	state = keys(state, 'e');
	assert.deepEqual(state.errors.jump && {...state.errors.jump, seq: 0}, {seq: 0, fromId: from, direction: 'next', steps: 1});
	assert.equal(keys(state, 'e').errors.jump!.steps, 2, 'e again before the answer: one step further, from the same row');
	const loaded = reduce(state, {type: 'errorJump', seq: state.errors.jump!.seq, row: eventRow(12, {status: 'error'})});
	assert.equal(loaded.stream.rows[loaded.stream.cursor]!.id, 12);
	assert.equal(loaded.stream.request, null);

	const far = reduce(keys(ready(), 'E'), {type: 'errorJump', seq: keys(ready(), 'E').errors.jump!.seq, row: eventRow(5000, {status: 'error'})});
	assert.deepEqual(far.stream.request && {...far.stream.request, seq: 0}, {kind: 'around', seq: 0, id: 5000});

	const none = keys(ready(), 'e');
	const answered = reduce(none, {type: 'errorJump', seq: none.errors.jump!.seq, row: null} as Action);
	assert.match(answered.toast!, /no newer error/);
});

test('the help lists the error pane keys from the key table', () => {
	const rows = helpRows();
	for (const [keysText, action] of [
		['e', /next error/],
		['E', /previous error/],
		['a', /acknowledge/],
		['m', /mute/],
		['r', /resolve/],
		['u', /undo/],
		['M', /muted/],
	] as const) {
		assert.ok(
			rows.some(row => row.keys === keysText && action.test(row.action)),
			`${keysText} in the help`,
		);
	}
	assert.ok(rows.some(row => row.where === 'Errors pane'));
});
