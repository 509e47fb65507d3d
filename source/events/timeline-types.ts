import type {BatchCall} from './batch.js';
import type {Status} from './types.js';

/** One stored event as the timeline needs it (store/timeline.ts reads these; no payloads). */
export interface TimelineEvent {
	id: number;
	ts: number;
	event: string | null;
	status: Status;
	tool: string | null;
	toolUseId: string | null;
	/** The subagent the event belongs to; null on the main thread. */
	agentId: string | null;
	agentType: string | null;
	durationMs: number | null;
	summary: string | null;
	/** Bounded longer text where a row needs it: the prompt, the error, the denial reason. */
	detail: string | null;
	/** PostToolUse of Agent/Task: the subagent it launched (tool_response.agentId). */
	launchedAgentId: string | null;
	/** PreToolUse of Agent/Task: the subagent type it asks for (tool_input.subagent_type). */
	requestedAgentType: string | null;
	/** PostToolUseFailure: the user interrupted the call. */
	interrupted: boolean;
	/** PostToolBatch: its calls, in order. */
	batch: BatchCall[] | null;
	/** UserPromptSubmit: the prompt's id, which Claude Code's telemetry carries as prompt.id. */
	promptId?: string | null;
}

/**
 * running: started, no outcome yet; unfinished: no outcome and its turn (or the session) ended;
 * rejected: refused by Claude Code before it ran (seen only in the batch); denied: PermissionDenied.
 */
export type CallStatus = 'running' | 'ok' | 'error' | 'interrupted' | 'denied' | 'rejected' | 'unfinished';

/** One tool call: its PreToolUse paired with its outcome by tool_use_id, and what else refers to it. */
export interface CallItem {
	kind: 'call';
	key: string;
	toolUseId: string | null;
	tool: string | null;
	/** One line: the command, the file, the pattern. Raw text: neutralize before display. */
	input: string;
	status: CallStatus;
	/** The failure's headline, the denial reason or the rejection. */
	error: string | null;
	startTs: number;
	endTs: number | null;
	durationMs: number | null;
	/** The subagent the call was made in; null on the main thread. */
	agentId: string | null;
	/** PreToolUse; null when only the outcome or the batch was recorded. */
	startId: number | null;
	/** PostToolUse, PostToolUseFailure or PermissionDenied; null while running. */
	endId: number | null;
	/** The event to open for this row: the outcome when there is one, else the start (else the batch). */
	eventId: number;
	/** Every event of the call in id order: PreToolUse, PermissionRequest, outcome, HookFailure, ... */
	eventIds: number[];
	/** Events attached to the call that failed without deciding its outcome (e.g. a failing hook). */
	hookErrors: number;
	/** Subagents this Agent/Task call started, with their own timelines. */
	subagents: SubagentItem[];
}

/** Calls Claude Code ran as one batch (parallel calls), as its PostToolBatch lists them. */
export interface BatchItem {
	kind: 'batch';
	key: string;
	/** The PostToolBatch event; null while the batch is still running. */
	eventId: number;
	startTs: number;
	calls: CallItem[];
}

export interface SubagentItem {
	kind: 'subagent';
	key: string;
	agentId: string;
	agentType: string | null;
	status: 'running' | 'stopped' | 'unfinished';
	startTs: number;
	endTs: number | null;
	/** SubagentStart, else the subagent's first event. */
	eventId: number;
	/** SubagentStart and SubagentStop. */
	eventIds: number[];
	/** SubagentStop's last_assistant_message, as its summary. */
	result: string | null;
	items: TimelineItem[];
}

export interface PromptItem {
	kind: 'prompt';
	key: string;
	eventId: number;
	ts: number;
	/** The prompt (bounded); for a task notification, its summary line. Raw text: neutralize before display. */
	text: string;
	/** A prompt Claude Code wrote itself to report a background task (<task-notification>). */
	notification: boolean;
	/** Its prompt_id: the key of its cost in the client's telemetry. */
	promptId: string | null;
}

/** Where a turn or the session starts or ends: SessionStart, Stop, StopFailure, Pre/PostCompact, SessionEnd. */
export interface MarkerItem {
	kind: 'marker';
	key: string;
	eventId: number;
	ts: number;
	event: string;
	status: Status;
	text: string;
}

/** Any other event (Notification, ConfigChange, an orphan PermissionRequest, ...). */
export interface EventItem {
	kind: 'event';
	key: string;
	eventId: number;
	ts: number;
	event: string | null;
	status: Status;
	tool: string | null;
	text: string;
}

export type TimelineItem = PromptItem | CallItem | BatchItem | SubagentItem | MarkerItem | EventItem;

/** A timeline flattened for a list view: one row per item, depth for indentation. */
export interface TimelineRow {
	key: string;
	depth: number;
	item: TimelineItem;
	/**
	 * The events this row stands for, each on exactly one row (rowOfEvent finds an error's row by them);
	 * the outcome first. Open item.eventId: a call known only from a batch of several has none of its
	 * own, and opens the batch's event.
	 */
	eventIds: number[];
}
