import type {HookTime} from './telemetry-row.js';

/**
 * What hooks cost the agent, from Claude Code's own timing of each hook event's hooks (all of them
 * together: they run in parallel): per hook event, per tool (its PreToolUse and PostToolUse hooks),
 * and eyelet's own share. A run with one hook only is that hook alone; for an event eyelet records,
 * that hook is eyelet's, so those runs give eyelet's time per run, and eyelet runs in every run of
 * those events.
 */

export interface HookTimeGroup {
	key: string;
	runs: number;
	totalMs: number;
	/** Failures the client counted, and the HookFailure events eyelet harvested for the same hook names. */
	clientFailures: number;
	harvested: number;
}

export interface HookTimeSummary {
	runs: number;
	totalMs: number;
	byEvent: HookTimeGroup[];
	/** Tool events only, by tool: what hooks cost a call of it (per call: totalMs / calls). */
	byTool: Array<HookTimeGroup & {calls: number}>;
	/**
	 * eyelet's own hook: its mean time a run when it ran alone, and what that makes of every run it was
	 * in; zero runs when it never ran alone (other hooks on every event); null when it is not installed.
	 */
	eyelet: {perRunMs: number; fromRuns: number; shareMs: number} | null;
	clientFailures: number;
	harvested: number;
}

const toolEvents = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'PermissionDenied']);

export const clientFailures = (time: HookTime) => time.blocking + time.nonBlocking + time.cancelled;

function add(groups: Map<string, HookTimeGroup>, key: string, time: HookTime): HookTimeGroup {
	let group = groups.get(key);
	if (!group) groups.set(key, (group = {key, runs: 0, totalMs: 0, clientFailures: 0, harvested: 0}));
	group.runs += time.runs;
	group.totalMs += time.totalMs;
	group.clientFailures += clientFailures(time);
	group.harvested += time.harvested;
	return group;
}

/** `recorded`: the hook events eyelet's hooks are installed for (its share is counted in those only). */
export function summarizeHookTime(times: readonly HookTime[], recorded: ReadonlySet<string>): HookTimeSummary {
	const byEvent = new Map<string, HookTimeGroup>();
	const byTool = new Map<string, HookTimeGroup & {calls: number}>();
	let soloRuns = 0;
	let soloMs = 0;
	let eyeletRuns = 0;
	for (const time of times) {
		add(byEvent, time.hookEvent, time);
		if (toolEvents.has(time.hookEvent) && time.hookName.startsWith(`${time.hookEvent}:`)) {
			const tool = time.hookName.slice(time.hookEvent.length + 1);
			const group = add(byTool as Map<string, HookTimeGroup>, tool, time) as HookTimeGroup & {calls: number};
			group.calls = (group.calls ?? 0) + (time.hookEvent === 'PreToolUse' ? time.runs : 0);
		}
		if (recorded.has(time.hookEvent)) {
			soloRuns += time.soloRuns;
			soloMs += time.soloMs;
			eyeletRuns += time.runs;
		}
	}
	const perRunMs = soloRuns ? soloMs / soloRuns : 0;
	const totalMs = times.reduce((sum, time) => sum + time.totalMs, 0);
	const order = <T extends HookTimeGroup>(groups: Iterable<T>) => [...groups].sort((a, b) => b.totalMs - a.totalMs || a.key.localeCompare(b.key));
	return {
		runs: times.reduce((sum, time) => sum + time.runs, 0),
		totalMs,
		byEvent: order(byEvent.values()),
		byTool: order(byTool.values()),
		eyelet: recorded.size ? {perRunMs, fromRuns: soloRuns, shareMs: Math.min(totalMs, perRunMs * eyeletRuns)} : null,
		clientFailures: times.reduce((sum, time) => sum + clientFailures(time), 0),
		harvested: times.reduce((sum, time) => sum + time.harvested, 0),
	};
}
