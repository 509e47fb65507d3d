import type {EventRow} from '../store/events.js';
import type {FilterTerm} from './filters.js';
import type {PickerField} from './overlays/state.js';

// The only way from one pane to another. A pane's reducer returns its own state and, when a key or a
// read leads elsewhere, an Intent; the root reducer (reduce.ts) carries it out. So no pane imports
// another, nor the root state.

/** A pane the Tab key cycles through. */
export type PaneId = 'stream' | 'errors' | 'sessions' | 'hooks';

export type Intent =
	/** An event's payload over the pane. */
	| {to: 'detail'; row: EventRow}
	/** A session's timeline over the pane, on an event's line when given. */
	| {to: 'timeline'; sessionId: string; eventId: number | null}
	/** Back from the timeline to the pane that opened it. */
	| {to: 'closeTimeline'}
	/** The stream, its cursor on an event. */
	| {to: 'event'; id: number}
	/** The stream's filters changed: it starts over from the newest matching event. */
	| {to: 'filters'; filters: FilterTerm[]}
	/** e/E: the errors pane's data finds the adjacent error. */
	| {to: 'errorJump'; fromId: number; direction: 'next' | 'previous'}
	| {to: 'search'; text: string; target: 'stream' | 'sessions'}
	| {to: 'picker'; field: PickerField}
	/** Text typed in the search box opened over the sessions pane. */
	| {to: 'searchSessions'; text: string};

/** A pane's answer to a key or a read: its new state, where to go next, a line for the footer. */
export interface Outcome<T> {
	pane: T;
	go?: Intent;
	toast?: string;
}

/** What every pane reducer that starts a read is given: the counter its requests are numbered by. */
export type NextSeq = () => number;
