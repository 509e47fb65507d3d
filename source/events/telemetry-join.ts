import type {PromptUsage, SessionTelemetry, ToolTelemetry} from './telemetry-row.js';
import type {TimelineRow} from './timeline-types.js';

/**
 * Claude Code's telemetry beside a session's timeline: each prompt's cost and API time (by prompt_id,
 * its subagents' calls included) and its UserPromptSubmit hooks' time (its runs carry the prompt id);
 * each tool call's permission wait and its hooks' time (by tool_use_id: the store placed its
 * PreToolUse and PostToolUse runs on it as they arrived, store/telemetry-write.ts). Lookups only: the
 * timeline with the cost join must cost at most a fifth more than without it.
 */

export interface PromptTelemetry extends PromptUsage {
	/** The UserPromptSubmit hooks' time; null when no run was matched. */
	hookMs: number | null;
}

export interface CallTelemetry {
	tool: ToolTelemetry | null;
	/** Its PreToolUse and PostToolUse hooks' time, summed; null when no run was placed on it. */
	hookMs: number | null;
}

export interface TimelineTelemetry {
	/** By the prompt row's key. */
	prompts: Map<string, PromptTelemetry>;
	/** By the call row's key. */
	calls: Map<string, CallTelemetry>;
}

const sum = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

/** The telemetry of each prompt and tool call row of a flattened timeline. */
export function joinTelemetry(rows: readonly TimelineRow[], telemetry: SessionTelemetry): TimelineTelemetry {
	const joined: TimelineTelemetry = {prompts: new Map(), calls: new Map()};
	if (!telemetry.usage && telemetry.tools.size === 0 && telemetry.promptHooks.size === 0) return joined;
	for (const {key, item} of rows) {
		if (item.kind === 'prompt') {
			if (!item.promptId) continue;
			const usage = telemetry.prompts.get(item.promptId);
			const hookMs = telemetry.promptHooks.get(item.promptId) ?? null;
			if (usage || hookMs !== null) joined.prompts.set(key, {...(usage ?? emptyUsage(item.promptId)), hookMs});
		} else if (item.kind === 'call' && item.toolUseId) {
			const tool = telemetry.tools.get(item.toolUseId);
			if (tool) joined.calls.set(key, {tool, hookMs: sum(tool.preHookMs, tool.postHookMs)});
		}
	}
	return joined;
}

const emptyUsage = (promptId: string): PromptUsage => ({
	promptId,
	apiCalls: 0,
	costUsd: 0,
	inputTokens: 0,
	outputTokens: 0,
	cacheReadTokens: 0,
	cacheCreationTokens: 0,
	apiMs: 0,
});

/**
 * Whether a call waited for permission in a way worth showing: someone or something decided (a person,
 * a hook), or it waited a second or more. A call the settings allowed passes in a few milliseconds.
 */
export function waitedForPermission(tool: ToolTelemetry | null): boolean {
	if (!tool || tool.permissionWaitMs === null) return false;
	return (tool.decisionSource !== null && tool.decisionSource !== 'config') || tool.permissionWaitMs >= 1000;
}
