import {isErrorStatus} from '../events/status.js';
import type {WriteDb} from './db.js';
import {isErrorSql} from './events.js';

/**
 * The rules of the sessions table, in one place: what each column of a session's summary counts or
 * keeps, in time order (ts, then id). They are written once, as data (`rules`); the fold of new
 * events (every writer, through store/insert.ts insertEvents) reads them in TS, and the recompute
 * from a session's rows (a prune, or a batch the fold cannot place) is SQL generated from them.
 * Until schema 11 a trigger kept the table row by row, in arrival order: a SessionStart drained from
 * the spool after its session's SessionEnd made the session live again.
 */

/** What a summary needs of one event: the insert's RETURNING (and the record) give it. */
export interface SummaryRow {
	id: number;
	ts: number;
	session_id: string | null;
	event: string | null;
	status: string;
	project: string | null;
	cwd: string | null;
	git_branch: string | null;
	/** A SessionEnd's reason as text; null for every other event. */
	reason: string | null;
}

/** One row of the sessions table. */
export interface SessionSummary {
	session_id: string;
	project: string | null;
	cwd: string | null;
	git_branch: string | null;
	first_ts: number;
	last_ts: number;
	first_id: number;
	last_id: number;
	events: number;
	prompts: number;
	tool_calls: number;
	errors: number;
	subagents: number;
	/** When the session ended (its last SessionStart or SessionEnd is a SessionEnd); null while live. */
	ended_ts: number | null;
	end_reason: string | null;
}

/** Which events a counter counts: all of them, the errors (events/status.ts), or those of one hook event. */
type Counted = 'every event' | 'errors' | {event: string};
type Counter = 'events' | 'prompts' | 'tool_calls' | 'errors' | 'subagents';
type Kept = 'project' | 'cwd' | 'git_branch';

/** The rules. first_ts/last_ts and first_id/last_id are the span of the session's events. */
const rules: {
	counts: Record<Counter, Counted>;
	/** The first value known in time order, or the latest. */
	kept: Record<Kept, 'first' | 'latest'>;
	/** ended_ts and end_reason come from the last of these two events in time order, when it is the end. */
	boundary: {start: string; end: string; reasonUnsaid: string};
} = {
	counts: {
		events: 'every event',
		prompts: {event: 'UserPromptSubmit'},
		tool_calls: {event: 'PreToolUse'},
		errors: 'errors',
		subagents: {event: 'SubagentStart'},
	},
	kept: {project: 'first', cwd: 'first', git_branch: 'latest'},
	boundary: {start: 'SessionStart', end: 'SessionEnd', reasonUnsaid: 'other'},
};

export const summaryColumns = [
	'session_id',
	'project',
	'cwd',
	'git_branch',
	'first_ts',
	'last_ts',
	'first_id',
	'last_id',
	'events',
	'prompts',
	'tool_calls',
	'errors',
	'subagents',
	'ended_ts',
	'end_reason',
] as const satisfies ReadonlyArray<keyof SessionSummary>;

const counters = Object.entries(rules.counts) as Array<[Counter, Counted]>;
const keptColumns = Object.entries(rules.kept) as Array<[Kept, 'first' | 'latest']>;
const {start, end, reasonUnsaid} = rules.boundary;

/** SummaryRow's reason, as SQL over an events row. */
export const endReasonColumn = `CASE WHEN event = '${end}' THEN CAST(payload ->> '$.reason' AS TEXT) END AS reason`;

// --- The fold: one event at a time, in TS.

const counts = (what: Counted, row: SummaryRow) => what === 'every event' || (what === 'errors' ? isErrorStatus(row.status) : row.event === what.event);

/** Where a new event falls in time among those a summary holds (its id is higher than all of theirs). */
type Place = 'after' | 'before' | 'among';

const placeOf = (summary: SessionSummary, row: SummaryRow): Place => (row.ts >= summary.last_ts ? 'after' : row.ts < summary.first_ts ? 'before' : 'among');

/** Cannot be told from the summary alone: the session's rows must be read. */
const unknown = Symbol('unknown');

function keptValue(rule: 'first' | 'latest', current: string | null, value: string | null, place: Place): string | null | typeof unknown {
	if (value === null || value === current || current === null) return value ?? current;
	const wins = rule === 'first' ? 'before' : 'after';
	const loses = rule === 'first' ? 'after' : 'before';
	return place === wins ? value : place === loses ? current : unknown;
}

const ended = (row: SummaryRow) => (row.event === end ? {ended_ts: row.ts, end_reason: row.reason ?? reasonUnsaid} : {ended_ts: null, end_reason: null});

function ending(summary: SessionSummary, row: SummaryRow, place: Place): Pick<SessionSummary, 'ended_ts' | 'end_reason'> | typeof unknown {
	const current = {ended_ts: summary.ended_ts, end_reason: summary.end_reason};
	if (row.event !== start && row.event !== end) return current;
	// Ended: the last boundary is the end at ended_ts; at the same ts the new row (a higher id) is later.
	if (summary.ended_ts !== null) return row.ts >= summary.ended_ts ? ended(row) : current;
	// Live: the last boundary, if there is one, is a start. Another start changes nothing; an end after
	// every event ends the session, and one before some of them may or may not be followed by a start.
	if (row.event === start) return current;
	return place === 'after' ? ended(row) : unknown;
}

function firstSummary(row: SummaryRow & {session_id: string}): SessionSummary {
	const summary: SessionSummary = {
		session_id: row.session_id,
		project: row.project,
		cwd: row.cwd,
		git_branch: row.git_branch,
		first_ts: row.ts,
		last_ts: row.ts,
		first_id: row.id,
		last_id: row.id,
		events: 0,
		prompts: 0,
		tool_calls: 0,
		errors: 0,
		subagents: 0,
		...ended(row),
	};
	for (const [counter, what] of counters) if (counts(what, row)) summary[counter]++;
	return summary;
}

/**
 * The summary with one more event of its session, wherever the event falls in time among those it
 * holds (all of them have lower ids). Null when that cannot be told from the summary alone: an end
 * before the last events of a live session, or a project, cwd or branch other than the summary's
 * from among its events. Then the session is recomputed from its rows.
 */
export function withEvent(summary: SessionSummary | null, row: SummaryRow & {session_id: string}): SessionSummary | null {
	if (!summary) return firstSummary(row);
	const place = placeOf(summary, row);
	const next = {...summary};
	for (const [column, rule] of keptColumns) {
		const value = keptValue(rule, summary[column], row[column], place);
		if (value === unknown) return null;
		next[column] = value;
	}
	const boundary = ending(summary, row, place);
	if (boundary === unknown) return null;
	Object.assign(next, boundary);
	next.first_ts = Math.min(summary.first_ts, row.ts);
	next.last_ts = Math.max(summary.last_ts, row.ts);
	next.first_id = Math.min(summary.first_id, row.id);
	next.last_id = Math.max(summary.last_id, row.id);
	for (const [counter, what] of counters) if (counts(what, row)) next[counter]++;
	return next;
}

// --- The recompute: all of a session's rows, in SQL made from the same rules.

const ofSession = 'FROM events WHERE session_id = :session';
const inTime = (direction: 'ASC' | 'DESC') => `ORDER BY ts ${direction}, id ${direction} LIMIT 1`;
const lastBoundary = (value: string) =>
	`(SELECT CASE WHEN event = '${end}' THEN ${value} END ${ofSession} AND event IN ('${start}', '${end}') ${inTime('DESC')})`;
const countSql = (what: Counted) => (what === 'every event' ? 'count(*)' : `sum(${what === 'errors' ? isErrorSql : `event = '${what.event}'`})`);
const keptSql = (column: Kept) => `(SELECT ${column} ${ofSession} AND ${column} IS NOT NULL ${inTime(rules.kept[column] === 'first' ? 'ASC' : 'DESC')})`;

const recomputed: Record<keyof SessionSummary, string> = {
	session_id: ':session',
	...(Object.fromEntries(keptColumns.map(([column]) => [column, keptSql(column)])) as Record<Kept, string>),
	first_ts: 'min(ts)',
	last_ts: 'max(ts)',
	first_id: 'min(id)',
	last_id: 'max(id)',
	...(Object.fromEntries(counters.map(([counter, what]) => [counter, countSql(what)])) as Record<Counter, string>),
	ended_ts: lastBoundary('ts'),
	end_reason: lastBoundary(`coalesce(CAST(payload ->> '$.reason' AS TEXT), '${reasonUnsaid}')`),
};

const replaceAll = `ON CONFLICT (session_id) DO UPDATE SET ${summaryColumns
	.slice(1)
	.map(column => `${column} = excluded.${column}`)
	.join(', ')}`;

/** A session's summary row from all its events (nothing when it has none). */
const recomputeSql = `INSERT INTO sessions (${summaryColumns.join(', ')})
SELECT ${summaryColumns.map(column => recomputed[column]).join(',\n  ')}
${ofSession} HAVING count(*) > 0
${replaceAll}`;

const dropEmptySession = 'DELETE FROM sessions WHERE session_id = :session AND NOT EXISTS (SELECT 1 FROM events WHERE session_id = :session)';

/** Rebuilds the summary rows of these sessions from their events; removes those with none left. Returns how many it did. */
export function recomputeSessions(db: WriteDb, sessionIds: Iterable<string>): number {
	let count = 0;
	for (const session of sessionIds) {
		db.run(recomputeSql, {session});
		db.run(dropEmptySession, {session});
		count++;
	}
	return count;
}

// --- Every writer's batch.

const byTime = (a: SummaryRow, b: SummaryRow) => a.ts - b.ts || a.id - b.id;

const writeSummary = `INSERT INTO sessions (${summaryColumns.join(', ')}) VALUES (${summaryColumns.map(() => '?').join(', ')}) ${replaceAll}`;
const write = (db: WriteDb, summary: SessionSummary) =>
	db.run(
		writeSummary,
		summaryColumns.map(column => summary[column]),
	);

// A session's stored summary (null columns when it has none), and the newest of its events before the
// batch: they agree when every earlier event went into the summary (an older eyelet still running,
// which left that to a trigger, does not). Sessions of a batch go one by one: a batch rarely holds
// more than a few, and a hook's holds one (one statement per session was cheaper than a json_each join).
const storedSummary = `SELECT s.*, (SELECT max(id) FROM events WHERE session_id = :session AND id < :before) AS prior_id
FROM (SELECT 1) LEFT JOIN sessions AS s ON s.session_id = :session`;

type Stored = {[column in keyof SessionSummary]: SessionSummary[column] | null} & {prior_id: number | null};

/**
 * Brings the summaries of the sessions these just-inserted rows belong to up to date. Call inside the
 * insert's transaction, with every row it inserted: per session, one read of its stored summary and
 * one write. A session the fold cannot place an event in, or whose summary misses events, is
 * recomputed from its rows.
 */
export function foldIntoSessions(db: WriteDb, rows: readonly SummaryRow[]): void {
	const bySession = new Map<string, SummaryRow[]>();
	let firstId = Number.POSITIVE_INFINITY;
	for (const row of rows) {
		firstId = Math.min(firstId, row.id);
		if (row.session_id === null) continue;
		let list = bySession.get(row.session_id);
		if (!list) bySession.set(row.session_id, (list = []));
		list.push(row);
	}
	for (const [session, sessionRows] of bySession) {
		const stored = db.get<Stored>(storedSummary, {session, before: firstId})!;
		let summary = stored.session_id === null ? null : (stored as SessionSummary);
		const complete = stored.last_id === stored.prior_id;
		for (const row of complete ? sessionRows.sort(byTime) : []) {
			summary = withEvent(summary, row as SummaryRow & {session_id: string});
			if (!summary) break;
		}
		if (complete && summary) write(db, summary);
		else recomputeSessions(db, [session]);
	}
}
