import {type DeliveryMatchOptions, type DeliveryTarget, deliveryKey, failedDelivery} from './delivery-failure.js';
import {buildDelivery, contentText, type PendingDelivery, type RebuildContext, type RebuiltDelivery, type ToolCall} from './delivery-payload.js';
import {SessionTimeline} from './delivery-session.js';
import {toolOfHookName} from './transcript.js';
import {isObject, objectField, stringField} from './types.js';

export {
	type DeliveryFailureKind,
	type DeliveryMatchOptions,
	type DeliveryTarget,
	deliveryKey,
	deliveryTargetOf,
	type FailedDelivery,
	failedDelivery,
	namesTarget,
} from './delivery-failure.js';
export type {RebuiltDelivery} from './delivery-payload.js';

/**
 * Rebuilds the hook payloads that Claude Code failed to deliver to eyelet's http daemon, from the session
 * transcript (and its subagents' transcripts) that the payloads were built from. Each failure is a
 * `hook_non_blocking_error` (or `hook_cancelled`) attachment naming eyelet's address; what it points at:
 * - UserPromptSubmit: the prompt line before it (its text, promptId, permissionMode);
 * - PreToolUse, PostToolUse, PostToolUseFailure: the call its toolUseID names, the assistant's tool_use
 *   block (name, input, effort) and the user line's tool_result (toolUseResult, or the error text);
 * - PostToolBatch: the calls of the assistant message whose results it follows;
 * - SubagentStart, SubagentStop: the subagent's transcript (its agentId, type, last message);
 * - Stop: the agent's last assistant message, and the background tasks running at that time.
 */
export interface RebuildOptions extends DeliveryMatchOptions {
	target: DeliveryTarget;
	/** The session transcript's path as Claude Code names it: every payload's transcript_path. */
	transcriptPath: string;
}

/**
 * Byte strings that every line the rebuild reads contains (a line reader can search for them as bytes):
 * lines without one (API request shapes, snapshots, listings, cost-state) are never parsed. Claude Code
 * writes compact JSON and escapes the quotes inside strings, so `"type":"user"` is only ever an object's type.
 */
export const deliveryNeedles: readonly string[] = [
	'"type":"assistant"',
	'"type":"user"',
	'hook_non_blocking_error"',
	'hook_cancelled"',
	'hook_blocking_error"',
];

const failureNeedles = deliveryNeedles.slice(2);
const resultNeedle = '"type":"tool_result"';
// Tool results that start background work are read at once: a Stop's background_tasks needs them.
const launchNeedles = ['"async_launched"', '"backgroundTaskId"'];
const candidateIds = /"tool_use_id":"([^"\\]{1,200})"/g;

/** The assistant message whose tool calls are in progress, and which a PostToolBatch closes. */
interface ToolWindow {
	messageId: string | null;
	callIds: string[];
}

/** One agent's conversation: the main session's, or a subagent's (its own transcript file). */
interface Conversation {
	promptId: string | null;
	prompt: string | null;
	lastMessage: {id: string | null; texts: string[]; effort: string | null} | null;
	window: ToolWindow | null;
	/** The window before: kept one message longer, for failures Claude Code writes late. */
	closed: ToolWindow | null;
	stopBlocked: boolean;
	agentType: string | null;
	/** UserPromptSubmit failures read before any prompt: they take the next one. */
	awaitingPrompt: PendingDelivery[];
}

/** A tool_result line not parsed yet: parsed only when a failure needs one of its calls. */
interface DeferredLine {
	text: string;
	done: boolean;
}

const timeOf = (line: Record<string, unknown>): number | null => {
	const ts = Date.parse(stringField(line, 'timestamp') ?? '');
	return Number.isNaN(ts) ? null : ts;
};

/** Claude Code names a session's transcript after the session id. */
function sessionOfPath(path: string): string | null {
	const name = /([^/\\]+)\.jsonl$/.exec(path)?.[1] ?? '';
	return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(name) ? name : null;
}

/**
 * Feed it every line of a session's transcript and of its subagents' transcripts, in each file's order
 * (the files in any order), then call finish(). Lines are plain text; malformed ones are counted and skipped.
 *
 * Causality is not file order: a PostToolUse failure follows its tool_result line though it fired before
 * it, parallel calls interleave, a subagent's lines are in another file. So the rebuild notes, at each
 * failure, what only the lines before it can tell (the prompt, the last message, the open batch) and
 * rebuilds at the end from what all lines told (calls, results, background tasks, permission modes).
 *
 * Memory holds what a pending rebuild needs, not the transcript: the calls of the current and previous
 * assistant message of each conversation, the calls and results failures refer to, the prompts and
 * background tasks. Tool results are kept unparsed until a failure needs them and dropped when none does.
 */
export class DeliveryRebuilder {
	/** Lines read as JSON; the others were skipped unparsed. */
	parsed = 0;
	malformed = 0;
	private readonly pending: PendingDelivery[] = [];
	private readonly keys = new Set<string>();
	/** Call ids a failure refers to: their data is kept to the end. */
	private readonly wanted = new Set<string>();
	private readonly calls = new Map<string, ToolCall>();
	private readonly deferred = new Map<string, DeferredLine[]>();
	private readonly conversations = new Map<string, Conversation>();
	private readonly sessions = new Map<string, SessionTimeline>();

	constructor(private readonly options: RebuildOptions) {}

	/** What is held now: calls (with their results) and tool_result lines kept unparsed. */
	get retained(): {calls: number; deferredLines: number} {
		const lines = new Set<DeferredLine>();
		for (const entries of this.deferred.values()) for (const entry of entries) if (!entry.done) lines.add(entry);
		return {calls: this.calls.size, deferredLines: lines.size};
	}

	/** One transcript line (without its newline). */
	add(line: string): void {
		if (!deliveryNeedles.some(needle => line.includes(needle))) return;
		const deferrable = line.includes(resultNeedle) && line.includes('"type":"user"') && !failureNeedles.some(needle => line.includes(needle));
		if (deferrable && !launchNeedles.some(needle => line.includes(needle)) && this.defer(line)) return;
		const parsed = this.parse(line);
		if (parsed) this.read(parsed);
	}

	/** Every failed delivery fed so far, rebuilt, oldest first. */
	finish(): RebuiltDelivery[] {
		for (const id of this.wanted) this.resolve(id);
		const context: RebuildContext = {
			transcriptPath: this.options.transcriptPath,
			sessionId: sessionOfPath(this.options.transcriptPath),
			call: id => this.calls.get(id),
			session: id => this.sessions.get(id ?? ''),
			agentType: (sessionId, agentId) => this.conversations.get(`${sessionId ?? ''}/${agentId}`)?.agentType ?? null,
		};
		// Ties in time go main conversation first, then by subagent: the same whichever file was fed first.
		const conversationOf = (pending: PendingDelivery) => `${pending.failure.sessionId ?? ''}/${pending.failure.agentId ?? ''}`;
		return this.pending
			.map(pending => ({pending, rebuilt: buildDelivery(pending, context)}))
			.sort(
				(a, b) =>
					(a.rebuilt.ts ?? Number.POSITIVE_INFINITY) - (b.rebuilt.ts ?? Number.POSITIVE_INFINITY) ||
					conversationOf(a.pending).localeCompare(conversationOf(b.pending)) ||
					a.pending.seq - b.pending.seq,
			)
			.map(entry => entry.rebuilt);
	}

	private parse(text: string): Record<string, unknown> | null {
		this.parsed++;
		try {
			const value: unknown = JSON.parse(text);
			if (isObject(value)) return value;
		} catch {}
		this.malformed++;
		return null;
	}

	/**
	 * Keeps a tool_result line unparsed under the calls it may answer, or drops it when it answers none we
	 * know; false when it must be read now (it answers a call only a failure told us of).
	 */
	private defer(text: string): boolean {
		const ids = [...text.matchAll(candidateIds)].map(match => match[1]!);
		const known = ids.filter(id => this.calls.has(id));
		if (known.length === 0) return !ids.some(id => this.wanted.has(id));
		const entry: DeferredLine = {text, done: false};
		for (const id of known) {
			this.calls.get(id)!.resultSeen = true;
			const lines = this.deferred.get(id);
			if (lines) lines.push(entry);
			else this.deferred.set(id, [entry]);
		}
		return true;
	}

	private resolve(id: string): void {
		const lines = this.deferred.get(id);
		if (!lines) return;
		this.deferred.delete(id);
		for (const entry of lines) {
			if (entry.done) continue;
			entry.done = true;
			const parsed = this.parse(entry.text);
			if (parsed) this.readResults(parsed, objectField(parsed, 'message')?.['content']);
		}
	}

	private read(line: Record<string, unknown>): void {
		if (line['type'] === 'attachment') this.readAttachment(line);
		else if (line['type'] === 'assistant') this.readAssistant(line);
		else if (line['type'] === 'user') this.readUser(line);
	}

	private conversation(line: Record<string, unknown>): Conversation {
		const key = `${stringField(line, 'sessionId') ?? ''}/${stringField(line, 'agentId') ?? ''}`;
		let conversation = this.conversations.get(key);
		if (!conversation) {
			conversation = {promptId: null, prompt: null, lastMessage: null, window: null, closed: null, stopBlocked: false, agentType: null, awaitingPrompt: []};
			this.conversations.set(key, conversation);
		}
		return conversation;
	}

	private session(line: Record<string, unknown>): SessionTimeline {
		const id = stringField(line, 'sessionId') ?? '';
		let session = this.sessions.get(id);
		if (!session) this.sessions.set(id, (session = new SessionTimeline()));
		return session;
	}

	/** A new message or prompt: the window before the last is over, so its calls nobody referred to go. */
	private closeWindow(conversation: Conversation, next: ToolWindow | null): void {
		const gone = conversation.closed;
		if (gone) {
			for (const id of gone.callIds) {
				if (this.wanted.has(id)) this.resolve(id);
				else {
					this.calls.delete(id);
					this.deferred.delete(id);
				}
			}
		}
		conversation.closed = conversation.window;
		conversation.window = next;
	}

	private readAttachment(line: Record<string, unknown>): void {
		const attachment = objectField(line, 'attachment');
		if (!attachment) return;
		const conversation = this.conversation(line);
		const failure = failedDelivery(line, this.options.target, this.options);
		if (!failure) {
			// A blocking Stop hook keeps the turn going: the next Stop runs with stop_hook_active.
			const event = stringField(attachment, 'hookEvent');
			if (attachment['type'] === 'hook_blocking_error' && (event === 'Stop' || event === 'SubagentStop')) conversation.stopBlocked = true;
			return;
		}
		const key = deliveryKey(failure);
		if (this.keys.has(key)) return;
		this.keys.add(key);
		if (failure.hookEvent === 'SubagentStart' && failure.agentId) conversation.agentType ??= toolOfHookName(failure.hookName);
		const pending: PendingDelivery = {
			failure,
			seq: this.pending.length,
			promptId: conversation.promptId,
			prompt: conversation.prompt,
			lastMessage: conversation.lastMessage && {text: conversation.lastMessage.texts.join('\n') || null, effort: conversation.lastMessage.effort},
			stopHookActive: conversation.stopBlocked,
			batch: failure.hookEvent === 'PostToolBatch' ? this.batchOf(conversation) : null,
		};
		this.pending.push(pending);
		this.wanted.add(failure.invocationId);
		for (const id of pending.batch ?? []) this.wanted.add(id);
		if (failure.hookEvent === 'UserPromptSubmit' && conversation.prompt === null) conversation.awaitingPrompt.push(pending);
	}

	/** The calls a PostToolBatch closes: the open window's, or the one before if a new message already began. */
	private batchOf(conversation: Conversation): string[] {
		const answered = (window: ToolWindow | null) => window !== null && window.callIds.length > 0 && window.callIds.every(id => this.calls.get(id)?.resultSeen);
		const window = answered(conversation.window) || !answered(conversation.closed) ? conversation.window : conversation.closed;
		return [...(window?.callIds ?? [])];
	}

	private readAssistant(line: Record<string, unknown>): void {
		const conversation = this.conversation(line);
		const message = objectField(line, 'message');
		const content = message?.['content'];
		const messageId = stringField(message, 'id') ?? stringField(line, 'requestRef') ?? stringField(line, 'uuid');
		const effort = stringField(line, 'effort');
		let window = conversation.window;
		if (!window || window.messageId !== messageId) {
			this.closeWindow(conversation, (window = {messageId, callIds: []}));
			conversation.lastMessage = {id: messageId, texts: [], effort};
		}
		conversation.agentType ??= stringField(line, 'attributionAgent');
		if (!Array.isArray(content)) return;
		for (const block of content) {
			const type = stringField(block, 'type');
			if (type === 'text') conversation.lastMessage?.texts.push(stringField(block, 'text') ?? '');
			const id = type === 'tool_use' ? stringField(block, 'id') : null;
			if (!id) continue;
			const name = stringField(block, 'name');
			if (!this.calls.has(id)) this.calls.set(id, {id, name, input: (block as Record<string, unknown>)['input'], effort, resultSeen: false, result: null});
			if (!window.callIds.includes(id)) window.callIds.push(id);
			const ts = timeOf(line);
			if (name && ts !== null) this.session(line).noteToolUse(name, ts);
		}
	}

	private readUser(line: Record<string, unknown>): void {
		const conversation = this.conversation(line);
		conversation.promptId = stringField(line, 'promptId') ?? conversation.promptId;
		const content = objectField(line, 'message')?.['content'];
		if (Array.isArray(content) && content.some(part => stringField(part, 'type') === 'tool_result')) this.readResults(line, content);
		else if (line['isMeta'] !== true && line['isCompactSummary'] !== true && line['isVisibleInTranscriptOnly'] !== true) {
			this.readPrompt(line, conversation, contentText(content));
		}
	}

	private readPrompt(line: Record<string, unknown>, conversation: Conversation, text: string | null): void {
		this.closeWindow(conversation, null);
		conversation.prompt = text;
		conversation.lastMessage = null;
		conversation.stopBlocked = false;
		const ts = timeOf(line);
		if (ts !== null) this.session(line).notePrompt(ts, stringField(line, 'permissionMode'), text);
		for (const pending of conversation.awaitingPrompt.splice(0)) {
			pending.prompt = text;
			pending.promptId ??= conversation.promptId;
		}
	}

	private readResults(line: Record<string, unknown>, content: unknown): void {
		if (!Array.isArray(content)) return;
		const results = content.filter(part => stringField(part, 'type') === 'tool_result');
		// toolUseResult belongs to the line's call; a line that answers several calls cannot say whose it is.
		const structured = results.length === 1 && 'toolUseResult' in line ? line['toolUseResult'] : undefined;
		for (const part of results) {
			const id = stringField(part, 'tool_use_id');
			if (!id) continue;
			let call = this.calls.get(id);
			if (!call && this.wanted.has(id)) this.calls.set(id, (call = {id, name: null, input: undefined, effort: null, resultSeen: true, result: null}));
			if (!call) continue;
			call.resultSeen = true;
			call.result = {content: (part as Record<string, unknown>)['content'], structured};
			const ts = timeOf(line);
			if (ts !== null) this.session(line).noteResult(call.input, structured, ts);
		}
	}
}

/** Rebuilds every failed delivery in these transcript lines (a session's, then its subagents'). */
export function rebuildDeliveries(lines: Iterable<string>, options: RebuildOptions): RebuiltDelivery[] {
	const rebuilder = new DeliveryRebuilder(options);
	for (const line of lines) rebuilder.add(line);
	return rebuilder.finish();
}
