import type {EventRow} from '../../../store/events.js';
import type {HookHealthReport} from '../../../store/hooks.js';
import type {SessionRow, SessionSort} from '../../../store/sessions.js';
import type {TimelineLine} from '../timeline/lines.js';
import type {FilterTerm, PaneId} from '../../state.js';

// State of the sessions pane, a session's timeline and the hooks pane (issues 5 and 7).

export interface SessionsState {
	/** A window of the sorted, filtered sessions: rows[0] is number `offset` of `total`. */
	rows: SessionRow[];
	offset: number;
	total: number;
	/** Absolute index into the whole list, like `top`. */
	cursor: number;
	top: number;
	sort: SessionSort;
	descending: boolean;
	filters: FilterTerm[];
	/** The window start the data hook should read next; answered by `sessionsLoaded` with the same version. */
	request: {version: number; offset: number} | null;
	version: number;
	loaded: boolean;
	/** The session under the cursor before a reload, so the cursor stays on it when the order moves. */
	keep: string | null;
}

export interface TimelineState {
	sessionId: string;
	/** The pane to go back to. */
	from: PaneId;
	/** The event to land on once the rows arrive (an error occurrence, a hook failure). */
	focusEventId: number | null;
	session: SessionRow | null;
	lines: TimelineLine[] | null;
	omitted: number;
	cursor: number;
	top: number;
	version: number;
	/** A read is wanted (open, or the session moved on). */
	request: boolean;
	/** An event to open in the detail view once its row is read. */
	opening: number | null;
}

export interface HooksState {
	/** The project whose settings are read; null: the git root of the current folder. */
	project: string | null;
	report: HookHealthReport | null;
	cursor: number;
	version: number;
	request: boolean;
}

export type SessionAction =
	| {type: 'sessionsLoaded'; version: number; offset: number; rows: SessionRow[]; total: number}
	| {type: 'openTimeline'; sessionId: string; eventId?: number}
	| {type: 'timelineLoaded'; version: number; session: SessionRow | null; lines: TimelineLine[]; omitted: number}
	| {type: 'timelineEvent'; id: number; row: EventRow | null}
	| {type: 'hooksLoaded'; version: number; report: HookHealthReport};

/** Sessions read per window: a few screens either way of the cursor, never the whole table. */
export const sessionWindow = 200;

export function emptySessions(): SessionsState {
	return {
		rows: [],
		offset: 0,
		total: 0,
		cursor: 0,
		top: 0,
		sort: 'last',
		descending: true,
		filters: [],
		request: {version: 1, offset: 0},
		version: 1,
		loaded: false,
		keep: null,
	};
}

export function emptyHooks(project: string | null): HooksState {
	return {project, report: null, cursor: 0, version: 1, request: true};
}

export function emptyTimeline(sessionId: string, from: PaneId, focusEventId: number | null): TimelineState {
	return {sessionId, from, focusEventId, session: null, lines: null, omitted: 0, cursor: 0, top: 0, version: 1, request: true, opening: null};
}
