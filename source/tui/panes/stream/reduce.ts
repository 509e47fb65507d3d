import type {EventRow} from '../../../store/events.js';
import {maxBufferRows, pageRows, type StreamRequest, type StreamState} from '../../state.js';

// The stream's window onto the table: pure functions over StreamState, used by the reducer.

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/**
 * Keeps the cursor inside the rows and on screen, keeps the screen full, and asks for the next page
 * when the cursor comes within two screens of either end of what is loaded.
 */
export function settle(stream: StreamState, height: number, nextSeq: () => number): StreamState {
	const last = stream.rows.length - 1;
	const cursor = stream.following ? Math.max(0, last) : clamp(stream.cursor, 0, Math.max(0, last));
	let top = stream.top;
	if (cursor < top) top = cursor;
	if (cursor >= top + height) top = cursor - height + 1;
	top = clamp(top, 0, Math.max(0, stream.rows.length - height));
	let request = stream.request;
	if (!request && stream.loaded && stream.rows.length > 0) {
		if (stream.hasOlder && cursor < height * 2) request = {kind: 'older', seq: nextSeq(), beforeId: stream.rows[0]!.id};
		else if (stream.hasNewer && last - cursor < height * 2) request = {kind: 'newer', seq: nextSeq(), afterId: stream.rows[last]!.id};
	}
	return {...stream, cursor, top, request};
}

export function moveCursor(stream: StreamState, delta: number): StreamState {
	if (stream.rows.length === 0) return stream;
	const following = stream.following && delta >= 0;
	return {...stream, following, cursor: stream.cursor + delta};
}

/** `g`: the oldest matching event. Loaded from the head of the table when it is not in memory. */
export function toOldest(stream: StreamState, seq: number): StreamState {
	if (!stream.hasOlder) return {...stream, following: false, cursor: 0};
	return {...stream, following: false, request: {kind: 'head', seq}};
}

/** `G`/End/`f`: the newest event, following again. Reloads the tail when newer rows were dropped. */
export function toNewest(stream: StreamState, seq: number): StreamState {
	if (stream.hasNewer) return {...stream, following: true, request: {kind: 'tail', seq}};
	return {...stream, following: true, cursor: Math.max(0, stream.rows.length - 1)};
}

/** Rows above the last loaded id, without any already held (a page and a poll can overlap). */
function newerThanLoaded(stream: StreamState, rows: readonly EventRow[]): EventRow[] {
	const lastId = stream.rows.at(-1)?.id ?? 0;
	return rows.filter(row => row.id > lastId);
}

/** Drops rows from the top (oldest) end so the buffer stays bounded; the cursor keeps its row. */
function trimTop(stream: StreamState): StreamState {
	const excess = stream.rows.length - maxBufferRows;
	if (excess <= 0) return stream;
	return {...stream, rows: stream.rows.slice(excess), cursor: stream.cursor - excess, top: Math.max(0, stream.top - excess), hasOlder: true};
}

function trimBottom(stream: StreamState): StreamState {
	if (stream.rows.length <= maxBufferRows) return stream;
	return {...stream, rows: stream.rows.slice(0, maxBufferRows), hasNewer: true};
}

/** A page the data hook loaded for `request`, oldest first. */
export function applyPage(stream: StreamState, request: StreamRequest, rows: EventRow[], lastSeenId?: number): StreamState {
	const full = rows.length >= pageRows;
	const base = {...stream, request: null, loaded: true, lastSeenId: lastSeenId ?? stream.lastSeenId};
	switch (request.kind) {
		case 'tail':
			return {...base, rows, cursor: rows.length - 1, top: 0, hasOlder: full, hasNewer: false, following: true};
		case 'head':
			return {
				...base,
				rows,
				cursor: 0,
				top: 0,
				hasOlder: false,
				hasNewer: full,
				following: false,
				lastSeenId: full ? base.lastSeenId : Math.max(base.lastSeenId, rows.at(-1)?.id ?? 0),
			};
		case 'older': {
			const older = rows.filter(row => row.id < (stream.rows[0]?.id ?? Number.MAX_SAFE_INTEGER));
			return trimBottom({...base, rows: [...older, ...stream.rows], cursor: stream.cursor + older.length, top: stream.top + older.length, hasOlder: full});
		}
		case 'around': {
			// Half a page each side of the event; the poller takes over when the newer half reached the end.
			const half = pageRows / 2;
			const older = rows.filter(row => row.id <= request.id).length;
			const hasNewer = rows.length - older >= half;
			const cursor = Math.max(0, older - 1);
			const lastSeen = hasNewer ? base.lastSeenId : Math.max(base.lastSeenId, rows.at(-1)?.id ?? 0);
			return {...base, rows, cursor, top: Math.max(0, cursor - 10), hasOlder: older >= half, hasNewer, following: false, lastSeenId: lastSeen};
		}
		case 'newer': {
			// Reaching the newest rows hands over to the poller, from the last row loaded.
			const lastSeen = full ? base.lastSeenId : Math.max(base.lastSeenId, rows.at(-1)?.id ?? 0);
			return trimTop({...base, rows: [...stream.rows, ...newerThanLoaded(stream, rows)], hasNewer: full, lastSeenId: lastSeen});
		}
	}
}

/** New rows from a poll. Appended when the buffer holds the newest rows; otherwise paging will reach them. */
export function applyPoll(stream: StreamState, rows: EventRow[], lastSeenId: number, height: number): StreamState {
	// Not holding the newest rows: paging down will load them, and the poll resumes from there.
	if (stream.hasNewer || !stream.loaded) return stream;
	const seen = {...stream, lastSeenId: Math.max(stream.lastSeenId, lastSeenId)};
	const fresh = newerThanLoaded(stream, rows);
	if (fresh.length === 0) return seen;
	const grown = {...seen, rows: [...stream.rows, ...fresh]};
	if (grown.rows.length <= maxBufferRows) return grown;
	// Paused far up the buffer: keep the rows around the cursor and let the newest go (paging brings them back).
	const excess = grown.rows.length - maxBufferRows;
	return stream.following || stream.cursor - excess >= height * 2 ? trimTop(grown) : trimBottom(grown);
}
