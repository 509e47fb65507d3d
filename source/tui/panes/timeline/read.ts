import {joinTelemetry} from '../../../events/telemetry-join.js';
import type {SessionUsage} from '../../../events/telemetry-row.js';
import {buildTimeline, flattenTimeline} from '../../../events/timeline.js';
import type {ReadDb} from '../../../store/db.js';
import {eventById, type EventRow} from '../../../store/events.js';
import {sessionById, type SessionRow} from '../../../store/sessions.js';
import {sessionTelemetry} from '../../../store/telemetry.js';
import {sessionEvents} from '../../../store/timeline.js';
import {type TimelineLine, timelineLines} from './lines.js';

// The reads behind a session's timeline: bounded, over the viewer's read-only connection.

export interface TimelineRead {
	session: SessionRow | null;
	lines: TimelineLine[];
	omitted: number;
	/** What Claude Code reported the session cost; null without telemetry. */
	usage: SessionUsage | null;
}

/** A session's timeline as lines: events paired and nested (events/timeline.ts), hook failures under their calls. */
export function timelineRead(db: ReadDb, sessionId: string): TimelineRead {
	const {session, events, omitted} = sessionEvents(db, sessionId);
	const rows = flattenTimeline(buildTimeline(events, {sessionEnded: session?.state === 'ended'}));
	const telemetry = sessionTelemetry(db, sessionId);
	const joined = joinTelemetry(rows, telemetry);
	return {session: session ?? null, lines: timelineLines(rows, events, session?.project ?? null, joined), omitted, usage: telemetry.usage};
}

/** The last event id of a session, to tell whether its timeline needs reading again. */
export const sessionLastId = (db: ReadDb, sessionId: string): number | null => sessionById(db, sessionId)?.lastId ?? null;

export const eventRow = (db: ReadDb, id: number): EventRow | null => eventById(db, id) ?? null;
