import type {EventRow} from '../../../store/events.js';

// The stream: a window of the matching events, paged by id through the whole table.

/** What the stream asks the data hook to load next; answered by a `loaded` action with the same seq. */
export type StreamRequest =
	| {kind: 'tail'; seq: number}
	| {kind: 'head'; seq: number}
	| {kind: 'older'; seq: number; beforeId: number}
	| {kind: 'newer'; seq: number; afterId: number}
	/** A page either side of one event (a jump to an error), the cursor on it. */
	| {kind: 'around'; seq: number; id: number};

export interface StreamState {
	/** A window of the matching events, oldest first; never the whole table. */
	rows: EventRow[];
	cursor: number;
	/** Index of the first row on screen. */
	top: number;
	following: boolean;
	/** Older matching rows may exist before rows[0]. */
	hasOlder: boolean;
	/** Newer matching rows exist after the last loaded row (they were trimmed or never loaded). */
	hasNewer: boolean;
	/** The highest id the poller has looked at for the current filters. */
	lastSeenId: number;
	request: StreamRequest | null;
	/** True once the first page for the current filters arrived. */
	loaded: boolean;
}

export type StreamAction =
	| {type: 'loaded'; seq: number; filterVersion: number; rows: EventRow[]; lastSeenId?: number}
	| {type: 'polled'; filterVersion: number; rows: EventRow[]; lastSeenId: number};

/** Rows kept in memory at most: a few screens either way of the cursor. */
export const maxBufferRows = 3000;
/** Rows fetched per keyset page. */
export const pageRows = 500;

export function emptyStream(seq: number): StreamState {
	return {rows: [], cursor: 0, top: 0, following: true, hasOlder: false, hasNewer: false, lastSeenId: 0, request: {kind: 'tail', seq}, loaded: false};
}
