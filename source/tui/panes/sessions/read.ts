import type {ReadDb} from '../../../store/db.js';
import type {SessionUsage} from '../../../events/telemetry-row.js';
import {countSessions, listSessions, type SessionRow} from '../../../store/sessions.js';
import {sessionsUsage} from '../../../store/telemetry.js';
import {toSessionFilter} from './reduce.js';
import {type SessionsState, sessionWindow} from './state.js';

// The read behind the sessions pane: bounded, over the viewer's read-only connection.

export interface SessionsWindow {
	rows: SessionRow[];
	total: number;
	offset: number;
	/** What Claude Code reported the window's sessions cost, for those with telemetry. */
	usage: Map<string, SessionUsage>;
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
		return {
			rows: listSessions(db, {filter, sort: sessions.sort, descending: sessions.descending, limit: sessionWindow, offset: start}),
			total,
			offset: start,
			usage: new Map(),
		};
	};
	const asked = read(offset);
	const holds = (window: SessionsWindow) => window.rows.some(row => row.sessionId === options.follow);
	const withUsage = (window: SessionsWindow): SessionsWindow => ({
		...window,
		usage: sessionsUsage(
			db,
			window.rows.map(row => row.sessionId),
		),
	});
	if (!options.follow || holds(asked)) return withUsage(asked);
	for (const edge of [0, total - sessionWindow]) {
		if (Math.max(0, edge) === asked.offset) continue;
		const window = read(edge);
		if (holds(window)) return withUsage(window);
	}
	return withUsage(asked);
}
