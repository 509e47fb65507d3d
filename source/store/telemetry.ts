import type {HookTime, PromptUsage, SessionTelemetry, SessionUsage, ToolTelemetry, Usage} from '../events/telemetry-row.js';
import type {ReadDb} from './db.js';

export type {HookTime, PromptUsage, SessionTelemetry, SessionUsage, ToolTelemetry, Usage};

/**
 * Reads over Claude Code's telemetry (migration 0009) for the views: a session's usage, a prompt's
 * cost, a tool call's permission wait, the hook runs the client timed. Every read checks that the
 * tables exist, so a database no daemon has migrated yet reads as one without telemetry.
 */

type ToolRow = [
	string,
	string | null,
	number | null,
	number | null,
	string | null,
	string | null,
	number | null,
	number | null,
	number | null,
	number | null,
	number | null,
	number | null,
];

/** Whether the database has the telemetry tables (a daemon of this version has migrated it). */
export function hasTelemetry(db: ReadDb): boolean {
	return db.value<number>("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'session_usage'") === 1;
}

/** Usage of each of these sessions that has any (the sessions list's window: a few rows per session, by key). */
export function sessionsUsage(db: ReadDb, sessionIds: readonly string[]): Map<string, SessionUsage> {
	if (sessionIds.length === 0 || !hasTelemetry(db)) return new Map();
	return usageOf(db, sessionIds);
}

function usageOf(db: ReadDb, sessionIds: readonly string[]): Map<string, SessionUsage> {
	const found = new Map<string, SessionUsage>();
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
	const empty: SessionTelemetry = {usage: null, prompts: new Map(), tools: new Map(), promptHooks: new Map()};
	if (!hasTelemetry(db)) return empty;
	const usage = usageOf(db, [sessionId]).get(sessionId) ?? null;
	const prompts = db.all<PromptUsage & {hookMs: number | null}>(
		`SELECT prompt_id AS promptId, api_calls AS apiCalls, cost_usd AS costUsd, input_tokens AS inputTokens, output_tokens AS outputTokens,
  cache_read_tokens AS cacheReadTokens, cache_creation_tokens AS cacheCreationTokens, api_ms AS apiMs, hook_ms AS hookMs
FROM prompt_usage WHERE session_id = ?`,
		[sessionId],
	);
	// A session's tool calls come back as one JSON array: hundreds of small rows cost ~4 µs apiece as
	// JavaScript objects, and the timeline's cost join must stay cheap.
	const tools = (
		JSON.parse(
			db.value<string>(
				`SELECT json_group_array(json_array(tool_use_id, tool, success, duration_ms, decision, decision_source, permission_wait_ms, execution_ms,
  started_ms, result_ms, pre_hook_ms, post_hook_ms)) FROM tool_telemetry WHERE session_id = ?`,
				[sessionId],
			) ?? '[]',
		) as ToolRow[]
	).map(
		([
			toolUseId,
			tool,
			success,
			durationMs,
			decision,
			decisionSource,
			permissionWaitMs,
			executionMs,
			startedMs,
			resultMs,
			preHookMs,
			postHookMs,
		]): ToolTelemetry => ({
			toolUseId,
			tool,
			success: success === null ? null : success === 1,
			durationMs,
			decision,
			decisionSource,
			permissionWaitMs,
			executionMs,
			startedMs,
			resultMs,
			preHookMs,
			postHookMs,
		}),
	);
	return {
		usage,
		prompts: new Map(prompts.filter(prompt => prompt.apiCalls > 0).map(({hookMs: _hookMs, ...prompt}) => [prompt.promptId, prompt])),
		tools: new Map(tools.map(tool => [tool.toolUseId, tool])),
		promptHooks: new Map(prompts.filter(prompt => prompt.hookMs !== null).map(prompt => [prompt.promptId, prompt.hookMs!])),
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
