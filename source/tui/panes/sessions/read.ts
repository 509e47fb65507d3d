import type {ReadDb} from '../../../store/db.js';
import {countSessions, listSessions, type SessionRow} from '../../../store/sessions.js';
import {toSessionFilter} from './reduce.js';
import {type SessionsState, sessionWindow} from './state.js';

// The read behind the sessions pane: bounded, over the viewer's read-only connection.

/** A window of the sessions list as the pane is sorted and filtered, and how many there are in all. */
export function sessionsWindow(
	db: ReadDb,
	sessions: Pick<SessionsState, 'filters' | 'sort' | 'descending'>,
	offset: number,
	now = Date.now(),
): {rows: SessionRow[]; total: number; offset: number} {
	const filter = toSessionFilter(sessions.filters, now);
	const total = countSessions(db, filter);
	const start = Math.max(0, Math.min(offset, total - sessionWindow));
	return {rows: listSessions(db, {filter, sort: sessions.sort, descending: sessions.descending, limit: sessionWindow, offset: start}), total, offset: start};
}
