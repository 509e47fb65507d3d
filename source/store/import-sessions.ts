import {isErrorStatus} from '../events/status.js';
import type {WriteDb} from './db.js';
import {recomputeSessions} from './retention.js';

/**
 * Keeps the sessions summary rows right after an import batch. Rows of origin 'import' skip the
 * per-row trigger (migration 0004). Recomputing every touched session from all its events cost more
 * than writing the batch itself when a batch spans many sessions (measured: ~70 of ~200 µs a row on
 * the import bench), so the batch is folded into the stored summary instead, in two statements, the
 * way the trigger would have done row by row. That is exact when the batch's events all come after
 * the session's stored ones in (ts, id) order; sessions where they do not (history imported out of
 * time order) are recomputed from all their events as before.
 */

/** What the insert's RETURNING gives for each new row. */
export interface InsertedRow {
	id: number;
	ts: number;
	session_id: string | null;
	event: string | null;
	status: string;
	project: string | null;
	cwd: string | null;
	git_branch: string | null;
}

interface BatchSummary {
	session: string;
	project: string | null;
	cwd: string | null;
	branch: string | null;
	firstTs: number;
	lastTs: number;
	firstId: number;
	lastId: number;
	events: number;
	prompts: number;
	toolCalls: number;
	errors: number;
	subagents: number;
	/** The id of the batch's last SessionStart or SessionEnd, which decides whether the session ended. */
	boundary: number | null;
}

const byTime = (a: InsertedRow, b: InsertedRow) => a.ts - b.ts || a.id - b.id;

function summarizeBatch(rows: readonly InsertedRow[]): Map<string, BatchSummary> {
	const summaries = new Map<string, BatchSummary>();
	for (const row of [...rows].sort(byTime)) {
		if (row.session_id === null) continue;
		let summary = summaries.get(row.session_id);
		if (!summary) {
			summary = {
				session: row.session_id,
				project: null,
				cwd: null,
				branch: null,
				firstTs: row.ts,
				lastTs: row.ts,
				firstId: row.id,
				lastId: row.id,
				events: 0,
				prompts: 0,
				toolCalls: 0,
				errors: 0,
				subagents: 0,
				boundary: null,
			};
			summaries.set(row.session_id, summary);
		}
		summary.project ??= row.project;
		summary.cwd ??= row.cwd;
		if (row.git_branch !== null) summary.branch = row.git_branch;
		summary.lastTs = row.ts;
		summary.firstId = Math.min(summary.firstId, row.id);
		summary.lastId = Math.max(summary.lastId, row.id);
		summary.events++;
		if (row.event === 'UserPromptSubmit') summary.prompts++;
		if (row.event === 'PreToolUse') summary.toolCalls++;
		if (row.event === 'SubagentStart') summary.subagents++;
		if (isErrorStatus(row.status)) summary.errors++;
		if (row.event === 'SessionStart' || row.event === 'SessionEnd') summary.boundary = row.id;
	}
	return summaries;
}

const storedLastTs = `SELECT session_id, last_ts FROM sessions WHERE session_id IN (SELECT value FROM json_each(?))`;

// The boundary event (if any) sets ended_ts/end_reason exactly as recomputeSessions reads them.
const foldBatch = (withBoundary: boolean) => `
INSERT INTO sessions (session_id, project, cwd, git_branch, first_ts, last_ts, first_id, last_id,
                      events, prompts, tool_calls, errors, subagents, ended_ts, end_reason)
SELECT b.value ->> '$.session', b.value ->> '$.project', b.value ->> '$.cwd', b.value ->> '$.branch',
  b.value ->> '$.firstTs', b.value ->> '$.lastTs', b.value ->> '$.firstId', b.value ->> '$.lastId',
  b.value ->> '$.events', b.value ->> '$.prompts', b.value ->> '$.toolCalls', b.value ->> '$.errors', b.value ->> '$.subagents',
  CASE WHEN e.event = 'SessionEnd' THEN e.ts END,
  CASE WHEN e.event = 'SessionEnd' THEN coalesce(e.payload ->> '$.reason', 'other') END
FROM json_each(?) AS b LEFT JOIN events AS e ON e.id = b.value ->> '$.boundary'
WHERE true
ON CONFLICT (session_id) DO UPDATE SET
  project    = coalesce(sessions.project, excluded.project),
  cwd        = coalesce(sessions.cwd, excluded.cwd),
  git_branch = coalesce(excluded.git_branch, sessions.git_branch),
  first_ts   = min(sessions.first_ts, excluded.first_ts),
  last_ts    = max(sessions.last_ts, excluded.last_ts),
  first_id   = min(sessions.first_id, excluded.first_id),
  last_id    = max(sessions.last_id, excluded.last_id),
  events     = sessions.events + excluded.events,
  prompts    = sessions.prompts + excluded.prompts,
  tool_calls = sessions.tool_calls + excluded.tool_calls,
  errors     = sessions.errors + excluded.errors,
  subagents  = sessions.subagents + excluded.subagents${
		withBoundary
			? `,
  ended_ts   = excluded.ended_ts,
  end_reason = excluded.end_reason`
			: ''
	}`;

/** Brings the summary rows of the sessions these new rows belong to up to date. Call inside the insert's transaction. */
export function foldIntoSessions(db: WriteDb, rows: readonly InsertedRow[]): void {
	const summaries = summarizeBatch(rows);
	if (summaries.size === 0) return;
	const stored = db.all<{session_id: string; last_ts: number}>(storedLastTs, [JSON.stringify([...summaries.keys()])]);
	const outOfOrder: string[] = [];
	for (const {session_id: session, last_ts: lastTs} of stored) {
		if (summaries.get(session)!.firstTs < lastTs) {
			outOfOrder.push(session);
			summaries.delete(session);
		}
	}
	const all = [...summaries.values()];
	const withBoundary = all.filter(summary => summary.boundary !== null);
	const without = all.filter(summary => summary.boundary === null);
	if (withBoundary.length) db.run(foldBatch(true), [JSON.stringify(withBoundary)]);
	if (without.length) db.run(foldBatch(false), [JSON.stringify(without)]);
	recomputeSessions(db, outOfOrder);
}
