import type {HookRunFacts, SpanFacts, TelemetryRow, ToolFacts} from '../events/telemetry-row.js';
import type {SqlValue, WriteDb} from './db.js';

/**
 * Writes the daemon's telemetry rows (migration 0009): every record into `telemetry`, keyed by its
 * content so a retried request adds nothing, and what joins into the tables beside it. A tool call's
 * facts arrive in any order (tool_result, tool_decision, its spans): each arrival fills what it knows
 * and looks up what the others left, so the call's row is whole once all have come.
 */

const insertRecord = `INSERT INTO telemetry (key, signal, name, ts, session_id, prompt_id, received_ts, redactions, truncated, data)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`;

const insertApiRequest = `INSERT INTO api_requests (id, session_id, prompt_id, agent_id, ts, model, input_tokens, output_tokens, cache_read_tokens,
  cache_creation_tokens, cost_usd, duration_ms, ttft_ms, query_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const insertHookRun = `INSERT OR IGNORE INTO hook_runs (id, session_id, prompt_id, agent_id, hook_event, hook_name, start_ms, end_ms, duration_ms, hooks, succeeded,
  blocking, non_blocking, cancelled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const insertSpan = `INSERT OR IGNORE INTO spans (span_id, trace_id, parent_span_id, name, session_id, start_ms, end_ms, tool_use_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

// Each field keeps what an earlier arrival set unless this one knows it.
const upsertTool = `INSERT INTO tool_telemetry (session_id, tool_use_id, tool, agent_id, prompt_id, success, duration_ms, decision, decision_source,
  permission_wait_ms, execution_ms, started_ms, result_ms)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (session_id, tool_use_id) DO UPDATE SET
  tool               = coalesce(excluded.tool, tool),
  agent_id           = coalesce(excluded.agent_id, agent_id),
  prompt_id          = coalesce(excluded.prompt_id, prompt_id),
  success            = coalesce(excluded.success, success),
  duration_ms        = coalesce(excluded.duration_ms, duration_ms),
  decision           = coalesce(excluded.decision, decision),
  decision_source    = coalesce(excluded.decision_source, decision_source),
  permission_wait_ms = coalesce(excluded.permission_wait_ms, permission_wait_ms),
  execution_ms       = coalesce(excluded.execution_ms, execution_ms),
  -- The earliest of the call's span start and its tool_decision: both come after its PreToolUse hooks.
  started_ms         = CASE WHEN started_ms IS NULL OR excluded.started_ms < started_ms THEN coalesce(excluded.started_ms, started_ms) ELSE started_ms END,
  result_ms          = coalesce(excluded.result_ms, result_ms)`;

const blocked = 'claude_code.tool.blocked_on_user';

interface ToolUpdate {
	tool?: string | null;
	agentId?: string | null;
	promptId?: string | null;
	success?: boolean | null;
	durationMs?: number | null;
	decision?: string | null;
	decisionSource?: string | null;
	permissionWaitMs?: number | null;
	executionMs?: number | null;
	startedMs?: number | null;
	resultMs?: number | null;
}

function updateTool(db: WriteDb, sessionId: string, toolUseId: string, update: ToolUpdate): void {
	const success = update.success === undefined || update.success === null ? null : update.success ? 1 : 0;
	const values: SqlValue[] = [
		sessionId,
		toolUseId,
		update.tool ?? null,
		update.agentId ?? null,
		update.promptId ?? null,
		success,
		update.durationMs ?? null,
		update.decision ?? null,
		update.decisionSource ?? null,
		update.permissionWaitMs ?? null,
		update.executionMs ?? null,
		update.startedMs ?? null,
		update.resultMs ?? null,
	];
	db.run(upsertTool, values);
	placeCallHooks(db, sessionId, toolUseId);
}

// Placing hook runs on tool calls, on the client's own clock. A PreToolUse run ends before its call
// starts; a PostToolUse (or PostToolUseFailure) run starts after its call's tool_result. Runs of
// parallel calls overlap, so each is placed on the nearest call not yet holding one, whichever of
// the two arrives second doing the placing.
const unplacedBefore = `SELECT start_ms, id, duration_ms FROM hook_runs WHERE session_id = ? AND hook_name = ? AND agent_id IS ? AND tool_use_id IS NULL
  AND end_ms <= ? ORDER BY end_ms DESC LIMIT 1`;
const unplacedAfter = `SELECT start_ms, id, duration_ms FROM hook_runs WHERE session_id = ? AND hook_name = ? AND agent_id IS ? AND tool_use_id IS NULL
  AND start_ms >= ? ORDER BY start_ms LIMIT 1`;
const placeRun = 'UPDATE hook_runs SET tool_use_id = ? WHERE session_id = ? AND start_ms = ? AND id = ?';

interface CallClock {
	tool: string | null;
	agent_id: string | null;
	success: number | null;
	started_ms: number | null;
	result_ms: number | null;
	pre_hook_ms: number | null;
	post_hook_ms: number | null;
}

function placeCallHooks(db: WriteDb, sessionId: string, toolUseId: string): void {
	const call = db.get<CallClock>(
		'SELECT tool, agent_id, success, started_ms, result_ms, pre_hook_ms, post_hook_ms FROM tool_telemetry WHERE session_id = ? AND tool_use_id = ?',
		[sessionId, toolUseId],
	);
	if (!call?.tool) return;
	const take = (sql: string, name: string, at: number, column: 'pre_hook_ms' | 'post_hook_ms') => {
		const run = db.get<{start_ms: number; id: number; duration_ms: number}>(sql, [sessionId, name, call.agent_id, at]);
		if (!run) return;
		db.run(placeRun, [toolUseId, sessionId, run.start_ms, run.id]);
		db.run(`UPDATE tool_telemetry SET ${column} = ? WHERE session_id = ? AND tool_use_id = ?`, [run.duration_ms, sessionId, toolUseId]);
	};
	if (call.pre_hook_ms === null && call.started_ms !== null) take(unplacedBefore, `PreToolUse:${call.tool}`, call.started_ms, 'pre_hook_ms');
	if (call.post_hook_ms === null && call.result_ms !== null && call.success !== null)
		take(unplacedAfter, `${call.success === 0 ? 'PostToolUseFailure' : 'PostToolUse'}:${call.tool}`, call.result_ms, 'post_hook_ms');
}

/** A tool event's run that arrived after its call's times: the nearest call still without one. */
function placeRunOnCall(db: WriteDb, sessionId: string, hook: HookRunFacts, telemetryId: number): void {
	const colon = hook.hookName.indexOf(':');
	const tool = colon < 0 ? null : hook.hookName.slice(colon + 1);
	if (!tool || (hook.hookEvent !== 'PreToolUse' && hook.hookEvent !== 'PostToolUse' && hook.hookEvent !== 'PostToolUseFailure')) return;
	const pre = hook.hookEvent === 'PreToolUse';
	const call = pre
		? db.value<string>(
				`SELECT tool_use_id FROM tool_telemetry WHERE session_id = ? AND tool = ? AND agent_id IS ? AND pre_hook_ms IS NULL AND started_ms >= ?
  ORDER BY started_ms LIMIT 1`,
				[sessionId, tool, hook.agentId, hook.endMs],
			)
		: db.value<string>(
				`SELECT tool_use_id FROM tool_telemetry WHERE session_id = ? AND tool = ? AND agent_id IS ? AND post_hook_ms IS NULL AND success = ?
  AND result_ms <= ? ORDER BY result_ms DESC LIMIT 1`,
				[sessionId, tool, hook.agentId, hook.hookEvent === 'PostToolUseFailure' ? 0 : 1, hook.startMs],
			);
	if (!call) return;
	db.run(placeRun, [call, sessionId, hook.startMs, telemetryId]);
	db.run(`UPDATE tool_telemetry SET ${pre ? 'pre_hook_ms' : 'post_hook_ms'} = ? WHERE session_id = ? AND tool_use_id = ?`, [hook.durationMs, sessionId, call]);
}

function toolEvent(db: WriteDb, row: TelemetryRow, facts: ToolFacts, sessionId: string): void {
	const update: ToolUpdate = {
		tool: facts.tool,
		promptId: row.promptId,
		success: facts.success,
		durationMs: facts.durationMs,
		decision: facts.decision,
		decisionSource: facts.decisionSource,
		resultMs: row.name === 'tool_result' ? row.ts : null,
		// tool_decision is logged once the call's PreToolUse hooks are done: a start when no span comes.
		startedMs: row.name === 'tool_decision' ? row.ts : null,
		agentId: facts.agentId,
	};
	// tool_decision is logged inside the call's blocked_on_user span: if that span is here, so is the wait.
	if (facts.decisionSpanId) {
		const span = db.get<{start_ms: number; end_ms: number}>('SELECT start_ms, end_ms FROM spans WHERE span_id = ? AND name = ?', [
			facts.decisionSpanId,
			blocked,
		]);
		if (span) update.permissionWaitMs = span.end_ms - span.start_ms;
	}
	updateTool(db, sessionId, facts.toolUseId, update);
}

function spanEvent(db: WriteDb, facts: SpanFacts, sessionId: string | null): void {
	db.run(insertSpan, [facts.spanId, facts.traceId, facts.parentSpanId, facts.name, sessionId, facts.startMs, facts.endMs, facts.toolUseId]);
	if (!sessionId) return;
	if (facts.name === 'claude_code.tool' && facts.toolUseId) {
		// Its blocked_on_user child may have come first (it ends first, so it is often exported first).
		const child = db.get<{start_ms: number; end_ms: number}>(
			'SELECT start_ms, end_ms FROM spans WHERE parent_span_id = ? AND name = ? ORDER BY start_ms LIMIT 1',
			[facts.spanId, blocked],
		);
		updateTool(db, sessionId, facts.toolUseId, {permissionWaitMs: child ? child.end_ms - child.start_ms : null, startedMs: facts.startMs});
	} else if (facts.name === 'claude_code.tool.execution' && facts.toolUseId) {
		updateTool(db, sessionId, facts.toolUseId, {executionMs: facts.endMs - facts.startMs});
	} else if (facts.name === blocked && facts.parentSpanId) {
		const parent = db.value<string | null>('SELECT tool_use_id FROM spans WHERE span_id = ?', [facts.parentSpanId]);
		if (parent)
			updateTool(db, sessionId, parent, {permissionWaitMs: facts.endMs - facts.startMs, decision: facts.decision, decisionSource: facts.decisionSource});
	}
}

export interface TelemetryWritten {
	added: number;
	duplicates: number;
}

/** Writes rows in one transaction; rows already stored (same key) are counted as duplicates and skipped. */
export function insertTelemetry(db: WriteDb, rows: readonly TelemetryRow[], receivedTs: number): TelemetryWritten {
	return db.transaction(() => {
		let added = 0;
		for (const row of rows) {
			const result = db.run(insertRecord, [
				row.key,
				row.signal,
				row.name,
				row.ts,
				row.sessionId,
				row.promptId,
				receivedTs,
				row.redactions,
				row.truncated ? 1 : 0,
				row.data,
			]);
			if (result.changes === 0) continue;
			added++;
			const id = Number(result.lastInsertRowid);
			const session = row.sessionId;
			if (row.span) spanEvent(db, row.span, session);
			if (!session) continue;
			const {api, hook, tool} = row;
			if (api)
				db.run(insertApiRequest, [
					id,
					session,
					row.promptId,
					api.agentId,
					row.ts,
					api.model,
					api.inputTokens,
					api.outputTokens,
					api.cacheReadTokens,
					api.cacheCreationTokens,
					api.costUsd,
					api.durationMs,
					api.ttftMs,
					api.querySource,
				]);
			if (hook) {
				db.run(insertHookRun, [
					id,
					session,
					row.promptId,
					hook.agentId,
					hook.hookEvent,
					hook.hookName,
					hook.startMs,
					hook.endMs,
					hook.durationMs,
					hook.hooks,
					hook.succeeded,
					hook.blocking,
					hook.nonBlocking,
					hook.cancelled,
				]);
				placeRunOnCall(db, session, hook, id);
			}
			if (tool) toolEvent(db, row, tool, session);
		}
		return {added, duplicates: rows.length - added};
	});
}
