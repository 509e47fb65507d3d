/** The rows `eyelet serve` stores for Claude Code's OpenTelemetry (migration 0009), as the processor (serve/otlp/records.ts) builds them. */

export interface ApiRequestFacts {
	agentId: string | null;
	model: string | null;
	inputTokens: number;
	outputTokens: number;
	cacheReadTokens: number;
	cacheCreationTokens: number;
	costUsd: number;
	durationMs: number | null;
	ttftMs: number | null;
	querySource: string | null;
}

export interface HookRunFacts {
	agentId: string | null;
	hookEvent: string;
	hookName: string;
	startMs: number;
	endMs: number;
	durationMs: number;
	hooks: number;
	succeeded: number;
	blocking: number;
	nonBlocking: number;
	cancelled: number;
}

/** What a tool_result or tool_decision event says about one call. */
export interface ToolFacts {
	toolUseId: string;
	tool: string | null;
	agentId: string | null;
	success: boolean | null;
	durationMs: number | null;
	decision: string | null;
	decisionSource: string | null;
	/** tool_decision's span: the call's claude_code.tool.blocked_on_user span. */
	decisionSpanId: string | null;
}

export interface SpanFacts {
	spanId: string;
	traceId: string | null;
	parentSpanId: string | null;
	name: string;
	startMs: number;
	endMs: number;
	toolUseId: string | null;
	decision: string | null;
	decisionSource: string | null;
}

export interface TelemetryRow {
	key: Buffer;
	signal: 'log' | 'span' | 'metric';
	name: string;
	ts: number;
	sessionId: string | null;
	promptId: string | null;
	redactions: number;
	truncated: boolean;
	/** JSON text of the whole record, redacted and bounded. */
	data: string;
	api?: ApiRequestFacts;
	hook?: HookRunFacts;
	tool?: ToolFacts;
	span?: SpanFacts;
}

// What the views read back (store/telemetry.ts), and what the timeline joins (events/telemetry-join.ts).

export interface Usage {
	apiCalls: number;
	costUsd: number;
	inputTokens: number;
	outputTokens: number;
	cacheReadTokens: number;
	cacheCreationTokens: number;
	apiMs: number;
}

export interface SessionUsage extends Usage {
	/** Models by cost, the costliest first. */
	models: string[];
}

export interface PromptUsage extends Usage {
	promptId: string;
}

export interface ToolTelemetry {
	toolUseId: string;
	tool: string | null;
	success: boolean | null;
	durationMs: number | null;
	decision: string | null;
	decisionSource: string | null;
	permissionWaitMs: number | null;
	executionMs: number | null;
	/** Client clock: the call's span start (its PreToolUse hooks are done) and its tool_result (its PostToolUse hooks come next). */
	startedMs: number | null;
	resultMs: number | null;
	/** Its PreToolUse and PostToolUse (or PostToolUseFailure) hooks' time, once their runs were placed on it. */
	preHookMs: number | null;
	postHookMs: number | null;
}

export interface SessionTelemetry {
	usage: SessionUsage | null;
	prompts: Map<string, PromptUsage>;
	tools: Map<string, ToolTelemetry>;
	/** The UserPromptSubmit hooks' time, by prompt id (their runs carry it). */
	promptHooks: Map<string, number>;
}

/** One hook name's runs as the client timed them (table hook_time), with the failures eyelet harvested for it. */
export interface HookTime {
	hookName: string;
	hookEvent: string;
	runs: number;
	/** Hooks per run, summed: runs × hooks configured for that event. */
	hooks: number;
	totalMs: number;
	maxMs: number;
	/** Runs of one hook only, and their time: that hook's cost alone. */
	soloRuns: number;
	soloMs: number;
	/** Failures the client counted. */
	blocking: number;
	nonBlocking: number;
	cancelled: number;
	/** HookFailure events eyelet harvested from the transcripts for this hook name. */
	harvested: number;
	firstTs: number;
	lastTs: number;
}
