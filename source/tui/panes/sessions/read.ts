import {buildTimeline, flattenTimeline} from '../../../events/timeline.js';
import {projectRoot} from '../../../settings/claude-settings.js';
import type {ReadDb} from '../../../store/db.js';
import {eventById, type EventRow} from '../../../store/events.js';
import {hookHealth, type HookHealthReport} from '../../../store/hooks.js';
import {countSessions, listSessions, sessionById, type SessionRow} from '../../../store/sessions.js';
import {sessionEvents} from '../../../store/timeline.js';
import {sessionWindow, type SessionsState} from './state.js';
import {toSessionFilter} from './reduce.js';
import {type TimelineLine, timelineLines} from '../timeline/lines.js';

// The reads behind the sessions pane, the timeline and the hooks pane: bounded, over the viewer's read-only connection.

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

export interface TimelineRead {
	session: SessionRow | null;
	lines: TimelineLine[];
	omitted: number;
}

/** A session's timeline as lines: events paired and nested (events/timeline.ts), hook failures under their calls. */
export function timelineRead(db: ReadDb, sessionId: string): TimelineRead {
	const {session, events, omitted} = sessionEvents(db, sessionId);
	const rows = flattenTimeline(buildTimeline(events, {sessionEnded: session?.state === 'ended'}));
	return {session: session ?? null, lines: timelineLines(rows, events, session?.project ?? null), omitted};
}

/** The last event id of a session, to tell whether its timeline needs reading again. */
export const sessionLastId = (db: ReadDb, sessionId: string): number | null => sessionById(db, sessionId)?.lastId ?? null;

export const eventRow = (db: ReadDb, id: number): EventRow | null => eventById(db, id) ?? null;

/** Every hook command known for the project (the git root of the current folder unless given). */
export const hooksRead = (db: ReadDb | null, project: string | null): HookHealthReport => hookHealth(db, {project: project ?? projectRoot(process.cwd())});
