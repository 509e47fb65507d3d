import type {BatchCall} from './batch.js';
import {errorHeadline} from './summary.js';
import type {BatchItem, CallItem, SubagentItem, TimelineEvent, TimelineItem} from './timeline-types.js';

export type * from './timeline-types.js';
export {flattenTimeline, rowIndexByEvent, rowOfEvent} from './timeline-rows.js';

const markerEvents = new Set(['SessionStart', 'Stop', 'StopFailure', 'PreCompact', 'PostCompact', 'SessionEnd']);
const outcomeEvents = new Set(['PostToolUse', 'PostToolUseFailure', 'PermissionDenied']);
const agentTools = new Set(['Agent', 'Task']);

/** A thread of work: the main thread, or one subagent's. */
interface Thread {
	items: TimelineItem[];
	/** The newest event that ended a turn here (Stop, a new prompt, SubagentStop): older calls without an outcome never finished. */
	closedAt: number;
}

/** The input part of a summary written as "<error> ← <input>" (failures and denials). */
function inputOfSummary(event: TimelineEvent): string {
	const summary = event.summary ?? '';
	if (event.event !== 'PostToolUseFailure' && event.event !== 'PermissionDenied') return summary;
	const arrow = summary.indexOf(' ← ');
	return arrow < 0 ? '' : summary.slice(arrow + 3);
}

const notification = /^\s*<task-notification>/;

/** A task notification's <summary>, else the prompt itself. */
function promptText(text: string): {text: string; notification: boolean} {
	if (!notification.test(text)) return {text, notification: false};
	const summary = /<summary>([\s\S]*?)<\/summary>/.exec(text)?.[1];
	return {text: summary?.trim() || 'task notification', notification: true};
}

class TimelineBuilder {
	private readonly main: Thread = {items: [], closedAt: 0};
	private readonly threads = new Map<string, Thread>();
	private readonly subagents = new Map<string, SubagentItem>();
	private readonly calls = new Map<string, CallItem>();
	/** Where each call sits (a thread's items or a batch's calls), so a batch can gather it. */
	private readonly homes = new Map<CallItem, TimelineItem[]>();
	private readonly threadOf = new Map<CallItem, Thread>();
	private readonly agentCalls: CallItem[] = [];
	/** What each Agent/Task call asked for (tool_input.subagent_type), to match a subagent whose launch is not named. */
	private readonly requestedType = new Map<CallItem, string>();
	private readonly inBatch = new Set<CallItem>();
	private sessionEndId = 0;

	/** agentId → tool_use_id of the Agent/Task call that launched it, from the calls' responses. */
	constructor(private readonly launchers: ReadonlyMap<string, string>) {}

	add(event: TimelineEvent): void {
		const name = event.event;
		if (name === 'SubagentStart' && event.agentId) return void this.subagent(event.agentId, event);
		const thread = this.thread(event);
		if (name === 'SubagentStop' && event.agentId) {
			this.subagentStop(this.subagent(event.agentId, event), thread, event);
			return;
		}
		if (name === 'PreToolUse') {
			this.start(event, thread);
			return;
		}
		if (name && outcomeEvents.has(name)) {
			this.outcome(event, thread);
			return;
		}
		if (name === 'PostToolBatch') {
			this.batch(event, thread);
			return;
		}
		if (name === 'PermissionRequest' && this.attachPermission(event, thread)) return;
		if (name === 'UserPromptSubmit') {
			thread.closedAt = event.id;
			const prompt = promptText(event.detail ?? event.summary ?? '');
			return void thread.items.push({kind: 'prompt', key: `p${event.id}`, eventId: event.id, ts: event.ts, promptId: event.promptId ?? null, ...prompt});
		}
		if (name && markerEvents.has(name)) {
			if (name === 'Stop' || name === 'StopFailure') thread.closedAt = event.id;
			if (name === 'SessionEnd') this.sessionEndId = event.id;
			const text = name === 'StopFailure' ? (event.detail ?? event.summary ?? '') : (event.summary ?? '');
			return void thread.items.push({kind: 'marker', key: `m${event.id}`, eventId: event.id, ts: event.ts, event: name, status: event.status, text});
		}
		const call = event.toolUseId ? this.calls.get(event.toolUseId) : undefined;
		if (call) {
			// A failing hook (HookFailure) or any other event about this call stands with it.
			call.eventIds.push(event.id);
			if (event.status === 'error') call.hookErrors++;
			return;
		}
		thread.items.push({
			kind: 'event',
			key: `e${event.id}`,
			eventId: event.id,
			ts: event.ts,
			event: name,
			status: event.status,
			tool: event.tool,
			text: event.summary ?? '',
		});
	}

	finish(sessionEnded: boolean): TimelineItem[] {
		for (const [call, thread] of this.threadOf) {
			if (call.status !== 'running') continue;
			const first = call.eventIds[0]!;
			if (sessionEnded || this.sessionEndId > first || thread.closedAt > first) call.status = 'unfinished';
		}
		for (const subagent of this.subagents.values()) {
			if (subagent.status === 'running' && (sessionEnded || this.sessionEndId > subagent.eventId)) subagent.status = 'unfinished';
		}
		return this.main.items;
	}

	private thread(event: TimelineEvent): Thread {
		if (!event.agentId) return this.main;
		this.subagent(event.agentId, event);
		return this.threads.get(event.agentId)!;
	}

	/** The subagent's item, created at its first event and nested under the call that launched it. */
	private subagent(agentId: string, event: TimelineEvent): SubagentItem {
		const known = this.subagents.get(agentId);
		if (known) {
			if (event.event === 'SubagentStart') {
				// Started again (a stopped agent resumed, or its start came after its first event).
				known.eventIds.push(event.id);
				known.status = 'running';
				known.endTs = null;
			}
			return known;
		}
		const subagent: SubagentItem = {
			kind: 'subagent',
			key: `s${agentId}`,
			agentId,
			agentType: event.agentType,
			status: 'running',
			startTs: event.ts,
			endTs: null,
			eventId: event.id,
			eventIds: event.event === 'SubagentStart' ? [event.id] : [],
			result: null,
			items: [],
		};
		this.subagents.set(agentId, subagent);
		this.threads.set(agentId, {items: subagent.items, closedAt: 0});
		const launcher = this.launcherOf(agentId, event.agentType);
		if (launcher) launcher.subagents.push(subagent);
		else this.main.items.push(subagent);
		return subagent;
	}

	/** The Agent/Task call that started a subagent: named by its response, else the latest unclaimed one of that type. */
	private launcherOf(agentId: string, agentType: string | null): CallItem | undefined {
		const toolUseId = this.launchers.get(agentId);
		if (toolUseId) return this.calls.get(toolUseId);
		const claimed = new Set(this.launchers.values());
		return this.agentCalls.findLast(call => {
			const requested = this.requestedType.get(call);
			return call.subagents.length === 0 && !claimed.has(call.toolUseId ?? '') && (agentType === null || requested === undefined || requested === agentType);
		});
	}

	private subagentStop(subagent: SubagentItem, thread: Thread, event: TimelineEvent): void {
		subagent.status = 'stopped';
		subagent.endTs = event.ts;
		subagent.eventIds.push(event.id);
		subagent.result = event.summary;
		thread.closedAt = event.id;
	}

	private newCall(event: TimelineEvent, thread: Thread): CallItem {
		const call: CallItem = {
			kind: 'call',
			key: `c${event.id}`,
			toolUseId: event.toolUseId,
			tool: event.tool,
			input: inputOfSummary(event),
			status: 'running',
			error: null,
			startTs: event.ts,
			endTs: null,
			durationMs: null,
			agentId: event.agentId,
			startId: null,
			endId: null,
			eventId: event.id,
			eventIds: [],
			hookErrors: 0,
			subagents: [],
		};
		if (event.toolUseId) this.calls.set(event.toolUseId, call);
		thread.items.push(call);
		this.homes.set(call, thread.items);
		this.threadOf.set(call, thread);
		if (event.tool && agentTools.has(event.tool)) this.agentCalls.push(call);
		return call;
	}

	private start(event: TimelineEvent, thread: Thread): void {
		const known = event.toolUseId ? this.calls.get(event.toolUseId) : undefined;
		const call = known ?? this.newCall(event, thread);
		call.eventIds.push(event.id);
		if (call.startId !== null) return;
		call.startId = event.id;
		call.startTs = event.ts;
		if (event.summary) call.input = event.summary;
		if (event.requestedAgentType) this.requestedType.set(call, event.requestedAgentType);
	}

	private outcome(event: TimelineEvent, thread: Thread): void {
		const call = (event.toolUseId ? this.calls.get(event.toolUseId) : undefined) ?? this.newCall(event, thread);
		call.eventIds.push(event.id);
		if (call.endId !== null) return;
		call.endId = event.id;
		call.eventId = event.id;
		call.endTs = event.ts;
		if (call.startId === null) call.startTs = event.ts;
		call.durationMs = event.durationMs ?? (call.startId !== null ? event.ts - call.startTs : null);
		const text = event.detail ?? event.summary ?? '';
		if (event.event === 'PermissionDenied') {
			call.status = 'denied';
			call.error = text || 'permission denied';
		} else if (event.event === 'PostToolUseFailure') {
			call.status = event.interrupted ? 'interrupted' : 'error';
			call.error = errorHeadline(text);
		} else if (event.status === 'error') {
			call.status = 'error';
			call.error = errorHeadline(text) || 'tool reported failure';
		} else call.status = 'ok';
	}

	/** A call known only from its batch: rejected before it ran, or its own events were not recorded. */
	private batchOnlyCall(event: TimelineEvent, thread: Thread, entry: BatchCall, index: number): CallItem {
		const call = this.newCall({...event, toolUseId: entry.toolUseId, tool: entry.tool, summary: entry.input, durationMs: null}, thread);
		call.key = `c${event.id}.${index}`;
		call.input = entry.input;
		call.status = entry.rejection !== null ? 'rejected' : 'ok';
		call.error = entry.rejection !== null ? errorHeadline(entry.rejection) : null;
		call.endTs = event.ts;
		return call;
	}

	private batch(event: TimelineEvent, thread: Thread): void {
		const members = (event.batch ?? [])
			.map((entry, index) => (entry.toolUseId ? this.calls.get(entry.toolUseId) : undefined) ?? this.batchOnlyCall(event, thread, entry, index))
			.filter(call => !this.inBatch.has(call));
		if (members.length === 0) {
			thread.items.push({
				kind: 'event',
				key: `e${event.id}`,
				eventId: event.id,
				ts: event.ts,
				event: event.event,
				status: event.status,
				tool: null,
				text: event.summary ?? '',
			});
			return;
		}
		if (members.length === 1) {
			members[0]!.eventIds.push(event.id);
			return;
		}
		const batch: BatchItem = {kind: 'batch', key: `b${event.id}`, eventId: event.id, startTs: Math.min(...members.map(call => call.startTs)), calls: members};
		// The batch takes the place of its first call in this thread; its calls leave their places.
		const places = members.map(call => thread.items.indexOf(call)).filter(index => index >= 0);
		for (const call of members) {
			const home = this.homes.get(call)!;
			home.splice(home.indexOf(call), 1);
			this.homes.set(call, batch.calls);
			this.inBatch.add(call);
		}
		thread.items.splice(places.length ? Math.min(...places) : thread.items.length, 0, batch);
	}

	/** PermissionRequest has no tool_use_id: it belongs to the newest open call of that tool in its thread. */
	private attachPermission(event: TimelineEvent, thread: Thread): boolean {
		const call = [...this.threadOf].findLast(([candidate, home]) => home === thread && candidate.tool === event.tool && candidate.endId === null)?.[0];
		if (!call) return false;
		call.eventIds.push(event.id);
		return true;
	}
}

/**
 * A session's events (oldest first) as the chain it really was: prompts; tool calls paired by tool_use_id
 * (running, finished or never finished); parallel calls grouped by their batch; subagents nested under the
 * Agent call that started them; turn and session endings. Every event lands in exactly one item.
 */
export function buildTimeline(events: readonly TimelineEvent[], options: {sessionEnded?: boolean} = {}): TimelineItem[] {
	const launchers = new Map<string, string>();
	for (const event of events) if (event.launchedAgentId && event.toolUseId) launchers.set(event.launchedAgentId, event.toolUseId);
	const builder = new TimelineBuilder(launchers);
	for (const event of events) builder.add(event);
	return builder.finish(options.sessionEnded ?? false);
}
