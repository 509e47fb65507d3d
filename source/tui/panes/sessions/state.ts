import type {SessionUsage} from '../../../events/telemetry-row.js';
import type {SessionRow, SessionSort} from '../../../store/sessions.js';
import type {FilterTerm} from '../../filters.js';

// The sessions pane: one row per session, read a window at a time, sorted and filtered.

export interface SessionsState {
	/** A window of the sorted, filtered sessions: rows[0] is number `offset` of `total`. */
	rows: SessionRow[];
	offset: number;
	total: number;
	/** Claude Code's telemetry for the sessions of the window that have any. */
	usage: ReadonlyMap<string, SessionUsage>;
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
}

export type SessionsAction = {
	type: 'sessionsLoaded';
	version: number;
	offset: number;
	rows: SessionRow[];
	total: number;
	usage?: ReadonlyMap<string, SessionUsage>;
};

/** Sessions read per window: a few screens either way of the cursor, never the whole table. */
export const sessionWindow = 200;

export function emptySessions(): SessionsState {
	return {
		rows: [],
		offset: 0,
		total: 0,
		usage: new Map(),
		cursor: 0,
		top: 0,
		sort: 'last',
		descending: true,
		filters: [],
		request: {version: 1, offset: 0},
		version: 1,
		loaded: false,
	};
}

/** The cursor's session, if its row is loaded. */
export const sessionAtCursor = (sessions: SessionsState): SessionRow | undefined => sessions.rows[sessions.cursor - sessions.offset];
