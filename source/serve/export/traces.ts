import type {Redactor} from '../../events/redact.js';
import type {ReadDb} from '../../store/db.js';
import {
	launcherCandidates,
	previousCloser,
	previousSessionEnd,
	promptBefore,
	sessionSegment,
	sessionStartTs,
	type SpanEventRow,
	subagentStart,
	toolCallEvents,
	unfinishedCalls,
	unfinishedSubagents,
} from '../../store/export.js';
import {promptKey, spanIdOf, traceIdOf} from './ids.js';
import {type Attributes, type SpanEventOut, type SpanOut, StatusCode, put} from './model.js';
import {cut} from './logs.js';

/**
 * The session as a trace: a span for the session (made at its SessionEnd), one per prompt (from its
 * UserPromptSubmit to the turn's end), one per tool call (PreToolUse to its outcome) under its prompt,
 * one per subagent under the Agent call that started it, with the subagent's calls under it, and one
 * per failing hook under the call it guarded.
 *
 * Each span goes out as soon as the event that ends it is stored, made from the events up to that
 * one only, so a re-export makes the same span whenever it runs: a call at its outcome, a hook failure
 * at its own row, a prompt and the subagents it ran at the event that closes its turn on the main
 * thread (a prompt, Stop, StopFailure, SessionEnd). A failing hook is a span of its own, not an event
 * on the call's span, because the harvest finds it in the transcript after the turn, when the call's
 * span has gone: its id is derived from its transcript line and its parent is the call's (derived from
 * the tool_use_id), so it lands on the right call however late it comes. A call still open when the
 * session ends ends there, with status unset and `eyelet.unfinished`.
 */

const closingEvents: ReadonlySet<string> = new Set(['UserPromptSubmit', 'Stop', 'StopFailure', 'SessionEnd']);
const outcomeEvents: ReadonlySet<string> = new Set(['PostToolUse', 'PostToolUseFailure', 'PermissionDenied']);

/** The events that end a span: the trace stage makes spans at these only. */
export const spanEndingEvents: ReadonlySet<string> = new Set([...closingEvents, ...outcomeEvents, 'HookFailure']);

const firstLine = (text: string | null) => (text ?? '').split('\n')[0]!;

class SegmentSpans {
	readonly spans: SpanOut[] = [];
	private readonly prompts = new Map<number, SpanEventRow | null>();
	private readonly traceId: string;

	constructor(
		private readonly db: ReadDb,
		private readonly sessionId: string,
		private readonly redactor: Redactor,
		private readonly hostName: string | null,
	) {
		this.traceId = traceIdOf(sessionId);
	}

	private text(value: string | null): string | null {
		if (value === null) return null;
		return cut(this.redactor.mayFind(value) ? this.redactor.redactString(value).text : value, 1000);
	}

	private base(row: SpanEventRow): Attributes {
		const attributes: Attributes = {'session.id': this.sessionId};
		put(attributes, 'host.name', this.hostName ?? row.hostname);
		return attributes;
	}

	private span(fields: Omit<SpanOut, 'traceId' | 'host'>, row: SpanEventRow): void {
		this.spans.push({traceId: this.traceId, host: this.hostName ?? row.hostname, ...fields, endMs: Math.max(fields.startMs, fields.endMs)});
	}

	/** The span a main-thread event sits under: its prompt's, else the session's. */
	private promptParent(beforeId: number): {spanId: string; promptId: string | null} {
		let prompt = this.prompts.get(beforeId);
		if (prompt === undefined) {
			prompt = promptBefore(this.db, this.sessionId, beforeId) ?? null;
			this.prompts.set(beforeId, prompt);
		}
		if (!prompt) return {spanId: spanIdOf(this.sessionId, 'session'), promptId: null};
		return {spanId: spanIdOf(this.sessionId, 'prompt', promptKey(prompt)), promptId: prompt.prompt_id};
	}

	session(start: number, end: SpanEventRow): void {
		const attributes = this.base(end);
		put(attributes, 'eyelet.end_reason', this.text(end.summary));
		this.span(
			{
				spanId: spanIdOf(this.sessionId, 'session'),
				parentSpanId: null,
				name: 'eyelet.session',
				startMs: start,
				endMs: end.ts,
				status: {code: StatusCode.unset},
				attributes,
				events: [],
			},
			end,
		);
	}

	prompt(start: SpanEventRow, end: SpanEventRow): void {
		const attributes = this.base(start);
		put(attributes, 'prompt.id', start.prompt_id);
		put(attributes, 'eyelet.summary', this.text(start.summary));
		put(attributes, 'eyelet.ended_by', end.event);
		const failed = end.event === 'StopFailure';
		this.span(
			{
				spanId: spanIdOf(this.sessionId, 'prompt', promptKey(start)),
				parentSpanId: spanIdOf(this.sessionId, 'session'),
				name: 'eyelet.prompt',
				startMs: start.ts,
				endMs: end.ts,
				status: failed ? {code: StatusCode.error, message: firstLine(this.text(end.summary))} : {code: StatusCode.unset},
				attributes,
				events: [],
			},
			start,
		);
	}

	/** A tool call from its PreToolUse to `outcome` (or, unfinished, to the session's end). */
	call(events: readonly SpanEventRow[], outcome: SpanEventRow | null, end: SpanEventRow): void {
		const pre = events.find(event => event.event === 'PreToolUse') ?? outcome ?? events[0]!;
		const toolUseId = pre.tool_use_id!;
		const attributes = this.base(pre);
		const parent = pre.agent_id ? {spanId: spanIdOf(this.sessionId, 'agent', pre.agent_id), promptId: pre.prompt_id} : this.promptParent(pre.id);
		put(attributes, 'prompt.id', pre.prompt_id ?? parent.promptId);
		attributes['tool_use_id'] = toolUseId;
		attributes['gen_ai.tool.call.id'] = toolUseId;
		put(attributes, 'tool_name', pre.tool);
		put(attributes, 'gen_ai.tool.name', pre.tool);
		attributes['gen_ai.operation.name'] = 'execute_tool';
		put(attributes, 'agent_id', pre.agent_id);
		put(attributes, 'eyelet.input', this.text(pre.event === 'PreToolUse' ? pre.summary : null));
		let status: SpanOut['status'] = {code: StatusCode.unset};
		if (outcome) {
			attributes['eyelet.status'] = outcome.status;
			put(attributes, 'eyelet.duration_ms', outcome.duration_ms);
			if (outcome.status === 'error') status = {code: StatusCode.error, message: firstLine(this.text(outcome.summary))};
			else if (outcome.status === 'ok') status = {code: StatusCode.ok};
		} else {
			attributes['eyelet.unfinished'] = true;
			attributes['eyelet.status'] = 'unfinished';
		}
		const spanEvents: SpanEventOut[] = events
			.filter(event => event.event === 'PermissionRequest')
			.map(event => ({name: 'eyelet.permission_request', timeMs: event.ts, attributes: {}}));
		this.span(
			{
				spanId: spanIdOf(this.sessionId, 'tool', toolUseId),
				parentSpanId: parent.spanId,
				name: 'eyelet.tool',
				startMs: pre.ts,
				endMs: (outcome ?? end).ts,
				status,
				attributes,
				events: spanEvents,
			},
			pre,
		);
	}

	/** A failing hook: a span under the call it guarded (else its subagent, prompt or session), at the failure's time. */
	hookFailure(event: SpanEventRow): void {
		const attributes = this.base(event);
		put(attributes, 'tool_use_id', event.tool_use_id);
		put(attributes, 'tool_name', event.tool);
		put(attributes, 'agent_id', event.agent_id);
		put(attributes, 'eyelet.hook.name', event.hook_name);
		put(attributes, 'eyelet.hook.command', this.text(event.hook_command));
		put(attributes, 'eyelet.hook.exit_code', event.hook_exit_code === null ? null : Number(event.hook_exit_code));
		if (event.hook_blocking !== null) attributes['eyelet.hook.blocking'] = Boolean(Number(event.hook_blocking));
		put(attributes, 'eyelet.summary', this.text(event.summary));
		let parentSpanId: string;
		if (event.tool_use_id) parentSpanId = spanIdOf(this.sessionId, 'tool', event.tool_use_id);
		else if (event.agent_id) parentSpanId = spanIdOf(this.sessionId, 'agent', event.agent_id);
		else parentSpanId = this.promptParent(event.id).spanId;
		this.span(
			{
				spanId: spanIdOf(this.sessionId, 'hook', event.source_key ?? `event:${event.id}`),
				parentSpanId,
				name: 'eyelet.hook_failure',
				startMs: event.ts,
				endMs: event.ts,
				status: {code: StatusCode.error, message: firstLine(this.text(event.summary))},
				attributes,
				events: [],
			},
			event,
		);
	}

	/** The Agent/Task call that started a subagent: the one whose response names it (by the turn's end), else the latest of its type before it. */
	private launcher(start: SpanEventRow, uptoId: number): string | null {
		const {before, named} = launcherCandidates(this.db, this.sessionId, start.id, uptoId);
		const byName = named.find(call => call.launched_agent_id === start.agent_id);
		if (byName?.tool_use_id) return byName.tool_use_id;
		const claimed = new Set(named.filter(call => call.launched_agent_id && call.launched_agent_id !== start.agent_id).map(call => call.tool_use_id));
		const byType = before.find(
			call =>
				!claimed.has(call.tool_use_id) && (start.agent_type === null || call.requested_agent_type === null || call.requested_agent_type === start.agent_type),
		);
		return byType?.tool_use_id ?? null;
	}

	subagent(agentId: string, start: SpanEventRow | null, stop: SpanEventRow | null, end: SpanEventRow): void {
		const first = start ?? stop ?? end;
		const launcher = start ? this.launcher(start, end.id) : null;
		const attributes = this.base(first);
		attributes['agent_id'] = agentId;
		put(attributes, 'agent_type', first.agent_type);
		attributes['gen_ai.operation.name'] = 'invoke_agent';
		put(attributes, 'gen_ai.agent.name', first.agent_type);
		if (!stop) attributes['eyelet.unfinished'] = true;
		this.span(
			{
				spanId: spanIdOf(this.sessionId, 'agent', agentId),
				parentSpanId: launcher ? spanIdOf(this.sessionId, 'tool', launcher) : this.promptParent(first.id).spanId,
				name: 'eyelet.subagent',
				startMs: first.ts,
				endMs: (stop ?? end).ts,
				status: {code: StatusCode.unset},
				attributes,
				events: [],
			},
			first,
		);
	}

	/** A call's span, made at its first outcome only (a second outcome of the same call makes none). */
	outcome(event: SpanEventRow): void {
		const events = toolCallEvents(this.db, this.sessionId, event.tool_use_id!, event.id);
		const first = events.find(candidate => candidate.event !== null && outcomeEvents.has(candidate.event));
		if (first && first.id !== event.id) return;
		this.call(events, event, event);
	}
}

/** The spans that end at an event: a call's at its outcome, a hook failure's at its row, a turn's at its closing event. */
export function spansEndedBy(db: ReadDb, event: SpanEventRow, redactor: Redactor, hostName: string | null = null): SpanOut[] {
	const sessionId = event.session_id;
	if (!sessionId || !event.event || !spanEndingEvents.has(event.event)) return [];
	const out = new SegmentSpans(db, sessionId, redactor, hostName);
	if (outcomeEvents.has(event.event)) {
		if (event.tool_use_id) out.outcome(event);
	} else if (event.event === 'HookFailure') out.hookFailure(event);
	else closeTurn(db, out, sessionId, event);
	return out.spans;
}

/** A closing event: the prompt it ends, the subagents that stopped since the one before it, and at SessionEnd what never ended. */
function closeTurn(db: ReadDb, out: SegmentSpans, sessionId: string, closer: SpanEventRow): void {
	const previous = previousCloser(db, sessionId, closer.id);
	if (previous?.event === 'UserPromptSubmit') out.prompt(previous, closer);
	for (const event of sessionSegment(db, sessionId, previous?.id ?? 0, closer.id))
		if (event.event === 'SubagentStop' && event.agent_id) out.subagent(event.agent_id, subagentStart(db, event.agent_id) ?? null, event, closer);
	if (closer.event === 'SessionEnd') {
		const endedBefore = previousSessionEnd(db, sessionId, closer.id);
		if (endedBefore === null) out.session(sessionStartTs(db, sessionId) ?? closer.ts, closer);
		for (const pre of unfinishedCalls(db, sessionId, endedBefore ?? 0, closer.id))
			out.call(toolCallEvents(db, sessionId, pre.tool_use_id!, closer.id), null, closer);
		for (const start of unfinishedSubagents(db, sessionId, endedBefore ?? 0, closer.id)) out.subagent(start.agent_id!, start, null, closer);
	}
}
