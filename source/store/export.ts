import type {ReadDb, WriteDb} from './db.js';
import type {EventRow} from './events.js';

/**
 * What the OTLP export (source/serve/export/) reads and writes: the events after its cursor, the
 * lookups that turn a session's events into spans, and the cursor itself (migrations/0010-export.sql).
 */

export type ExportStream = 'otlp/logs' | 'otlp/traces';

export interface ExportCursor {
	stream: ExportStream;
	startId: number;
	ackedId: number;
	ackedTs: number | null;
	exported: number;
	endpoint: string | null;
	lastError: string | null;
	lastErrorTs: number | null;
}

interface CursorRow {
	stream: ExportStream;
	start_id: number;
	acked_id: number;
	acked_ts: number | null;
	exported: number;
	endpoint: string | null;
	last_error: string | null;
	last_error_ts: number | null;
}

const toCursor = (row: CursorRow): ExportCursor => ({
	stream: row.stream,
	startId: row.start_id,
	ackedId: row.acked_id,
	ackedTs: row.acked_ts,
	exported: row.exported,
	endpoint: row.endpoint,
	lastError: row.last_error,
	lastErrorTs: row.last_error_ts,
});

export function readCursor(db: ReadDb, stream: ExportStream): ExportCursor | null {
	const row = db.get<CursorRow>('SELECT * FROM export_cursors WHERE stream = ?', [stream]);
	return row ? toCursor(row) : null;
}

export function readCursors(db: ReadDb): ExportCursor[] {
	try {
		return db.all<CursorRow>('SELECT * FROM export_cursors ORDER BY stream').map(toCursor);
	} catch {
		return []; // a database from before schema 10
	}
}

export const newestEventId = (db: ReadDb): number => db.value<number>('SELECT max(id) FROM events') ?? 0;

/**
 * The cursor, created on first use at `startAfter` (the newest event when the daemon started): export
 * sends what is recorded from the day it is configured; history goes out only when asked for
 * (`eyelet export --since`).
 */
export function ensureCursor(db: WriteDb, stream: ExportStream, startAfter = newestEventId(db)): ExportCursor {
	db.run('INSERT INTO export_cursors (stream, start_id, acked_id) VALUES (?, ?, ?) ON CONFLICT (stream) DO NOTHING', [stream, startAfter, startAfter]);
	return readCursor(db, stream)!;
}

/** The collector acknowledged every event up to `ackedId`: only ever forwards. */
export function advanceCursor(db: WriteDb, stream: ExportStream, ackedId: number, records: number, endpoint: string, now: number): void {
	db.run('UPDATE export_cursors SET acked_id = max(acked_id, ?), acked_ts = ?, exported = exported + ?, endpoint = ? WHERE stream = ?', [
		ackedId,
		now,
		records,
		endpoint,
		stream,
	]);
}

export function noteExportError(db: WriteDb, stream: ExportStream, error: string, now: number): void {
	db.run('UPDATE export_cursors SET last_error = ?, last_error_ts = ? WHERE stream = ?', [error, now, stream]);
}

/** A backfill covered history down to `startId`: the range the collector holds grows downwards. */
export function lowerCursorStart(db: WriteDb, stream: ExportStream, startId: number): void {
	db.run('UPDATE export_cursors SET start_id = min(start_id, ?) WHERE stream = ?', [startId, stream]);
}

/** The first event id at or after a time (the events_ts index), for `--since`. */
export function firstIdSince(db: ReadDb, sinceTs: number): number | null {
	return db.value<number>('SELECT id FROM events WHERE ts >= ? ORDER BY ts, id LIMIT 1', [sinceTs]) ?? null;
}

export const countEventsBetween = (db: ReadDb, afterId: number, uptoId: number): number =>
	db.value<number>('SELECT count(*) FROM events WHERE id > ? AND id <= ?', [afterId, uptoId]) ?? 0;

/** An event row as the log records are made from it: a list row (less its folder and size), the stored, redacted payload as JSON text. */
export interface ExportEventRow extends Omit<EventRow, 'cwd' | 'payload_bytes'> {
	prompt_id: string | null;
	hook_command: string | null;
	hook_exit_code: number | null;
	hook_name: string | null;
	custom: string | null;
	payload: string | null;
}

const logColumns = `id, ts, status, origin, project, hostname, git_branch, git_commit, duration_ms, summary, signature, redactions,
  truncated, session_id, event, tool, tool_use_id, agent_id, agent_type, payload ->> '$.prompt_id' AS prompt_id,
  CASE WHEN event = 'HookFailure' THEN payload ->> '$.command' END AS hook_command,
  CASE WHEN event = 'HookFailure' THEN payload ->> '$.exit_code' END AS hook_exit_code,
  CASE WHEN event = 'HookFailure' THEN payload ->> '$.hook_name' END AS hook_name, json(custom) AS custom`;

/** Events after `afterId` (up to `uptoId`), oldest first, with or without their payloads. */
export function eventsAfter(db: ReadDb, afterId: number, uptoId: number, limit: number, withPayload: boolean): ExportEventRow[] {
	const sql = withPayload
		? `SELECT ${logColumns}, json(payload) AS payload FROM events WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`
		: `SELECT ${logColumns}, NULL AS payload FROM events WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`;
	return db.all<ExportEventRow>(sql, [afterId, uptoId, limit]);
}

/** What a span is made from: one event, with the few payload fields the spans carry. */
export interface SpanEventRow {
	id: number;
	ts: number;
	hostname: string | null;
	event: string | null;
	status: string;
	session_id: string | null;
	tool: string | null;
	tool_use_id: string | null;
	agent_id: string | null;
	agent_type: string | null;
	duration_ms: number | null;
	summary: string | null;
	signature: string | null;
	prompt_id: string | null;
	/** HookFailure: the failing hook's command, exit code, its hook ("PreToolUse:Bash") and whether it blocked. */
	hook_command: string | null;
	hook_exit_code: number | null;
	hook_name: string | null;
	hook_blocking: number | null;
	/** PostToolUse of an Agent/Task call: the subagent it ran; PreToolUse of one: the type it asked for. */
	launched_agent_id: string | null;
	requested_agent_type: string | null;
	/** A harvested row's dedupe key (a HookFailure's: its transcript line), the same on every re-read. */
	source_key: string | null;
}

const spanColumns = `id, ts, hostname, event, status, session_id, tool, tool_use_id, agent_id, agent_type, duration_ms, summary, signature, source_key,
  payload ->> '$.prompt_id' AS prompt_id,
  CASE WHEN event = 'HookFailure' THEN payload ->> '$.command' END AS hook_command,
  CASE WHEN event = 'HookFailure' THEN payload ->> '$.exit_code' END AS hook_exit_code,
  CASE WHEN event = 'HookFailure' THEN payload ->> '$.hook_name' END AS hook_name,
  CASE WHEN event = 'HookFailure' THEN payload ->> '$.blocking' END AS hook_blocking,
  CASE WHEN event = 'PostToolUse' AND tool IN ('Agent', 'Task') THEN payload ->> '$.tool_response.agentId' END AS launched_agent_id,
  CASE WHEN event = 'PreToolUse' AND tool IN ('Agent', 'Task') THEN payload ->> '$.tool_input.subagent_type' END AS requested_agent_type`;

/** The closing events of a turn on the main thread: they end the spans that are made at them. */
const closers = `('UserPromptSubmit', 'Stop', 'StopFailure', 'SessionEnd')`;

// The lookups below are within one session: `+event` keeps SQLite on events_session (the session's
// own rows) rather than events_event, which walks that event across every session (13 ms a lookup on
// a 20,000-event database, and growing with it; 0.1 ms this way).

/** Events after `afterId`, oldest first: only what tells a turn's end apart. */
export function spanScan(db: ReadDb, afterId: number, uptoId: number, limit: number): SpanEventRow[] {
	return db.all<SpanEventRow>(`SELECT ${spanColumns} FROM events WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`, [afterId, uptoId, limit]);
}

/** The session's SessionEnd before `beforeId`, if it ended before (and was resumed). */
export const previousSessionEnd = (db: ReadDb, sessionId: string, beforeId: number): number | null =>
	db.value<number>("SELECT id FROM events WHERE session_id = ? AND id < ? AND +event = 'SessionEnd' ORDER BY id DESC LIMIT 1", [sessionId, beforeId]) ?? null;

/** The time of the first event after `afterId`: how far behind the export is. */
export const firstTsAfter = (db: ReadDb, afterId: number): number | null =>
	db.value<number>('SELECT ts FROM events WHERE id > ? ORDER BY id LIMIT 1', [afterId]) ?? null;

/**
 * How far behind a cursor is: the events recorded after it, and how long the oldest of them has
 * waited (0 when none waits). The daemon's /health and doctor (with no daemon to ask) both say this.
 */
export function exportBacklog(db: ReadDb, ackedId: number, now: number): {pending: number; lagMs: number} {
	const newest = newestEventId(db);
	const oldest = newest > ackedId ? firstTsAfter(db, ackedId) : null;
	return {pending: Math.max(0, newest - ackedId), lagMs: oldest === null ? 0 : Math.max(0, now - oldest)};
}

/** The closing event before `beforeId` in the session (a prompt, a turn's end, a session's end), if any. */
export function previousCloser(db: ReadDb, sessionId: string, beforeId: number): SpanEventRow | undefined {
	return db.get<SpanEventRow>(
		`SELECT ${spanColumns} FROM events WHERE session_id = ? AND id < ? AND +event IN ${closers} AND agent_id IS NULL ORDER BY id DESC LIMIT 1`,
		[sessionId, beforeId],
	);
}

/** A session's events with afterId < id <= uptoId, oldest first (events_session). */
export function sessionSegment(db: ReadDb, sessionId: string, afterId: number, uptoId: number): SpanEventRow[] {
	return db.all<SpanEventRow>(`SELECT ${spanColumns} FROM events WHERE session_id = ? AND id > ? AND id <= ? ORDER BY id`, [sessionId, afterId, uptoId]);
}

/** The events of one tool call up to `uptoId` (its PreToolUse, outcome, permission request, failing hooks), oldest first. */
export function toolCallEvents(db: ReadDb, sessionId: string, toolUseId: string, uptoId: number): SpanEventRow[] {
	return db.all<SpanEventRow>(`SELECT ${spanColumns} FROM events WHERE tool_use_id = ? AND session_id = ? AND id <= ? ORDER BY id`, [
		toolUseId,
		sessionId,
		uptoId,
	]);
}

/** The prompt a main-thread event belongs to: the last UserPromptSubmit before it. */
export function promptBefore(db: ReadDb, sessionId: string, beforeId: number): SpanEventRow | undefined {
	return db.get<SpanEventRow>(`SELECT ${spanColumns} FROM events WHERE session_id = ? AND id < ? AND +event = 'UserPromptSubmit' ORDER BY id DESC LIMIT 1`, [
		sessionId,
		beforeId,
	]);
}

/** A subagent's first SubagentStart (events_agent). */
export function subagentStart(db: ReadDb, agentId: string): SpanEventRow | undefined {
	return db.get<SpanEventRow>(`SELECT ${spanColumns} FROM events WHERE agent_id = ? AND event = 'SubagentStart' ORDER BY id LIMIT 1`, [agentId]);
}

/**
 * The Agent/Task calls that may have launched a subagent that started at `startId`: those before it
 * (PreToolUse, newest first), and the outcomes after it (up to `uptoId`) that name the agent they ran.
 */
export function launcherCandidates(db: ReadDb, sessionId: string, startId: number, uptoId: number): {before: SpanEventRow[]; named: SpanEventRow[]} {
	const before = db.all<SpanEventRow>(
		`SELECT ${spanColumns} FROM events WHERE session_id = ? AND id < ? AND +event = 'PreToolUse' AND +tool IN ('Agent', 'Task') ORDER BY id DESC LIMIT 16`,
		[sessionId, startId],
	);
	const named = db.all<SpanEventRow>(
		`SELECT ${spanColumns} FROM events WHERE session_id = ? AND id > ? AND id <= ? AND +event = 'PostToolUse' AND +tool IN ('Agent', 'Task') ORDER BY id LIMIT 64`,
		[sessionId, startId, uptoId],
	);
	return {before, named};
}

/** Calls begun after `afterId` and before `beforeId` that no outcome before `beforeId` ended: they end with the session. */
export function unfinishedCalls(db: ReadDb, sessionId: string, afterId: number, beforeId: number): SpanEventRow[] {
	return db.all<SpanEventRow>(
		`SELECT ${spanColumns} FROM events AS pre WHERE session_id = ? AND id > ? AND id < ? AND +event = 'PreToolUse' AND tool_use_id IS NOT NULL
		   AND NOT EXISTS (SELECT 1 FROM events AS outcome WHERE outcome.tool_use_id = pre.tool_use_id AND outcome.id < ?
		     AND outcome.event IN ('PostToolUse', 'PostToolUseFailure', 'PermissionDenied'))
		 ORDER BY id`,
		[sessionId, afterId, beforeId, beforeId],
	);
}

/** Subagents started after `afterId` and before `beforeId` that had not stopped before `beforeId`. */
export function unfinishedSubagents(db: ReadDb, sessionId: string, afterId: number, beforeId: number): SpanEventRow[] {
	return db.all<SpanEventRow>(
		`SELECT ${spanColumns} FROM events AS start WHERE session_id = ? AND id > ? AND id < ? AND +event = 'SubagentStart' AND agent_id IS NOT NULL
		   AND NOT EXISTS (SELECT 1 FROM events AS stop WHERE stop.agent_id = start.agent_id AND stop.event = 'SubagentStop' AND stop.id < ?)
		 ORDER BY id`,
		[sessionId, afterId, beforeId, beforeId],
	);
}

/** The session's first event time (the sessions summary). */
export const sessionStartTs = (db: ReadDb, sessionId: string): number | null =>
	db.value<number>('SELECT first_ts FROM sessions WHERE session_id = ?', [sessionId]) ?? null;

/** Claude Code's user.id for a session, when its own telemetry came to this database (through its first API call). */
export function sessionUserId(db: ReadDb, sessionId: string): string | null {
	try {
		return (
			db.value<string>(
				`SELECT telemetry.data ->> '$.attributes."user.id"' FROM api_requests JOIN telemetry ON telemetry.id = api_requests.id
				 WHERE api_requests.session_id = ? LIMIT 1`,
				[sessionId],
			) ?? null
		);
	} catch {
		return null;
	}
}
