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
