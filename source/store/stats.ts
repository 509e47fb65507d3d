import type {ReadDb, SqlValue} from './db.js';
import {type EventFilter, filterClause} from './events.js';

export interface Count {
	key: string | null;
	events: number;
}

export interface ToolDuration {
	tool: string;
	calls: number;
	p50: number;
	p95: number;
	max: number;
}

export interface ToolErrors {
	tool: string;
	calls: number;
	errors: number;
	denied: number;
	/** errors / calls, 0 when there were no finished calls. */
	errorRate: number;
}

export interface SlowCall {
	id: number;
	ts: number;
	session_id: string | null;
	tool: string | null;
	duration_ms: number;
	summary: string | null;
}

export interface EventStats {
	total: number;
	firstTs: number | null;
	lastTs: number | null;
	byEvent: Count[];
	byTool: Count[];
	byStatus: Count[];
	byProject: Count[];
	/** Start of each hour (Unix ms, UTC hours) that has events, oldest first. */
	perHour: Array<{hour: number; events: number}>;
	durations: ToolDuration[];
	errorRates: ToolErrors[];
	slowest: SlowCall[];
}

const hourMs = 3_600_000;

/** Nearest-rank percentile of a tool's durations, found by offset so no list of values is loaded. */
function percentile(db: ReadDb, where: {sql: string; params: SqlValue[]}, tool: string, calls: number, p: number): number {
	const offset = Math.max(0, Math.ceil(p * calls) - 1);
	return (
		db.value<number>(`SELECT duration_ms FROM events WHERE ${where.sql} AND tool = ? AND duration_ms IS NOT NULL ORDER BY duration_ms LIMIT 1 OFFSET ?`, [
			...where.params,
			tool,
			offset,
		]) ?? 0
	);
}

/** Everything `eyelet stats` shows, for the events matching the filter. */
export function eventStats(db: ReadDb, filter: EventFilter, slowest = 10): EventStats {
	const where = filterClause(filter);
	const counts = (column: string) =>
		db.all<Count>(`SELECT ${column} AS key, count(*) AS events FROM events WHERE ${where.sql} GROUP BY ${column} ORDER BY events DESC, key`, where.params);
	const span = db.get<{total: number; firstTs: number | null; lastTs: number | null}>(
		`SELECT count(*) AS total, min(ts) AS firstTs, max(ts) AS lastTs FROM events WHERE ${where.sql}`,
		where.params,
	)!;
	const durationRows = db.all<{tool: string; calls: number; max: number}>(
		`SELECT tool, count(*) AS calls, max(duration_ms) AS max FROM events WHERE ${where.sql} AND tool IS NOT NULL AND duration_ms IS NOT NULL GROUP BY tool ORDER BY calls DESC`,
		where.params,
	);
	const durations = durationRows.map(row => ({
		tool: row.tool,
		calls: row.calls,
		p50: percentile(db, where, row.tool, row.calls, 0.5),
		p95: percentile(db, where, row.tool, row.calls, 0.95),
		max: row.max,
	}));
	const errorRates = db
		.all<Omit<ToolErrors, 'errorRate'>>(
			`SELECT tool,
				sum(event IN ('PostToolUse', 'PostToolUseFailure')) AS calls,
				sum(event IN ('PostToolUse', 'PostToolUseFailure') AND status = 'error') AS errors,
				sum(status = 'denied') AS denied
			FROM events WHERE ${where.sql} AND tool IS NOT NULL GROUP BY tool HAVING calls > 0 OR denied > 0 ORDER BY errors DESC, calls DESC`,
			where.params,
		)
		.map(row => ({...row, errorRate: row.calls > 0 ? row.errors / row.calls : 0}));
	return {
		...span,
		byEvent: counts('event'),
		byTool: counts('tool'),
		byStatus: counts('status'),
		byProject: counts('project'),
		perHour: db.all(`SELECT (ts / ${hourMs}) * ${hourMs} AS hour, count(*) AS events FROM events WHERE ${where.sql} GROUP BY 1 ORDER BY 1`, where.params),
		durations,
		errorRates,
		slowest: db.all<SlowCall>(
			`SELECT id, ts, session_id, tool, duration_ms, summary FROM events WHERE ${where.sql} AND duration_ms IS NOT NULL ORDER BY duration_ms DESC, id DESC LIMIT ?`,
			[...where.params, slowest],
		),
	};
}
