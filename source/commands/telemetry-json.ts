import type {CallTelemetry, PromptTelemetry} from '../events/telemetry-join.js';
import type {SessionUsage, Usage} from '../events/telemetry-row.js';
import {neutralize} from '../events/neutralize.js';
import {duration, money, tokens} from '../tui/format.js';

// Claude Code's telemetry as the headless commands print it: the stable JSON field names, and the
// one-line text forms the session, sessions and stats views share.

export function usageJson(usage: Usage) {
	return {
		api_calls: usage.apiCalls,
		cost_usd: usage.costUsd,
		input_tokens: usage.inputTokens,
		output_tokens: usage.outputTokens,
		cache_read_tokens: usage.cacheReadTokens,
		cache_creation_tokens: usage.cacheCreationTokens,
		api_ms: usage.apiMs,
	};
}

export const sessionUsageJson = (usage: SessionUsage | null | undefined) => (usage ? {...usageJson(usage), models: usage.models} : null);

export const promptTelemetryJson = (prompt: PromptTelemetry | undefined) => (prompt ? {...usageJson(prompt), hook_ms: prompt.hookMs} : null);

export function callTelemetryJson(call: CallTelemetry | undefined) {
	if (!call) return null;
	const tool = call.tool;
	return {
		permission_wait_ms: tool?.permissionWaitMs ?? null,
		decision: tool?.decision ?? null,
		decision_source: tool?.decisionSource ?? null,
		execution_ms: tool?.executionMs ?? null,
		client_duration_ms: tool?.durationMs ?? null,
		hook_ms: call.hookMs,
	};
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "$0.0031 · 7 API calls, 252ms · 84 in, 140 out, 0 cache read tokens": what a session or prompt cost. */
export function usageLine(usage: Usage): string {
	return [
		money(usage.costUsd),
		`${plural(usage.apiCalls, 'API call')}, ${duration(usage.apiMs)}`,
		`${tokens(usage.inputTokens)} in, ${tokens(usage.outputTokens)} out, ${tokens(usage.cacheReadTokens)} cache read tokens`,
	].join(' · ');
}

export const modelsLine = (models: readonly string[]) => neutralize(models.join(', '), true);
