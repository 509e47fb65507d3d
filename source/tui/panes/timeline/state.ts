import type {SessionUsage} from '../../../events/telemetry-row.js';
import type {EventRow} from '../../../store/events.js';
import type {SessionRow} from '../../../store/sessions.js';
import type {PaneId} from '../../navigation.js';
import type {TimelineLine} from './lines.js';

// A session's timeline, drawn over whichever pane opened it.

export interface TimelineState {
	sessionId: string;
	/** The pane to go back to. */
	from: PaneId;
	/** The event to land on once the rows arrive (an error occurrence, a hook failure). */
	focusEventId: number | null;
	session: SessionRow | null;
	lines: TimelineLine[] | null;
	omitted: number;
	/** What Claude Code reported the session cost; null without telemetry. */
	usage: SessionUsage | null;
	cursor: number;
	top: number;
	version: number;
	/** A read is wanted (open, or the session moved on). */
	request: boolean;
	/** An event to open in the detail view once its row is read. */
	opening: number | null;
}

export type TimelineAction =
	| {type: 'timelineLoaded'; version: number; session: SessionRow | null; lines: TimelineLine[]; omitted: number; usage?: SessionUsage | null}
	| {type: 'timelineEvent'; id: number; row: EventRow | null};

export function emptyTimeline(sessionId: string, from: PaneId, focusEventId: number | null): TimelineState {
	return {sessionId, from, focusEventId, session: null, lines: null, omitted: 0, usage: null, cursor: 0, top: 0, version: 1, request: true, opening: null};
}
