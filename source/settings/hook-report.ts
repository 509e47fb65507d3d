import {homedir} from 'node:os';
import {type HookFailureStat, type LastHookFailure, sameHookCommand} from '../events/hook-health.js';
import {type ConfiguredHook, configuredHooks, type SettingsFileSeen} from './configured-hooks.js';

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
}

/**
 * Every hook command known, from the settings of all scopes of `project` and from the failures
 * recorded (store/hooks.ts hookFailureStats; none without a database yet), each with where it is
 * configured and how it has failed. The hooks view and `eyelet hooks` show this.
 */
export function hookHealth(stats: readonly HookFailureStat[], options: {project: string; home?: string}): HookHealthReport {
	const settings = configuredHooks(options);
	const hooks = mergeHookHealth(settings.hooks, stats, {project: options.project, home: options.home ?? homedir()});
	return {project: options.project, files: settings.files, problems: settings.problems, hooks};
}
