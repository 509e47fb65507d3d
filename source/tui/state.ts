import type {EventRow} from '../store/events.js';
import type {HooksState, SessionAction, SessionsState, TimelineState} from './panes/sessions/state.js';
import {emptyHooks, emptySessions} from './panes/sessions/state.js';
import type {KeyEvent} from './key-matchers.js';
import {emptyErrors, type ErrorsAction, type ErrorsState} from './panes/errors/reduce.js';

/** A pane the Tab key cycles through. The stream is built in; triage adds 'errors' and 'sessions'. */
export type PaneId = 'stream' | 'errors' | 'sessions' | 'hooks';

export type FilterKind = 'search' | 'event' | 'tool' | 'session' | 'project' | 'errors' | 'window' | 'state';

/** One active filter, as the filter bar shows it. Esc removes the last one added. */
export interface FilterTerm {
	kind: FilterKind;
	/** The value queried (a session's full id, an event name, a window in ms as text). */
	value: string;
	/** What the filter bar shows. */
	label: string;
}

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

export interface DetailPayload {
	payload: string | null;
	raw: string | null;
	custom: string | null;
}

export interface PickerOption {
	value: string;
	label: string;
	/** A second column: a session's project and activity. */
	note?: string;
}

export type PickerField = 'event' | 'tool' | 'session' | 'project';

export type Overlay =
	| {kind: 'help'; scroll: number}
	| {kind: 'detail'; row: EventRow; payload: DetailPayload | null | 'missing'; scroll: number}
	| {kind: 'search'; text: string; target?: 'sessions'}
	| {kind: 'picker'; field: PickerField; options: PickerOption[] | null; query: string; cursor: number};

/** Why there is nothing to show, or what went wrong last: the data hook keeps retrying. */
export type Connection = {kind: 'connecting'} | {kind: 'missing'} | {kind: 'empty'} | {kind: 'ready'} | {kind: 'failing'; message: string};

export interface HeaderStats {
	/** Total events; counted once, then kept up by what polls see. */
	total: number | null;
	/** Events per minute, oldest first, the last entry being the current minute. */
	perMinute: number[];
	spool: number;
}

export interface State {
	dbPath: string;
	columns: number;
	rows: number;
	color: boolean;
	panes: PaneId[];
	pane: PaneId;
	overlay: Overlay | null;
	filters: FilterTerm[];
	/** Bumped on every filter change; results for an older generation are dropped. */
	filterVersion: number;
	stream: StreamState;
	errors: ErrorsState;
	connection: Connection;
	stats: HeaderStats;
	sessions: SessionsState;
	/** A session's timeline, over whichever pane opened it; Esc goes back there. */
	timeline: TimelineState | null;
	hooks: HooksState;
	/** A short message in the footer (copied, filter applied), cleared by the next key. */
	toast: string | null;
	/** Bumped by `y`: the app copies the open payload when it changes. */
	copySeq: number;
	seq: number;
	/** Bumped on every poll so the screen is redrawn (see use-event-source.ts). */
	paints: number;
	quit: boolean;
}

export type Action =
	| {type: 'key'; input: string; key: KeyEvent}
	| {type: 'resize'; columns: number; rows: number}
	| {type: 'connection'; connection: Connection}
	| {type: 'loaded'; seq: number; filterVersion: number; rows: EventRow[]; lastSeenId?: number}
	| {type: 'polled'; filterVersion: number; rows: EventRow[]; lastSeenId: number}
	| {type: 'stats'; stats: Partial<HeaderStats>}
	| {type: 'detailPayload'; id: number; payload: DetailPayload | 'missing'}
	| {type: 'pickerOptions'; field: PickerField; options: PickerOption[]}
	| {type: 'toast'; text: string}
	| {type: 'repaint'}
	| ErrorsAction
	| SessionAction;

export const sparkMinutes = 30;
/** Rows kept in memory at most: a few screens either way of the cursor. */
export const maxBufferRows = 3000;
/** Rows fetched per keyset page. */
export const pageRows = 500;

/** Lines the screen gives the event list: header (2), column titles (1) and footer (1) take the rest. One line stays free so Ink never clears the whole screen. */
export const listHeight = (state: Pick<State, 'rows'>) => Math.max(3, state.rows - 5);
/** Lines for an overlay body (detail, help, picker): everything below the header and above the footer. */
export const overlayHeight = (state: Pick<State, 'rows'>) => Math.max(3, state.rows - 4);

export function emptyStream(seq: number): StreamState {
	return {rows: [], cursor: 0, top: 0, following: true, hasOlder: false, hasNewer: false, lastSeenId: 0, request: {kind: 'tail', seq}, loaded: false};
}

export function initialState(options: {dbPath: string; columns: number; rows: number; color: boolean; panes?: PaneId[]; project?: string}): State {
	return {
		dbPath: options.dbPath,
		columns: options.columns,
		rows: options.rows,
		color: options.color,
		panes: options.panes ?? ['stream', 'errors', 'sessions', 'hooks'],
		pane: 'stream',
		overlay: null,
		filters: [],
		filterVersion: 0,
		stream: emptyStream(1),
		errors: emptyErrors(),
		connection: {kind: 'connecting'},
		stats: {total: null, perMinute: new Array<number>(sparkMinutes).fill(0), spool: 0},
		sessions: emptySessions(),
		timeline: null,
		hooks: emptyHooks(options.project ?? null),
		toast: null,
		copySeq: 0,
		seq: 1,
		paints: 0,
		quit: false,
	};
}
