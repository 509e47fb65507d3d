import type {ConfiguredHook} from '../settings/configured-hooks.js';

/** The most recent failure of a hook command. */
export interface LastHookFailure {
	/** The HookFailure event's id: open it, or jump to the call it guarded. */
	id: number;
	ts: number;
	hookName: string | null;
	blocking: boolean;
	exitCode: number | null;
	/** Raw (redacted) text: neutralize() before showing it. */
	stderr: string;
	/** Its first line, or how the hook ended when it wrote nothing. */
	headline: string;
	sessionId: string | null;
	toolUseId: string | null;
	project: string | null;
}

/** Failures recorded for one command, whatever configured it. */
export interface HookFailureStat {
	command: string | null;
	failures: number;
	blocking: number;
	nonBlocking: number;
	/** Exit code → failures with it; blocking-only failures have none. */
	exitCodes: Record<string, number>;
	hookNames: string[];
	projects: string[];
	sessions: number;
	firstTs: number;
	lastTs: number;
	last: LastHookFailure;
}

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

const projectDir = /(["']?)\$(?:\{CLAUDE_PROJECT_DIR\}|CLAUDE_PROJECT_DIR\b)\1/g;
const homeDir = /(^|[\s=:"'])(?:~|\$HOME\b|\$\{HOME\})(?=\/)/g;

/** The command as a shell would run it in `project`: $CLAUDE_PROJECT_DIR, $HOME and ~ expanded. */
export function expandHookCommand(command: string, context: {project: string | null; home: string | null}): string {
	let out = command.trim();
	if (context.project) out = out.replace(projectDir, () => context.project!);
	if (context.home) out = out.replace(homeDir, (_match, before: string) => `${before}${context.home}`);
	return out;
}

/**
 * Whether a command recorded in a failure is this configured command: the same text, or the same once
 * $CLAUDE_PROJECT_DIR (in any project the failures came from) and ~ are expanded.
 */
export function sameHookCommand(configured: string, recorded: string, context: {projects: readonly string[]; home: string | null}): boolean {
	if (configured.trim() === recorded.trim()) return true;
	const projects = context.projects.length ? context.projects : [null];
	return projects.some(project => expandHookCommand(configured, {project, home: context.home}) === expandHookCommand(recorded, {project, home: context.home}));
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
