import {homedir} from 'node:os';
import {recordedEvents} from '../events/hook-events.js';
import {type HookFailureStat, type LastHookFailure, sameHookCommand} from '../events/hook-health.js';
import {type HookTimeSummary, summarizeHookTime} from '../events/hook-time.js';
import type {HookTime} from '../events/telemetry-row.js';
import {type ConfiguredHook, configuredHooks, type SettingsFileSeen} from './configured-hooks.js';
import {parseRecordCommand} from './hook-command.js';

/**
 * The hooks view's report: every hook command the Claude Code settings configure, set beside the
 * failures recorded for it. The settings files are read here; the failures come from the store.
 */

/** One hook command: where it is configured, and how it has failed. What the hooks view shows per row. */
export interface HookHealth {
	command: string;
	/** Empty when the command was seen failing but is in none of the settings files read. */
	configured: Array<Omit<ConfiguredHook, 'command'>>;
	failures: number;
	blocking: number;
	nonBlocking: number;
	exitCodes: Record<string, number>;
	hookNames: string[];
	sessions: number;
	firstFailureTs: number | null;
	lastFailure: LastHookFailure | null;
}

function emptyHealth(command: string): HookHealth {
	return {
		command,
		configured: [],
		failures: 0,
		blocking: 0,
		nonBlocking: 0,
		exitCodes: {},
		hookNames: [],
		sessions: 0,
		firstFailureTs: null,
		lastFailure: null,
	};
}

function addStat(health: HookHealth, stat: HookFailureStat): void {
	health.failures += stat.failures;
	health.blocking += stat.blocking;
	health.nonBlocking += stat.nonBlocking;
	for (const [code, count] of Object.entries(stat.exitCodes)) health.exitCodes[code] = (health.exitCodes[code] ?? 0) + count;
	for (const name of stat.hookNames) if (!health.hookNames.includes(name)) health.hookNames.push(name);
	health.sessions += stat.sessions;
	health.firstFailureTs = Math.min(health.firstFailureTs ?? stat.firstTs, stat.firstTs);
	if (!health.lastFailure || stat.last.ts > health.lastFailure.ts) health.lastFailure = stat.last;
}

/**
 * Every hook command known: the configured ones (in settings order) and the ones only seen failing,
 * each with its failures. Commands that failed most recently come first: "which of my hooks is broken".
 */
export function mergeHookHealth(
	configured: readonly ConfiguredHook[],
	stats: readonly HookFailureStat[],
	context: {project: string | null; home: string | null},
): HookHealth[] {
	const hooks: HookHealth[] = [];
	for (const {command, ...where} of configured) {
		let health = hooks.find(hook => hook.command === command);
		if (!health) hooks.push((health = emptyHealth(command)));
		health.configured.push(where);
	}
	for (const stat of stats) {
		const recorded = stat.command ?? '(command not recorded)';
		const projects = context.project ? [...stat.projects, context.project] : stat.projects;
		let health = hooks.find(hook => hook.configured.length > 0 && sameHookCommand(hook.command, recorded, {projects, home: context.home}));
		health ??= hooks.find(hook => hook.configured.length === 0 && hook.command === recorded);
		if (!health) hooks.push((health = emptyHealth(recorded)));
		addStat(health, stat);
	}
	const order = new Map(hooks.map((hook, index) => [hook, index]));
	return hooks.sort((a, b) => (b.lastFailure?.ts ?? -1) - (a.lastFailure?.ts ?? -1) || order.get(a)! - order.get(b)!);
}

export interface HookHealthReport {
	project: string;
	/** The settings files read (user, project, local), whether or not they exist. */
	files: SettingsFileSeen[];
	/** Settings files that could not be read, one line each; the rest were still read. */
	problems: string[];
	hooks: HookHealth[];
	/** Claude Code's timing of each hook name's runs (its telemetry); empty without it. */
	time?: HookTime[];
}

/**
 * Every hook command known, from the settings of all scopes of `project` and from what was recorded
 * (store/hooks.ts recordedHookFacts: the failures, and the runs' time), each with where it is
 * configured and how it has failed. The hooks view and `eyelet hooks` show this.
 */
export function hookHealth(recorded: {failures: readonly HookFailureStat[]; time: HookTime[]}, options: {project: string; home?: string}): HookHealthReport {
	const settings = configuredHooks(options);
	const hooks = mergeHookHealth(settings.hooks, recorded.failures, {project: options.project, home: options.home ?? homedir()});
	return {project: options.project, files: settings.files, problems: settings.problems, hooks, time: recorded.time};
}

const recorded = new Set(recordedEvents.map(event => event.name));
const none = new Set<string>();
/** eyelet's share is counted only where its hooks are configured (its SessionStart recorder is a command, whatever the transport). */
const eyeletInstalled = (report: HookHealthReport) => report.hooks.some(hook => hook.configured.length > 0 && parseRecordCommand(hook.command) !== null);

/** What the report's hook time adds up to: per event, per tool, eyelet's share (the hooks view and `eyelet hooks`). */
export const hookTimeSummary = (report: HookHealthReport): HookTimeSummary => summarizeHookTime(report.time ?? [], eyeletInstalled(report) ? recorded : none);
