import type {ReadDb} from './db.js';
import type {SessionSummary} from './session-summary.js';
import {Conditions, containing, type Where} from './where.js';
import {hasTelemetry} from './telemetry.js';
import {hasTriage} from './triage.js';

/** One row of the sessions view, from the `sessions` summary table the recorder keeps. */
export interface SessionRow {
	sessionId: string;
	project: string | null;
	cwd: string | null;
	gitBranch: string | null;
	firstTs: number;
	lastTs: number;
	durationMs: number;
	firstId: number;
	lastId: number;
	events: number;
	prompts: number;
	toolCalls: number;
	/** Errors (status error or invalid) outside muted groups. */
	errors: number;
	/** Errors of muted groups, left out of `errors`. */
	mutedErrors: number;
	subagents: number;
	/** live: no SessionEnd since the last SessionStart (it may still have gone quiet: see lastTs). */
	state: 'live' | 'ended';
	endedTs: number | null;
	/** SessionEnd's reason: clear, logout, prompt_input_exit, other, ... */
	endReason: string | null;
}

export const sessionSorts = ['last', 'first', 'duration', 'events', 'prompts', 'tools', 'errors', 'subagents', 'cost', 'project'] as const;
export type SessionSort = (typeof sessionSorts)[number];

// Fixed SQL per sort key: the key picks one of these, user text never reaches the ORDER BY.
const orderBy: Record<SessionSort, string> = {
	last: 'last_ts',
	first: 'first_ts',
	duration: 'last_ts - first_ts',
	events: 'events',
	prompts: 'prompts',
	tools: 'tool_calls',
	errors: 'shown_errors',
	subagents: 'subagents',
	// What Claude Code's telemetry says the session cost (a few session_usage rows by key); 0 without it.
	cost: '(SELECT coalesce(sum(cost_usd), 0) FROM session_usage WHERE session_usage.session_id = sessions.session_id)',
	project: 'project',
};

export interface SessionFilter {
	/** A project path, or its last path component. */
	project?: string | null;
	branch?: string | null;
	state?: 'live' | 'ended' | null;
	/** Sessions active at or after this time (last activity), Unix ms. */
	since?: number | null;
	until?: number | null;
	/** Only sessions with at least one error. */
	withErrors?: boolean;
	/** Substring of the session id, project, cwd or branch. */
	search?: string | null;
}

export interface SessionQuery {
	filter?: SessionFilter;
	/** Default: last activity. */
	sort?: SessionSort;
	/** Default true: biggest / newest first. */
	descending?: boolean;
	limit?: number;
	offset?: number;
}

/** A summary row as the list reads it, with the errors triage has muted. */
interface SessionColumns extends SessionSummary {
	muted_errors: number;
}

const baseColumns =
	'session_id, project, cwd, git_branch, first_ts, last_ts, first_id, last_id, events, prompts, tool_calls, errors, subagents, ended_ts, end_reason';

// Errors of muted groups come off each session's count; the muted list is one small constant subquery.
const mutedCount = `(SELECT count(*) FROM error_occurrences o WHERE o.session_id = sessions.session_id
  AND o.signature IN (SELECT signature FROM triage WHERE state = 'muted'))`;

/** The select list, and the expression of the errors shown, for this database (schema 1 has no mutes). */
function shape(db: ReadDb): {columns: string; shownErrors: string} {
	const muting = hasTriage(db) && db.value<number>("SELECT 1 FROM triage WHERE state = 'muted' LIMIT 1") === 1;
	const muted = muting ? mutedCount : '0';
	const shownErrors = muting ? `(errors - ${mutedCount})` : 'errors';
	return {columns: `${baseColumns}, ${muted} AS muted_errors, ${shownErrors} AS shown_errors`, shownErrors};
}

const toRow = (row: SessionColumns): SessionRow => ({
	sessionId: row.session_id,
	project: row.project,
	cwd: row.cwd,
	gitBranch: row.git_branch,
	firstTs: row.first_ts,
	lastTs: row.last_ts,
	durationMs: row.last_ts - row.first_ts,
	firstId: row.first_id,
	lastId: row.last_id,
	events: row.events,
	prompts: row.prompts,
	toolCalls: row.tool_calls,
	errors: row.errors - row.muted_errors,
	mutedErrors: row.muted_errors,
	subagents: row.subagents,
	state: row.ended_ts === null ? 'live' : 'ended',
	endedTs: row.ended_ts,
	endReason: row.end_reason,
});

function sessionWhere(filter: SessionFilter, shownErrors: string): Where {
	const where = new Conditions();
	if (filter.project) where.project(filter.project);
	if (filter.branch) where.add('git_branch = ?', filter.branch);
	if (filter.state === 'live') where.add('ended_ts IS NULL');
	if (filter.state === 'ended') where.add('ended_ts IS NOT NULL');
	if (filter.since != null) where.add('last_ts >= ?', filter.since);
	if (filter.until != null) where.add('first_ts < ?', filter.until);
	if (filter.withErrors) where.add(`${shownErrors} > 0`);
	const search = filter.search?.trim();
	if (search) {
		const like = containing(search);
		where.add(
			"(session_id LIKE ? ESCAPE '\\' OR project LIKE ? ESCAPE '\\' OR cwd LIKE ? ESCAPE '\\' OR git_branch LIKE ? ESCAPE '\\')",
			like,
			like,
			like,
			like,
		);
	}
	return where.where();
}

/** The sessions view: one row per session, filtered and sorted; the table holds one row per session, not per event. */
export function listSessions(db: ReadDb, query: SessionQuery = {}): SessionRow[] {
	const {columns, shownErrors} = shape(db);
	const where = sessionWhere(query.filter ?? {}, shownErrors);
	const direction = query.descending === false ? 'ASC' : 'DESC';
	const key = query.sort === 'cost' && !hasTelemetry(db) ? 'last' : (query.sort ?? 'last');
	const sort = orderBy[key] ?? orderBy.last;
	return db
		.all<SessionColumns>(`SELECT ${columns} FROM sessions WHERE ${where.sql} ORDER BY ${sort} ${direction}, last_id ${direction} LIMIT ? OFFSET ?`, [
			...where.params,
			query.limit ?? -1,
			query.offset ?? 0,
		])
		.map(toRow);
}

export function countSessions(db: ReadDb, filter: SessionFilter = {}): number {
	const where = sessionWhere(filter, shape(db).shownErrors);
	return db.value<number>(`SELECT count(*) FROM sessions WHERE ${where.sql}`, where.params) ?? 0;
}

export function sessionById(db: ReadDb, sessionId: string): SessionRow | undefined {
	const row = db.get<SessionColumns>(`SELECT ${shape(db).columns} FROM sessions WHERE session_id = ?`, [sessionId]);
	return row && toRow(row);
}

export class AmbiguousSessionError extends Error {
	constructor(
		readonly ref: string,
		readonly matches: string[],
	) {
		super(`"${ref}" matches more than one session`);
	}
}

/** The full session id for an id or a unique prefix of one (as lists show them). Null when none matches. */
export function resolveSessionId(db: ReadDb, ref: string): string | null {
	const matches = db.all<{session_id: string}>('SELECT session_id FROM sessions WHERE session_id >= ? AND session_id < ? ORDER BY session_id LIMIT 5', [
		ref,
		`${ref}\uffff`,
	]);
	if (matches.some(match => match.session_id === ref)) return ref;
	if (matches.length > 1)
		throw new AmbiguousSessionError(
			ref,
			matches.map(match => match.session_id),
		);
	return matches[0]?.session_id ?? null;
}

/** The project a session was first recorded in (its SessionStart knows CLAUDE_PROJECT_DIR), or null when unknown. */
export function sessionProject(db: ReadDb, sessionId: string): string | null {
	return db.get<{project: string | null}>('SELECT project FROM sessions WHERE session_id = ?', [sessionId])?.project ?? null;
}

/** Sessions with no SessionEnd whose last event is newer than `since` (Unix ms): the ones that may still send events. */
export function liveSessionCount(db: ReadDb, since: number): number {
	return db.value<number>('SELECT count(*) FROM sessions WHERE ended_ts IS NULL AND last_ts > ?', [since]) ?? 0;
}

/** Live sessions (no SessionEnd, an event newer than `since`) with their transcript, as their latest event names it. */
export function liveTranscripts(db: ReadDb, since: number): Array<{sessionId: string; project: string | null; path: string}> {
	return db
		.all<{sessionId: string; project: string | null; path: string}>(
			`SELECT session_id AS sessionId, project,
		   (SELECT payload ->> '$.transcript_path' FROM events e WHERE e.session_id = s.session_id AND payload ->> '$.transcript_path' <> '' ORDER BY id DESC LIMIT 1) AS path
		 FROM sessions s WHERE ended_ts IS NULL AND last_ts > ? ORDER BY last_ts DESC LIMIT 200`,
			[since],
		)
		.filter(row => row.path);
}
