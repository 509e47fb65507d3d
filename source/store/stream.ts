import type {ReadDb, SqlValue} from './db.js';
import {eventColumns, type EventFilter, type EventRow, filterClause, ftsPhrase} from './events.js';

// What the live viewer asks of the database. Every query walks an index by id (keyset), so its cost
// follows the rows it returns, not the size of the table.

const prefixed = eventColumns
	.split(',')
	.map(column => `e.${column.trim()}`)
	.join(', ');
// The filter's other columns need no prefix in the join: events_text has only `body`.

/** A text search long enough for the trigram index; shorter ones fall back to a LIKE on the summary. */
const ftsSearch = (filter: EventFilter) => {
	const search = filter.search?.trim();
	return search && [...search].length >= 3 ? search : null;
};

export interface PageRequest {
	/** Newest first below this id. */
	beforeId?: number;
	/** Oldest first above this id. */
	afterId?: number;
	/** No row below this id can match (see windowFloorId): bounds a backward walk. */
	minId?: number;
	limit: number;
}

/**
 * The first id inside a time window, from the ts index. Every row of the window has an id at least
 * this, so a backward walk by id can stop there instead of reading the whole table when the window
 * holds few rows or none (1.7 s → 1 ms on a million). As the window slides forward the old floor
 * stays a valid bound, so callers compute it once per filter. Null when the window is empty.
 */
export const windowFloorId = (db: ReadDb, since: number): number | null =>
	db.value<number | null>('SELECT min(id) FROM events INDEXED BY events_ts WHERE ts >= ?', [since]) ?? null;

/**
 * A page of matching events by id, like eventPage, but a text search drives the query from the FTS
 * index in id order (`rowid < ? ORDER BY rowid DESC`) so a common word does not gather every match
 * before the first page.
 */
export function streamPage(db: ReadDb, filter: EventFilter, page: PageRequest): EventRow[] {
	const search = ftsSearch(filter);
	const where = filterClause(search ? {...filter, search: null} : filter);
	// A constant guard (no user text) that lets SQLite use the partial index of problem rows: 0.7 ms
	// instead of 40 ms for a page of errors on a million events.
	if (filter.statuses?.length && !filter.statuses.includes('ok')) where.sql = `status <> 'ok' AND ${where.sql}`;
	const ascending = page.afterId !== undefined;
	const bound: SqlValue = ascending ? page.afterId! : (page.beforeId ?? Number.MAX_SAFE_INTEGER);
	if (page.minId !== undefined) {
		where.sql = `id >= ? AND ${where.sql}`;
		where.params.unshift(page.minId);
	}
	if (search) {
		const rowid = ascending ? 't.rowid > ?' : 't.rowid < ?';
		const sql = `SELECT ${prefixed} FROM events_text t JOIN events e ON e.id = t.rowid
			WHERE events_text MATCH ? AND ${rowid} AND ${where.sql}
			ORDER BY t.rowid ${ascending ? 'ASC' : 'DESC'} LIMIT ?`;
		return db.all<EventRow>(sql, [ftsPhrase(search), bound, ...where.params, page.limit]);
	}
	const sql = `SELECT ${eventColumns} FROM events WHERE id ${ascending ? '>' : '<'} ? AND ${where.sql} ORDER BY id ${ascending ? 'ASC' : 'DESC'} LIMIT ?`;
	return db.all<EventRow>(sql, [bound, ...where.params, page.limit]);
}

export const maxEventId = (db: ReadDb): number => db.value<number>('SELECT max(id) FROM events') ?? 0;
export const minEventId = (db: ReadDb): number => db.value<number>('SELECT min(id) FROM events') ?? 0;

/** count(*) walks a whole index: 10 ms to 400 ms on a million rows (cold cache), so callers run it once and add what polls see. */
export const eventCount = (db: ReadDb): number => db.value<number>('SELECT count(*) FROM events') ?? 0;

export interface MinuteCount {
	minute: number;
	events: number;
}

/** Events per minute (minute = Unix ms / 60000) recorded since `sinceTs`, through the ts index. */
export const minuteCountsSince = (db: ReadDb, sinceTs: number): MinuteCount[] =>
	db.all<MinuteCount>('SELECT ts / 60000 AS minute, count(*) AS events FROM events WHERE ts >= ? GROUP BY minute', [sinceTs]);

/** Events per minute among rows above `afterId`: what a poll adds to the sparkline, read from the newest rows only. */
export const minuteCountsAfter = (db: ReadDb, afterId: number): MinuteCount[] =>
	db.all<MinuteCount>('SELECT ts / 60000 AS minute, count(*) AS events FROM events WHERE id > ? GROUP BY minute', [afterId]);

// Fixed column names (never user text) for the pickers' distinct values.
const distinctColumns = {event: 'event', tool: 'tool', project: 'project'} as const;

/**
 * The distinct values of an indexed column, by skip-scan: one index seek per value (`min(col) > last`)
 * instead of a walk over a million entries. A handful of values costs well under a millisecond.
 */
export function distinctValues(db: ReadDb, field: keyof typeof distinctColumns, limit = 500): string[] {
	const column = distinctColumns[field];
	return db
		.all<{value: string}>(
			`WITH RECURSIVE found(value) AS (
			SELECT min(${column}) FROM events WHERE ${column} IS NOT NULL
			UNION ALL
			SELECT (SELECT min(${column}) FROM events WHERE ${column} > found.value) FROM found WHERE found.value IS NOT NULL
		) SELECT value FROM found WHERE value IS NOT NULL LIMIT ?`,
			[limit],
		)
		.map(row => row.value);
}

export interface SessionChoice {
	session_id: string;
	project: string | null;
	git_branch: string | null;
	last_ts: number;
	events: number;
	errors: number;
	ended_ts: number | null;
}

/** The most recently active sessions, from the per-session summary table. */
export const recentSessions = (db: ReadDb, limit = 300): SessionChoice[] =>
	db.all<SessionChoice>('SELECT session_id, project, git_branch, last_ts, events, errors, ended_ts FROM sessions ORDER BY last_ts DESC LIMIT ?', [limit]);
