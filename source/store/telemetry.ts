import type {HookRun, HookTime, PromptUsage, SessionTelemetry, SessionUsage, ToolTelemetry, Usage} from '../events/telemetry-row.js';
import type {ReadDb} from './db.js';

export type {HookRun, HookTime, PromptUsage, SessionTelemetry, SessionUsage, ToolTelemetry, Usage};

/**
 * Reads over Claude Code's telemetry (migration 0010) for the views: a session's usage, a prompt's
 * cost, a tool call's permission wait, the hook runs the client timed. Every read checks that the
 * tables exist, so a database no daemon has migrated yet reads as one without telemetry.
 */

/** Whether the database has the telemetry tables (a daemon of this version has migrated it). */
export function hasTelemetry(db: ReadDb): boolean {
	return db.value<number>("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'session_usage'") === 1;
}

/** Usage of each of these sessions that has any (the sessions list's window: a few rows per session, by key). */
export function sessionsUsage(db: ReadDb, sessionIds: readonly string[]): Map<string, SessionUsage> {
	const found = new Map<string, SessionUsage>();
	if (sessionIds.length === 0 || !hasTelemetry(db)) return found;
	for (let from = 0; from < sessionIds.length; from += 500) {
		const ids = sessionIds.slice(from, from + 500);
		const rows = db.all<{session_id: string; model: string; api_calls: number; cost_usd: number} & Record<string, number>>(
			`SELECT * FROM session_usage WHERE session_id IN (${ids.map(() => '?').join(', ')}) ORDER BY session_id, cost_usd DESC`,
			ids,
		);
		for (const row of rows) {
			let usage = found.get(row.session_id);
			if (!usage) {
				usage = {apiCalls: 0, costUsd: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, apiMs: 0, models: []};
				found.set(row.session_id, usage);
			}
			usage.apiCalls += row.api_calls;
			usage.costUsd += row.cost_usd;
			usage.inputTokens += row['input_tokens']!;
			usage.outputTokens += row['output_tokens']!;
			usage.cacheReadTokens += row['cache_read_tokens']!;
			usage.cacheCreationTokens += row['cache_creation_tokens']!;
			usage.apiMs += row['api_ms']!;
			if (row.model) usage.models.push(row.model);
		}
	}
	return found;
}

/** Everything the timeline joins for one session: its usage, each prompt's, each tool call's, the hook runs. */
export function sessionTelemetry(db: ReadDb, sessionId: string): SessionTelemetry {
	const empty: SessionTelemetry = {usage: null, prompts: new Map(), tools: new Map(), hookRuns: []};
	if (!hasTelemetry(db)) return empty;
	const usage = sessionsUsage(db, [sessionId]).get(sessionId) ?? null;
	const prompts = db.all<PromptUsage>(
		`SELECT prompt_id AS promptId, count(*) AS apiCalls, sum(cost_usd) AS costUsd, sum(input_tokens) AS inputTokens, sum(output_tokens) AS outputTokens,
  sum(cache_read_tokens) AS cacheReadTokens, sum(cache_creation_tokens) AS cacheCreationTokens, coalesce(sum(duration_ms), 0) AS apiMs
FROM api_requests WHERE session_id = ? AND prompt_id IS NOT NULL GROUP BY prompt_id`,
		[sessionId],
	);
	const tools = db
		.all<Omit<ToolTelemetry, 'success'> & {success: number | null}>(
			`SELECT tool_use_id AS toolUseId, tool, success, duration_ms AS durationMs, decision, decision_source AS decisionSource,
  permission_wait_ms AS permissionWaitMs, execution_ms AS executionMs, started_ms AS startedMs, result_ms AS resultMs
FROM tool_telemetry WHERE session_id = ?`,
			[sessionId],
		)
		.map(row => ({...row, success: row.success === null ? null : row.success === 1}));
	const hookRuns = db.all<HookRun>(
		`SELECT hook_event AS hookEvent, hook_name AS hookName, agent_id AS agentId, prompt_id AS promptId, start_ms AS startMs, end_ms AS endMs,
  duration_ms AS durationMs, hooks, blocking, non_blocking AS nonBlocking, cancelled FROM hook_runs WHERE session_id = ? ORDER BY start_ms, id`,
		[sessionId],
	);
	return {
		usage,
		prompts: new Map(prompts.map(prompt => [prompt.promptId, prompt])),
		tools: new Map(tools.map(tool => [tool.toolUseId, tool])),
		hookRuns,
	};
}

/** Every hook name the client timed, the costliest first. */
export function hookTimes(db: ReadDb): HookTime[] {
	if (!hasTelemetry(db)) return [];
	const harvested = new Map(
		db
			.all<{name: string | null; failures: number}>(
				`SELECT payload ->> '$.hook_name' AS name, count(*) AS failures FROM events WHERE event = 'HookFailure' GROUP BY 1`,
			)
			.map(row => [row.name, row.failures]),
	);
	return db
		.all<Omit<HookTime, 'harvested'>>(
			`SELECT hook_name AS hookName, hook_event AS hookEvent, runs, hooks, total_ms AS totalMs, max_ms AS maxMs, solo_runs AS soloRuns, solo_ms AS soloMs,
  blocking, non_blocking AS nonBlocking, cancelled, first_ts AS firstTs, last_ts AS lastTs FROM hook_time ORDER BY total_ms DESC, hook_name`,
		)
		.map(row => ({...row, harvested: harvested.get(row.hookName) ?? 0}));
}

export interface CostRow extends Usage {
	key: string | null;
}

export interface CostStats {
	total: Usage;
	byDay: CostRow[];
	byProject: CostRow[];
	byModel: CostRow[];
}

const costColumns = `count(*) AS apiCalls, coalesce(sum(cost_usd), 0) AS costUsd, coalesce(sum(input_tokens), 0) AS inputTokens,
  coalesce(sum(output_tokens), 0) AS outputTokens, coalesce(sum(cache_read_tokens), 0) AS cacheReadTokens,
  coalesce(sum(cache_creation_tokens), 0) AS cacheCreationTokens, coalesce(sum(duration_ms), 0) AS apiMs`;

/** Cost and tokens per local day, project and model, of the API calls in [since, until). */
export function costStats(
	db: ReadDb,
	range: {since?: number | null; until?: number | null; project?: string | null; sessionId?: string | null} = {},
): CostStats | null {
	if (!hasTelemetry(db)) return null;
	const where: string[] = [];
	const params: Array<number | string> = [];
	const add = (sql: string, ...values: Array<number | string>) => {
		where.push(sql);
		params.push(...values);
	};
	if (range.since != null) add('a.ts >= ?', range.since);
	if (range.until != null) add('a.ts < ?', range.until);
	if (range.sessionId) add('a.session_id = ?', range.sessionId);
	if (range.project) {
		if (range.project.includes('/')) add('s.project = ?', range.project.replace(/\/+$/, ''));
		else add("(s.project = ? OR s.project LIKE ? ESCAPE '\\')", range.project, `%/${range.project.replace(/[\\%_]/g, m => `\\${m}`)}`);
	}
	const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
	const from = 'FROM api_requests a LEFT JOIN sessions s ON s.session_id = a.session_id';
	const group = (key: string) => db.all<CostRow>(`SELECT ${key} AS key, ${costColumns} ${from} ${clause} GROUP BY 1 ORDER BY costUsd DESC, key`, params);
	const {key: _key, ...total} = db.get<CostRow>(`SELECT NULL AS key, ${costColumns} ${from} ${clause}`, params)!;
	return {
		total,
		byDay: db.all<CostRow>(`SELECT date(a.ts / 1000, 'unixepoch', 'localtime') AS key, ${costColumns} ${from} ${clause} GROUP BY 1 ORDER BY 1`, params),
		byProject: group('s.project'),
		byModel: group('a.model'),
	};
}
