import type {EventRow} from '../../../store/events.js';
import {type FilterTerm, findFilter, nextWindow, withFilter, withoutFilter} from '../../filters.js';
import {type KeyCommand, quickEvents} from '../../key-bindings.js';
import {jumpTo, settle as settleWindow, shift, stepOf} from '../../list-window.js';
import type {NextSeq, Outcome} from '../../navigation.js';
import {emptyStream, maxBufferRows, pageRows, type StreamRequest, type StreamState} from './state.js';

// The stream's window onto the table: pure functions over StreamState.

/**
 * Keeps the cursor inside the rows and on screen (on the newest row while following), keeps the
 * screen full, and asks for the next page when the cursor comes within two screens of either end
 * of what is loaded.
 */
export function settle(stream: StreamState, height: number, nextSeq: NextSeq): StreamState {
	const last = stream.rows.length - 1;
	const {cursor, top} = settleWindow(stream.following ? {...stream, cursor: last} : stream, stream.rows.length, height);
	let request = stream.request;
	if (!request && stream.loaded && stream.rows.length > 0) {
		if (stream.hasOlder && cursor < height * 2) request = {kind: 'older', seq: nextSeq(), beforeId: stream.rows[0]!.id};
		else if (stream.hasNewer && last - cursor < height * 2) request = {kind: 'newer', seq: nextSeq(), afterId: stream.rows[last]!.id};
	}
	return cursor === stream.cursor && top === stream.top && request === stream.request ? stream : {...stream, cursor, top, request};
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
	return {...shift(stream, -excess), rows: stream.rows.slice(excess), hasOlder: true};
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
			return trimBottom({...shift(base, older.length), rows: [...older, ...stream.rows], hasOlder: full});
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

/** Puts the stream on an event: the cursor moves there when it is loaded, else a page around it is read. */
export function streamOn(stream: StreamState, id: number, height: number, nextSeq: NextSeq): StreamState {
	const index = stream.rows.findIndex(row => row.id === id);
	if (index >= 0) return jumpTo({...stream, following: false}, index, stream.rows.length, height);
	const seq = nextSeq();
	return {...emptyStream(seq), following: false, request: {kind: 'around', seq, id}};
}

/** The stream's keys: movement and following here; filters, overlays and error jumps are asked of the root. */
export function streamCommand(
	stream: StreamState,
	filters: readonly FilterTerm[],
	command: KeyCommand<'stream'>,
	input: string,
	context: {height: number; nextSeq: NextSeq},
): Outcome<StreamState> {
	const {height, nextSeq} = context;
	const settled = (next: StreamState): Outcome<StreamState> => ({pane: settle(next, height, nextSeq)});
	const refilter = (next: FilterTerm[]): Outcome<StreamState> => ({pane: stream, go: {to: 'filters', filters: next}});
	const step = stepOf(command, height);
	if (typeof step === 'number') return settled(moveCursor(stream, step));
	switch (command) {
		case 'top':
			return settled(toOldest(stream, nextSeq()));
		case 'bottom':
			return settled(toNewest(stream, nextSeq()));
		case 'follow':
			return stream.following ? {pane: {...stream, following: false}} : settled(toNewest(stream, nextSeq()));
		case 'open': {
			const row = stream.rows[stream.cursor];
			return row ? {pane: stream, go: {to: 'detail', row}} : {pane: stream};
		}
		case 'search':
			return {pane: stream, go: {to: 'search', text: findFilter(filters, 'search')?.value ?? '', target: 'stream'}};
		case 'pickEvent':
			return {pane: stream, go: {to: 'picker', field: 'event'}};
		case 'pickTool':
			return {pane: stream, go: {to: 'picker', field: 'tool'}};
		case 'pickSession':
			return {pane: stream, go: {to: 'picker', field: 'session'}};
		case 'pickProject':
			return {pane: stream, go: {to: 'picker', field: 'project'}};
		case 'quickEvent': {
			const event = input === '0' ? undefined : quickEvents[Number(input) - 1];
			const current = findFilter(filters, 'event');
			if (!event || current?.value === event) return current ? refilter(withoutFilter(filters, 'event')) : {pane: stream};
			return refilter(withFilter(filters, {kind: 'event', value: event, label: event}));
		}
		case 'errorsOnly':
			return refilter(
				findFilter(filters, 'errors') ? withoutFilter(filters, 'errors') : withFilter(filters, {kind: 'errors', value: '1', label: 'errors only'}),
			);
		case 'timeWindow': {
			const window = nextWindow(filters);
			return refilter(window ? withFilter(filters, window) : withoutFilter(filters, 'window'));
		}
		case 'clearLast':
			return filters.length > 0 ? refilter(filters.slice(0, -1)) : {pane: stream};
		case 'clearAll':
			return filters.length > 0 ? refilter([]) : {pane: stream};
		case 'nextError':
		case 'prevError': {
			const row = stream.rows[stream.cursor];
			return row ? {pane: stream, go: {to: 'errorJump', fromId: row.id, direction: command === 'nextError' ? 'next' : 'previous'}} : {pane: stream};
		}
		default:
			return {pane: stream};
	}
}
