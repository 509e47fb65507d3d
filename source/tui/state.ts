import type {FilterTerm} from './filters.js';
import type {KeyEvent} from './key-matchers.js';
import type {PaneId} from './navigation.js';
import {emptyErrors, type ErrorsAction, type ErrorsState} from './panes/errors/state.js';
import {emptyHooks, type HooksAction, type HooksState} from './panes/hooks/state.js';
import {emptySessions, type SessionsAction, type SessionsState} from './panes/sessions/state.js';
import {emptyStream, type StreamAction, type StreamState} from './panes/stream/state.js';
import type {TimelineAction, TimelineState} from './panes/timeline/state.js';
import type {Overlay, OverlayAction} from './overlays/state.js';
import {type Connection, sparkMinutes} from './viewer-reader.js';

// The whole viewer's state: each pane's own state (panes/<pane>/state.ts) and what they share.

export interface HeaderStats {
	/** Total events; counted once, then kept up by what polls see. */
	total: number | null;
	/** Events per minute, oldest first, the last entry being the current minute. */
	perMinute: number[];
	spool: number;
	/** eyelet serve, when the database uses the http transport: whether it runs, its rate and queue; null without it. */
	serve: ServeStatus | null;
}

export interface ServeStatus {
	running: boolean;
	perSecond: number;
	queue: number;
	/** Its export to an OpenTelemetry collector, when one is configured: how far behind, and why, if it fails. */
	export: ExportStatus | null;
}

export interface ExportStatus {
	lagMs: number;
	/** The last failure while nothing was acknowledged since, or why the export is off (misconfigured, stopped). */
	error: string | null;
}

export interface State {
	dbPath: string;
	columns: number;
	rows: number;
	color: boolean;
	panes: PaneId[];
	pane: PaneId;
	overlay: Overlay | null;
	/** The stream's filters (the sessions pane keeps its own). */
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
	/** The counter every request to the data hooks is numbered by. */
	seq: number;
	/** Bumped on every poll so the screen is redrawn (see use-viewer-data.ts). */
	paints: number;
	quit: boolean;
}

export type Action =
	| {type: 'key'; input: string; key: KeyEvent}
	| {type: 'resize'; columns: number; rows: number}
	| {type: 'connection'; connection: Connection}
	| {type: 'stats'; stats: Partial<HeaderStats>}
	| {type: 'toast'; text: string}
	| {type: 'repaint'}
	| {type: 'openTimeline'; sessionId: string; eventId?: number}
	| StreamAction
	| OverlayAction
	| ErrorsAction
	| SessionsAction
	| TimelineAction
	| HooksAction;

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
		stats: {total: null, perMinute: new Array<number>(sparkMinutes).fill(0), spool: 0, serve: null},
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
