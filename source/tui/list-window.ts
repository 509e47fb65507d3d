import type {KeyCommand} from './key-bindings.js';

// The one list primitive every pane and picker uses (lnav's listview, gemini's BaseSelectionList):
// a cursor over `length` rows, of which `height` are on screen from `top`. Pure functions; each pane
// keeps its window in its own state and its rows wherever they come from.

export interface ListWindow {
	/** Index of the selected row. */
	cursor: number;
	/** Index of the first row on screen. */
	top: number;
}

/** How a movement key moves a cursor: by rows, or to the first or last row. */
export type Step = number | 'top' | 'bottom';

export const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/** What a movement key means for a list shown `height` rows at a time; null when the command is not a movement. */
export function stepOf(command: KeyCommand, height: number): Step | null {
	switch (command) {
		case 'down':
			return 1;
		case 'up':
			return -1;
		case 'pageDown':
			return height;
		case 'pageUp':
			return -height;
		case 'halfDown':
			return Math.ceil(height / 2);
		case 'halfUp':
			return -Math.ceil(height / 2);
		case 'top':
			return 'top';
		case 'bottom':
			return 'bottom';
		default:
			return null;
	}
}

/**
 * The cursor inside the rows and on screen, and the screen as full as the rows allow. Whatever
 * happened to the rows (fewer, more, a smaller terminal), this puts the window right again; with no
 * rows both are 0. Returns `list` itself when nothing moved.
 */
export function settle<T extends ListWindow>(list: T, length: number, height: number): T {
	const rows = Math.max(1, height);
	const cursor = clamp(list.cursor, 0, Math.max(0, length - 1));
	let top = list.top;
	if (cursor < top) top = cursor;
	if (cursor >= top + rows) top = cursor - rows + 1;
	top = clamp(top, 0, Math.max(0, length - rows));
	return cursor === list.cursor && top === list.top ? list : {...list, cursor, top};
}

/** The cursor moved by a step (down past the end stops on the last row), the window following it. */
export function move<T extends ListWindow>(list: T, step: Step, length: number, height: number): T {
	const cursor = step === 'top' ? 0 : step === 'bottom' ? length - 1 : list.cursor + step;
	return settle({...list, cursor}, length, height);
}

/** The cursor put on `index`, with `above` rows over it on screen when there are (a jump lands in view, not on an edge). */
export function jumpTo<T extends ListWindow>(list: T, index: number, length: number, height: number, above = Math.floor(height / 2)): T {
	return settle({...list, cursor: index, top: index - above}, length, height);
}

/**
 * After the rows were read again (re-sorted, grown, some gone): the cursor stays on the row it was on,
 * now at `index`; when that row is gone (`index` -1) the cursor keeps its place, so it lands on the
 * row that took the place, or on the last row when the list got shorter.
 */
export function reselect<T extends ListWindow>(list: T, index: number, length: number, height: number): T {
	return settle(index >= 0 ? {...list, cursor: index} : list, length, height);
}

/** Rows added (`count` > 0) or removed (< 0) before the first row: cursor and window keep their rows. */
export function shift<T extends ListWindow>(list: T, count: number): T {
	return count === 0 ? list : {...list, cursor: list.cursor + count, top: Math.max(0, list.top + count)};
}

/** A scroll offset into `length` lines shown `height` at a time: never past the last screenful. */
export const scrollTo = (offset: number, length: number, height: number): number => clamp(offset, 0, Math.max(0, length - Math.max(1, height)));
