import type {ReadDb, WriteDb} from './db.js';

/**
 * Deleting Claude Code's telemetry (migration 0009) under the same retention as the events, so a
 * configured `retention` bounds the whole file and no prompt or cost record outlives its events.
 *
 * A record's age is when the daemon received it: `received_ts` grows with the rowid, so the oldest
 * records are the first rows and a batch reads the table's head instead of scanning it (the table has
 * no time index, to keep ingest cheap). Each batch deletes its records with what was derived from
 * them (api_requests, hook_runs) and brings the per-session and per-prompt totals back in line; the
 * per-hook totals lose the deleted runs' counts. What has no record id (spans, tool calls, the per-hook
 * maximum and first/last times) is swept by time once the pass is done.
 */

export interface TelemetryBatch {
	/** Records deleted. */
	rows: number;
	/** True when no record older than the cutoff is left. */
	done: boolean;
}

interface Picked {
	id: number;
	session_id: string | null;
	received_ts: number;
}

interface DeletedRun {
	hook_name: string;
	hooks: number;
	duration_ms: number;
	solo: number;
	blocking: number;
	non_blocking: number;
	cancelled: number;
}

const pickHead = 'SELECT id, session_id, received_ts FROM telemetry ORDER BY id LIMIT ?';

const sessionUsage = `
INSERT INTO session_usage (session_id, model, api_calls, cost_usd, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, api_ms)
SELECT session_id, coalesce(model, ''), count(*), sum(cost_usd), sum(input_tokens), sum(output_tokens), sum(cache_read_tokens),
       sum(cache_creation_tokens), sum(coalesce(duration_ms, 0))
FROM api_requests WHERE session_id = :session GROUP BY coalesce(model, '')`;

const promptUsage = `
INSERT INTO prompt_usage (session_id, prompt_id, api_calls, cost_usd, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, api_ms)
SELECT session_id, prompt_id, count(*), sum(cost_usd), sum(input_tokens), sum(output_tokens), sum(cache_read_tokens),
       sum(cache_creation_tokens), sum(coalesce(duration_ms, 0))
FROM api_requests WHERE session_id = :session AND prompt_id IS NOT NULL GROUP BY prompt_id`;

const promptHookTime = `
INSERT INTO prompt_usage (session_id, prompt_id, hook_ms)
SELECT session_id, prompt_id, sum(duration_ms) FROM hook_runs
WHERE session_id = :session AND hook_event = 'UserPromptSubmit' AND prompt_id IS NOT NULL GROUP BY prompt_id
ON CONFLICT (session_id, prompt_id) DO UPDATE SET hook_ms = excluded.hook_ms`;

const deletedRuns = `
SELECT hook_name, hooks, duration_ms, hooks = 1 AS solo, blocking, non_blocking, cancelled FROM hook_runs
WHERE session_id = :session AND id IN (SELECT value FROM json_each(:ids))`;

const subtractRun = `
UPDATE hook_time SET runs = runs - 1, hooks = hooks - :hooks, total_ms = total_ms - :duration_ms,
  solo_runs = solo_runs - :solo, solo_ms = solo_ms - CASE WHEN :solo THEN :duration_ms ELSE 0 END,
  blocking = blocking - :blocking, non_blocking = non_blocking - :non_blocking, cancelled = cancelled - :cancelled
WHERE hook_name = :hook_name`;

/** Rebuilds a session's cost and token totals from the API calls it has left. */
function recomputeUsage(db: WriteDb, session: string): void {
	db.run('DELETE FROM session_usage WHERE session_id = ?', [session]);
	db.run(sessionUsage, {session});
	db.run('DELETE FROM prompt_usage WHERE session_id = ?', [session]);
	db.run(promptUsage, {session});
	db.run(promptHookTime, {session});
}

/** Deletes these records and what came from them, and fixes the totals they were counted in. In a transaction. */
function deleteRecords(db: WriteDb, rows: readonly Picked[]): number {
	const bySession = new Map<string, number[]>();
	for (const row of rows) {
		db.run('DELETE FROM telemetry WHERE id = ?', [row.id]);
		db.run('DELETE FROM api_requests WHERE id = ?', [row.id]);
		if (row.session_id === null) continue;
		const ids = bySession.get(row.session_id) ?? [];
		ids.push(row.id);
		bySession.set(row.session_id, ids);
	}
	let runs = 0;
	for (const [session, ids] of bySession) {
		const list = JSON.stringify(ids);
		const deleted = db.all<DeletedRun>(deletedRuns, {session, ids: list});
		for (const run of deleted) db.run(subtractRun, {...run});
		if (deleted.length) db.run('DELETE FROM hook_runs WHERE session_id = :session AND id IN (SELECT value FROM json_each(:ids))', {session, ids: list});
		runs += deleted.length;
		recomputeUsage(db, session);
	}
	if (runs) db.run('DELETE FROM hook_time WHERE runs <= 0');
	return runs;
}

/**
 * Deletes up to `limit` of the oldest records: those received before `cutoff` (Unix ms), or with
 * `cutoff` null the `limit` oldest whatever their age (to fit a size). Call inside a transaction.
 */
export function deleteTelemetryBatch(db: WriteDb, cutoff: number | null, limit: number): TelemetryBatch {
	const head = db.all<Picked>(pickHead, [limit]);
	// received_ts follows the rowid but a clock set back can break that: stop at the first newer record.
	const end = cutoff === null ? head.length : head.findIndex(row => row.received_ts >= cutoff);
	const rows = end === -1 ? head : head.slice(0, end);
	if (rows.length) deleteRecords(db, rows);
	return {rows: rows.length, done: rows.length < limit || rows.length < head.length};
}

/**
 * After a pass: spans and tool calls older than the cutoff or of sessions with no record left (they
 * carry no record id), and the per-hook
 * maximum and first/last times, which a subtraction cannot bring back, from the runs that are left.
 */
export function sweepTelemetry(db: WriteDb, cutoff: number): void {
	db.transaction(() => {
		// Their times are the client's clock; a session none of whose records is left goes whatever they say.
		db.exec('CREATE TEMP TABLE IF NOT EXISTS kept_sessions (session_id TEXT PRIMARY KEY) WITHOUT ROWID');
		db.exec('DELETE FROM temp.kept_sessions');
		db.exec('INSERT OR IGNORE INTO temp.kept_sessions SELECT DISTINCT session_id FROM telemetry WHERE session_id IS NOT NULL');
		db.run('DELETE FROM spans WHERE end_ms < ? OR (session_id IS NOT NULL AND session_id NOT IN temp.kept_sessions)', [cutoff]);
		db.run('DELETE FROM tool_telemetry WHERE coalesce(result_ms, started_ms) < ? OR session_id NOT IN temp.kept_sessions', [cutoff]);
		db.exec('DROP TABLE temp.kept_sessions');
		db.run(`WITH left_over AS (SELECT hook_name, max(duration_ms) AS max_ms, min(end_ms) AS first_ts, max(end_ms) AS last_ts FROM hook_runs GROUP BY hook_name)
			UPDATE hook_time SET max_ms = left_over.max_ms, first_ts = left_over.first_ts, last_ts = left_over.last_ts
			FROM left_over WHERE left_over.hook_name = hook_time.hook_name`);
		db.run('DELETE FROM hook_time WHERE hook_name NOT IN (SELECT DISTINCT hook_name FROM hook_runs)');
	});
}

export const countTelemetryOlderThan = (db: ReadDb, cutoff: number): number =>
	db.value<number>('SELECT count(*) FROM telemetry WHERE received_ts < ?', [cutoff]) ?? 0;

export const telemetryCount = (db: ReadDb): number => db.value<number>('SELECT count(*) FROM telemetry') ?? 0;

/** The time of the oldest event left, which telemetry may not outlive when pruning to a size. */
export const oldestEventTs = (db: ReadDb): number | null => db.value<number | null>('SELECT min(ts) FROM events') ?? null;
