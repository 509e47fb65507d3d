import assert from 'node:assert/strict';
import {test} from 'node:test';
import {jumpTo, type ListWindow, move, reselect, scrollTo, settle, shift, stepOf} from '../../source/tui/list-window.js';

const at = (cursor: number, top = 0): ListWindow => ({cursor, top});

/** The window's promises, for any list: the cursor on a row and on screen, the screen as full as it can be. */
function assertWindow(list: ListWindow, length: number, height: number, what = '') {
	const context = `${what} ${JSON.stringify({...list, length, height})}`;
	if (length === 0) {
		assert.deepEqual([list.cursor, list.top], [0, 0], `an empty list: ${context}`);
		return;
	}
	assert.ok(list.cursor >= 0 && list.cursor < length, `the cursor on a row: ${context}`);
	assert.ok(list.cursor >= list.top && list.cursor < list.top + height, `the cursor on screen: ${context}`);
	assert.ok(list.top >= 0 && list.top <= Math.max(0, length - height), `no empty lines below the rows: ${context}`);
}

test('an empty list: every movement leaves cursor and top at 0', () => {
	for (const step of [1, -1, 20, -20, 'top', 'bottom'] as const) assert.deepEqual(move(at(0), step, 0, 10), at(0));
	assert.deepEqual(settle(at(7, 3), 0, 10), at(0), 'rows that all went away');
	assert.deepEqual(jumpTo(at(0), 5, 0, 10), at(0));
	assert.deepEqual(reselect(at(4, 2), -1, 0, 10), at(0));
});

test('moving stops at the ends, and the window follows the cursor by the least it can', () => {
	let list = at(0);
	list = move(list, 1, 100, 10);
	assert.deepEqual(list, at(1));
	list = move(list, 12, 100, 10);
	assert.deepEqual(list, at(13, 4), 'the cursor on the last line of the screen');
	list = move(list, -6, 100, 10);
	assert.deepEqual(list, at(7, 4), 'inside the screen, the window stays');
	list = move(list, -5, 100, 10);
	assert.deepEqual(list, at(2, 2), 'above it, the cursor becomes the first line');
	assert.deepEqual(move(list, -50, 100, 10), at(0, 0));
	assert.deepEqual(move(list, 500, 100, 10), at(99, 90));
	assert.deepEqual(move(list, 'bottom', 100, 10), at(99, 90));
	assert.deepEqual(move(at(99, 90), 'top', 100, 10), at(0, 0));
});

test('a list shorter than the screen starts at its first row', () => {
	assert.deepEqual(move(at(0), 'bottom', 4, 10), at(3, 0));
	assert.deepEqual(settle(at(3, 2), 4, 10), at(3, 0));
});

test('a resize keeps the cursor on screen and the screen full', () => {
	let list = move(at(0), 60, 100, 30);
	assert.deepEqual(list, at(60, 31));
	list = settle(list, 100, 5);
	assert.deepEqual(list, at(60, 56), 'a smaller terminal: the window comes down to the cursor');
	list = settle(list, 100, 60);
	assert.deepEqual(list, at(60, 40), 'a taller one: no empty lines below the last row');
	assert.deepEqual(settle(at(3, 0), 100, 0), at(3, 3), 'a zero-line list still shows the cursor row');
});

test('rows that vanish under the cursor', () => {
	// The cursor's row was deleted: the row that took its place is selected.
	assert.deepEqual(reselect(at(5, 2), -1, 9, 4), at(5, 2));
	// The cursor was on one of the last rows and the list lost them: the last row is selected.
	assert.deepEqual(reselect(at(8, 5), -1, 3, 4), at(2, 0));
	// The row is still there, elsewhere: the cursor goes with it and the window follows.
	assert.deepEqual(reselect(at(8, 5), 0, 9, 4), at(0, 0));
	assert.deepEqual(reselect(at(0, 0), 7, 9, 4), at(7, 4));
	// Rows removed above (a trimmed buffer) and added above (an older page) keep the cursor's row.
	assert.deepEqual(shift(at(700, 690), -500), at(200, 190));
	assert.deepEqual(shift(at(3, 1), -2), at(1, 0), 'the window never starts above the first row');
	assert.deepEqual(shift(at(3, 1), 500), at(503, 501));
});

test('a jump puts its row on screen, away from the edge when the rows allow', () => {
	assert.deepEqual(jumpTo(at(0), 50, 100, 10), at(50, 45));
	assert.deepEqual(jumpTo(at(0), 50, 100, 9, 3), at(50, 47));
	assert.deepEqual(jumpTo(at(0), 2, 100, 10), at(2, 0), 'near the start');
	assert.deepEqual(jumpTo(at(0), 98, 100, 10), at(98, 90), 'near the end');
	assert.deepEqual(jumpTo(at(0), 500, 100, 10), at(99, 90), 'past the end: the last row');
});

test('movement keys: rows, pages, half pages, the ends; anything else is no movement', () => {
	assert.deepEqual(
		(['down', 'up', 'pageDown', 'pageUp', 'halfDown', 'halfUp', 'top', 'bottom', 'open'] as const).map(command => stepOf(command, 9)),
		[1, -1, 9, -9, 5, -5, 'top', 'bottom', null],
	);
});

test('a scroll offset stays between the first line and the last screenful', () => {
	assert.equal(scrollTo(-3, 100, 20), 0);
	assert.equal(scrollTo(50, 100, 20), 50);
	assert.equal(scrollTo(500, 100, 20), 80);
	assert.equal(scrollTo(5, 10, 20), 0, 'shorter than the screen: no scrolling');
});

test('any sequence of moves, resizes and changed rows keeps the window sound', () => {
	let seed = 42;
	const random = (n: number) => {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		return seed % n;
	};
	let list = at(0);
	let length = 50;
	let height = 10;
	for (let i = 0; i < 5000; i++) {
		const what = random(6);
		if (what === 0) list = move(list, random(41) - 20, length, height);
		else if (what === 1) list = move(list, random(2) ? 'top' : 'bottom', length, height);
		else if (what === 2) list = settle(list, length, (height = 1 + random(40)));
		else if (what === 3) list = reselect(list, random(3) ? -1 : random(Math.max(1, length)), (length = random(120)), height);
		else if (what === 4) list = jumpTo(list, random(length + 5), length, height, random(height + 1));
		else list = settle(shift(list, random(11) - 5), length, height);
		assertWindow(list, length, height, `step ${i}`);
	}
});
