import type {HookRun, PromptUsage, SessionTelemetry, ToolTelemetry} from './telemetry-row.js';
import type {TimelineEvent, TimelineRow} from './timeline-types.js';

/**
 * Claude Code's telemetry beside a session's timeline: each prompt's cost and API time (by prompt_id),
 * each tool call's permission wait (by tool_use_id), and the time the hooks of each of its events
 * took. A hook run names no tool_use_id, so it is placed, within its thread, hook event and tool:
 * - a call's PreToolUse run is the last to end before the call's span started, and its PostToolUse
 *   run the first to start after its tool_result, all on the client's own clock;
 * - any other event's run is the one eyelet's clock says the event was recorded in (both clocks are
 *   this machine's), and, when no clock agrees (history replayed or imported), the one in its place
 *   in order.
 */

const toolEvents = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'PermissionDenied']);
/** How far eyelet's clock may fall outside a run's window and still be inside it: the time to record the event. */
const slackMs = 50;

const runKey = (run: HookRun) =>
	`${run.agentId ?? ''}|${run.hookEvent}|${toolEvents.has(run.hookEvent) && run.hookName.startsWith(`${run.hookEvent}:`) ? run.hookName.slice(run.hookEvent.length + 1) : ''}`;
const eventKey = (event: TimelineEvent) => `${event.agentId ?? ''}|${event.event}|${event.event && toolEvents.has(event.event) ? (event.tool ?? '') : ''}`;

function group<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const name = key(item);
		let list = groups.get(name);
		if (!list) groups.set(name, (list = []));
		list.push(item);
	}
	return groups;
}

/** A call's event whose run the client's clock places: before `endsBy` (PreToolUse) or from `startsFrom` (its outcome). */
export interface RunAnchor {
	eventId: number;
	key: string;
	endsBy?: number;
	startsFrom?: number;
}

/** Places anchored events first (in time order), each on the nearest unclaimed run of its key. */
function anchoredRuns(anchors: readonly RunAnchor[], runsBy: ReadonlyMap<string, HookRun[]>, claimed: Set<HookRun>, matched: Map<number, HookRun>): void {
	const at = (anchor: RunAnchor) => anchor.endsBy ?? anchor.startsFrom ?? 0;
	for (const anchor of [...anchors].sort((a, b) => at(a) - at(b))) {
		let best: HookRun | null = null;
		for (const run of runsBy.get(anchor.key) ?? []) {
			if (claimed.has(run)) continue;
			if (anchor.endsBy !== undefined && run.endMs <= anchor.endsBy && (!best || run.endMs > best.endMs)) best = run;
			if (anchor.startsFrom !== undefined && run.startMs >= anchor.startsFrom && (!best || run.startMs < best.startMs)) best = run;
		}
		if (!best) continue;
		claimed.add(best);
		matched.set(anchor.eventId, best);
	}
}

/** Event id → the hook run it was recorded in. */
export function matchHookRuns(events: readonly TimelineEvent[], runs: readonly HookRun[], anchors: readonly RunAnchor[] = []): Map<number, HookRun> {
	const matched = new Map<number, HookRun>();
	if (runs.length === 0) return matched;
	const runsBy = group(runs, runKey);
	const claimed = new Set<HookRun>();
	anchoredRuns(anchors, runsBy, claimed, matched);
	for (const [key, list] of group(
		events.filter(event => event.event !== null && !matched.has(event.id)),
		eventKey,
	)) {
		const candidates = runsBy.get(key)?.filter(run => !claimed.has(run));
		if (!candidates?.length) continue;
		let timed = 0;
		for (const event of list) {
			// The run that started last before the event arrived: parallel calls' runs overlap.
			let best: HookRun | null = null;
			for (const run of candidates) {
				if (claimed.has(run) || run.startMs - slackMs > event.ts || run.endMs + slackMs < event.ts) continue;
				if (!best || run.startMs > best.startMs) best = run;
			}
			if (!best) continue;
			claimed.add(best);
			matched.set(event.id, best);
			timed++;
		}
		if (timed > 0) continue;
		for (let index = 0; index < Math.min(list.length, candidates.length); index++) matched.set(list[index]!.id, candidates[index]!);
	}
	return matched;
}

export interface PromptTelemetry extends PromptUsage {
	/** The UserPromptSubmit hooks' time; null when no run was matched. */
	hookMs: number | null;
}

export interface CallTelemetry {
	tool: ToolTelemetry | null;
	/** The hooks of the call's events (PreToolUse, PermissionRequest, its outcome), summed; null when none was matched. */
	hookMs: number | null;
}

export interface TimelineTelemetry {
	/** By the prompt row's key. */
	prompts: Map<string, PromptTelemetry>;
	/** By the call row's key. */
	calls: Map<string, CallTelemetry>;
}

function hookTime(ids: readonly number[], runs: ReadonlyMap<number, HookRun>): number | null {
	let total: number | null = null;
	for (const id of ids) {
		const run = runs.get(id);
		if (run) total = (total ?? 0) + run.durationMs;
	}
	return total;
}

/** The anchors the calls' client-clock times give their PreToolUse and outcome events. */
function callAnchors(rows: readonly TimelineRow[], events: readonly TimelineEvent[], telemetry: SessionTelemetry): RunAnchor[] {
	const byId = new Map(events.map(event => [event.id, event]));
	const anchors: RunAnchor[] = [];
	for (const {item} of rows) {
		if (item.kind !== 'call' || !item.toolUseId) continue;
		const tool = telemetry.tools.get(item.toolUseId);
		if (!tool) continue;
		const start = item.startId === null ? undefined : byId.get(item.startId);
		if (start && tool.startedMs !== null) anchors.push({eventId: start.id, key: eventKey(start), endsBy: tool.startedMs});
		const end = item.endId === null ? undefined : byId.get(item.endId);
		if (end && end.event !== 'PermissionDenied' && tool.resultMs !== null) anchors.push({eventId: end.id, key: eventKey(end), startsFrom: tool.resultMs});
	}
	return anchors;
}

/** The telemetry of each prompt and tool call row of a flattened timeline. */
export function joinTelemetry(rows: readonly TimelineRow[], events: readonly TimelineEvent[], telemetry: SessionTelemetry): TimelineTelemetry {
	const joined: TimelineTelemetry = {prompts: new Map(), calls: new Map()};
	if (!telemetry.usage && telemetry.hookRuns.length === 0 && telemetry.tools.size === 0) return joined;
	const runs = matchHookRuns(events, telemetry.hookRuns, callAnchors(rows, events, telemetry));
	for (const {item} of rows) {
		if (item.kind === 'prompt') {
			const usage = item.promptId ? telemetry.prompts.get(item.promptId) : undefined;
			const hookMs = hookTime([item.eventId], runs);
			if (usage || hookMs !== null)
				joined.prompts.set(item.key, {
					...(usage ?? {
						promptId: item.promptId ?? '',
						apiCalls: 0,
						costUsd: 0,
						inputTokens: 0,
						outputTokens: 0,
						cacheReadTokens: 0,
						cacheCreationTokens: 0,
						apiMs: 0,
					}),
					hookMs,
				});
		} else if (item.kind === 'call') {
			const tool = (item.toolUseId ? telemetry.tools.get(item.toolUseId) : undefined) ?? null;
			const hookMs = hookTime(item.eventIds, runs);
			if (tool || hookMs !== null) joined.calls.set(item.key, {tool, hookMs});
		}
	}
	return joined;
}

/**
 * Whether a call waited for permission in a way worth showing: someone or something decided (a person,
 * a hook), or it waited a second or more. A call the settings allowed passes in a few milliseconds.
 */
export function waitedForPermission(tool: ToolTelemetry | null): boolean {
	if (!tool || tool.permissionWaitMs === null) return false;
	return (tool.decisionSource !== null && tool.decisionSource !== 'config') || tool.permissionWaitMs >= 1000;
}
