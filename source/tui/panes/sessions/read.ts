import type {ReadDb} from '../../../store/db.js';
import {countSessions, listSessions, type SessionRow} from '../../../store/sessions.js';
import {toSessionFilter} from './reduce.js';
import {type SessionsState, sessionWindow} from './state.js';

// The read behind the sessions pane: bounded, over the viewer's read-only connection.

export interface SessionsWindow {
	rows: SessionRow[];
	total: number;
	offset: number;
}

/**
 * A window of the sessions list as the pane is sorted and filtered, and how many there are in all.
 * `follow` is the session under the cursor: when new events moved it out of the window asked for
 * (to the top when sorted by last activity, to the end when that order is reversed), the window it
 * went to is read instead, so the cursor can stay on it.
 */
export function sessionsWindow(
	db: ReadDb,
	sessions: Pick<SessionsState, 'filters' | 'sort' | 'descending'>,
	offset: number,
	options: {now?: number; follow?: string | null} = {},
): SessionsWindow {
	const filter = toSessionFilter(sessions.filters, options.now ?? Date.now());
	const total = countSessions(db, filter);
	const read = (from: number): SessionsWindow => {
		const start = Math.max(0, Math.min(from, total - sessionWindow));
		return {rows: listSessions(db, {filter, sort: sessions.sort, descending: sessions.descending, limit: sessionWindow, offset: start}), total, offset: start};
	};
	const asked = read(offset);
	const holds = (window: SessionsWindow) => window.rows.some(row => row.sessionId === options.follow);
	if (!options.follow || holds(asked)) return asked;
	for (const edge of [0, total - sessionWindow]) {
		if (Math.max(0, edge) === asked.offset) continue;
		const window = read(edge);
		if (holds(window)) return window;
	}
	return asked;
}
