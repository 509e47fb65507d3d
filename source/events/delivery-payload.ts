import {deliveryKey, type FailedDelivery} from './delivery-failure.js';
import type {SessionTimeline} from './delivery-session.js';
import {toolOfHookName} from './transcript.js';
import {type HookPayload, isObject, stringField} from './types.js';

/** A tool call as the transcript gives it: the assistant's tool_use block, then the user line's tool_result. */
export interface ToolCall {
	id: string;
	name: string | null;
	input: unknown;
	/** The assistant line's effort level ("medium"); null when the model takes none. */
	effort: string | null;
	/** A line with this call's tool_result was seen (it may not be parsed yet). */
	resultSeen: boolean;
	result: ToolResult | null;
}

export interface ToolResult {
	/** The tool_result block's content: what the model saw (a string, or content blocks). */
	content: unknown;
	/** The line's toolUseResult: the tool's structured result. Undefined when the line has none (a subagent's transcript). */
	structured: unknown;
}

/** A failed delivery with the transcript's state at the line that reported it. */
export interface PendingDelivery {
	failure: FailedDelivery;
	seq: number;
	promptId: string | null;
	/** The latest prompt of the agent's conversation (UserPromptSubmit). */
	prompt: string | null;
	/** The agent's latest assistant message (Stop, SubagentStop). */
	lastMessage: {text: string | null; effort: string | null} | null;
	/** A Stop hook blocked since the prompt, so this Stop continues a stopped turn. */
	stopHookActive: boolean;
	/** The tool_use ids of the assistant message whose calls a PostToolBatch closes. */
	batch: string[] | null;
}

/** What the collected transcript offers the payload builder. */
export interface RebuildContext {
	transcriptPath: string;
	/** For lines that name no session: the session the transcript file is named after. */
	sessionId: string | null;
	call(id: string): ToolCall | undefined;
	session(id: string | null): SessionTimeline | undefined;
	/** The subagent's type, from its transcript (SubagentStart's matcher, attributionAgent) or its Agent call. */
	agentType(sessionId: string | null, agentId: string): string | null;
}

export interface RebuiltDelivery {
	/** The hook payload as Claude Code built it, with the fields the transcript holds. */
	payload: HookPayload;
	/** When the hook fired, Unix ms: the failure line's time, less the time Claude Code waited. */
	ts: number | null;
	/** Stable across re-reads of the same transcript (and copies of it): the events table's source key. */
	dedupeKey: string;
	/** What the caller stores as the row's origin. */
	origin: 'transcript';
	failure: FailedDelivery;
	/** Fields Claude Code sends with this event that the transcript does not hold: left out of the payload. */
	missing: string[];
	/** Fields filled with a stand-in, not the value Claude Code sent (a subagent call's tool_response). */
	approximated: string[];
}

/** Events whose payload carries permission_mode (real 2.1.332 payloads, and the hooks reference for the others). */
const withPermissionMode = new Set([
	'UserPromptSubmit',
	'UserPromptExpansion',
	'PreToolUse',
	'PermissionRequest',
	'PermissionDenied',
	'PostToolUse',
	'PostToolUseFailure',
	'PostToolBatch',
	'SubagentStop',
	'TaskCreated',
	'TaskCompleted',
	'Stop',
	'TeammateIdle',
	'Elicitation',
	'ElicitationResult',
]);

/** Events sent from inside a model turn, with its effort level: the ones real payloads show it on. */
const withEffort = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PostToolBatch', 'Stop', 'SubagentStop']);

/** Events whose hook invocation id is the tool_use id of their call. */
const toolEvents = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'PermissionDenied']);

/**
 * Event fields no transcript line holds: a rebuilt payload of these events has its identity fields and
 * event name (and, for tool events, the call) but not these. PostToolUse's duration_ms is measured by
 * Claude Code around the tool and written nowhere; the others come from the hooks reference.
 */
const notInTranscript: Record<string, readonly string[]> = {
	PostToolUse: ['duration_ms'],
	PostToolUseFailure: ['duration_ms'],
	PermissionRequest: ['permission_suggestions'],
	PermissionDenied: ['reason'],
	Notification: ['message', 'title', 'notification_type'],
	UserPromptExpansion: ['expansion_type', 'command_name', 'command_args', 'command_source', 'prompt'],
	StopFailure: ['error', 'error_details'],
	PreCompact: ['trigger', 'custom_instructions'],
	PostCompact: ['trigger', 'compact_summary'],
	TaskCreated: ['task_id', 'task_subject', 'task_description', 'teammate_name'],
	TaskCompleted: ['task_id', 'task_subject', 'task_description', 'teammate_name'],
	TeammateIdle: ['teammate_name', 'team_name'],
	InstructionsLoaded: ['file_path', 'memory_type', 'load_reason'],
	ConfigChange: ['source', 'file_path'],
	CwdChanged: ['old_cwd', 'new_cwd'],
	DirectoryAdded: ['directory', 'source'],
	FileChanged: ['file_path', 'event'],
	WorktreeCreate: ['name'],
	WorktreeRemove: ['worktree_path'],
	Elicitation: ['mcp_server_name', 'message', 'mode'],
	ElicitationResult: ['mcp_server_name', 'action', 'mode'],
	MessageDisplay: ['turn_id', 'message_id', 'index', 'final', 'delta'],
	SessionStart: ['source'],
	SessionEnd: ['reason'],
	Setup: ['trigger'],
};

/** The text of a tool result or message content: a string, or its text blocks joined. */
export function contentText(content: unknown): string | null {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return null;
	const texts = content.map(part => stringField(part, 'text')).filter((text): text is string => text !== null);
	return texts.length > 0 ? texts.join('\n') : null;
}

class PayloadBuilder {
	readonly payload: HookPayload = {};
	readonly missing: string[] = [];
	readonly approximated: string[] = [];

	set(key: string, value: unknown): void {
		if (value === undefined || value === null) this.missing.push(key);
		else this.payload[key] = value;
	}
}

function toolFields(out: PayloadBuilder, pending: PendingDelivery, call: ToolCall | undefined, withId: boolean): void {
	out.set('tool_name', call?.name ?? toolOfHookName(pending.failure.hookName));
	out.set('tool_input', call?.input);
	if (withId) out.set('tool_use_id', pending.failure.invocationId);
}

function postToolFields(out: PayloadBuilder, pending: PendingDelivery, call: ToolCall | undefined, failed: boolean): void {
	toolFields(out, pending, call, false);
	const id = pending.failure.invocationId;
	const result = call?.result ?? null;
	if (failed) {
		out.set('tool_use_id', id);
		out.set('error', result ? contentText(result.content) : undefined);
		out.set('is_interrupt', result ? interrupted(result) : undefined);
		return;
	}
	// A subagent's transcript keeps no toolUseResult: what the model saw stands in for it.
	if (result && result.structured === undefined) out.approximated.push('tool_response');
	out.set('tool_response', result ? (result.structured !== undefined ? result.structured : result.content) : undefined);
	out.set('tool_use_id', id);
}

/** Claude Code's own interruption: the tool says so, or the model was told the user stopped the call. */
function interrupted(result: ToolResult): boolean {
	if (isObject(result.structured) && result.structured['interrupted'] === true) return true;
	return /^\[Request interrupted by user/.test(contentText(result.content) ?? '');
}

function batchCalls(out: PayloadBuilder, pending: PendingDelivery, context: RebuildContext): void {
	if (!pending.batch || pending.batch.length === 0) {
		out.set('tool_calls', undefined);
		return;
	}
	const calls = pending.batch.map((id, index) => {
		const call = context.call(id);
		const entry: Record<string, unknown> = {tool_name: call?.name ?? null, tool_input: call?.input ?? null, tool_use_id: id};
		// PostToolBatch gives each call's result as the model saw it, not the structured toolUseResult.
		if (call?.result) entry['tool_response'] = call.result.content;
		else out.missing.push(`tool_calls[${index}].tool_response`);
		if (!call) out.missing.push(`tool_calls[${index}].tool_input`);
		return entry;
	});
	out.set('tool_calls', calls);
}

function stopFields(out: PayloadBuilder, pending: PendingDelivery, context: RebuildContext, at: number): void {
	const {failure} = pending;
	out.set('stop_hook_active', pending.stopHookActive);
	if (failure.hookEvent === 'SubagentStop' && failure.agentId) {
		out.set('agent_transcript_path', `${context.transcriptPath.replace(/\.jsonl$/, '')}/subagents/agent-${failure.agentId}.jsonl`);
	}
	out.set('last_assistant_message', pending.lastMessage?.text);
	const session = context.session(failure.sessionId);
	out.set('background_tasks', session?.backgroundTasksAt(at, agentId => context.agentType(failure.sessionId, agentId)) ?? []);
	// Crons a CronCreate or ScheduleWakeup scheduled are not in the transcript in a form worth trusting.
	out.set('session_crons', session ? session.cronsAt(at) : []);
}

/** The effort level of the turn: the call's assistant line for tool events, the last message for stops. */
function effortOf(pending: PendingDelivery, context: RebuildContext): string | null {
	const event = pending.failure.hookEvent;
	if (event === 'PostToolBatch') return context.call(pending.batch?.[0] ?? '')?.effort ?? null;
	if (toolEvents.has(event)) return context.call(pending.failure.invocationId)?.effort ?? null;
	return pending.lastMessage?.effort ?? null;
}

function identity(out: PayloadBuilder, pending: PendingDelivery, context: RebuildContext, at: number): void {
	const {failure} = pending;
	const event = failure.hookEvent;
	out.set('session_id', failure.sessionId ?? context.sessionId);
	out.set('transcript_path', context.transcriptPath);
	out.set('cwd', failure.cwd);
	out.set('prompt_id', pending.promptId);
	if (withPermissionMode.has(event)) out.set('permission_mode', context.session(failure.sessionId)?.permissionModeAt(at));
	if (failure.agentId) {
		out.set('agent_id', failure.agentId);
		out.set('agent_type', context.agentType(failure.sessionId, failure.agentId));
	}
	const effort = withEffort.has(event) ? effortOf(pending, context) : null;
	if (effort) out.payload['effort'] = {level: effort};
	out.payload['hook_event_name'] = event;
}

/** The payload Claude Code would have delivered, rebuilt from the transcript's state at the failure. */
export function buildDelivery(pending: PendingDelivery, context: RebuildContext): RebuiltDelivery {
	const {failure} = pending;
	const event = failure.hookEvent;
	const ts = failure.ts === null ? null : failure.ts - failure.waitedMs;
	const at = ts ?? Number.POSITIVE_INFINITY;
	const out = new PayloadBuilder();
	identity(out, pending, context, at);
	const call = toolEvents.has(event) ? context.call(failure.invocationId) : undefined;
	switch (event) {
		case 'UserPromptSubmit':
			out.set('prompt', pending.prompt);
			break;
		case 'PreToolUse':
		case 'PermissionDenied':
			toolFields(out, pending, call, true);
			break;
		case 'PermissionRequest':
			toolFields(out, pending, call, false);
			break;
		case 'PostToolUse':
			postToolFields(out, pending, call, false);
			break;
		case 'PostToolUseFailure':
			postToolFields(out, pending, call, true);
			break;
		case 'PostToolBatch':
			batchCalls(out, pending, context);
			break;
		case 'Stop':
		case 'SubagentStop':
			stopFields(out, pending, context, at);
			break;
		case 'StopFailure':
			out.set('last_assistant_message', pending.lastMessage?.text);
			break;
	}
	out.missing.push(...(notInTranscript[event] ?? []));
	return {payload: out.payload, ts, dedupeKey: deliveryKey(failure), origin: 'transcript', failure, missing: out.missing, approximated: out.approximated};
}
