/**
 * Every Claude Code hook event, in one place: which take a tool-name matcher, and which eyelet
 * records. `eyelet install` writes one hook entry per recorded event; doctor checks against it.
 */
export interface HookEventSpec {
	name: string;
	/** The matcher filters tool names: install writes "*" so the recorder sees every tool. */
	toolMatcher: boolean;
	/** Left out of install, with the reason a user is shown. */
	skip?: string;
	/** Kept on the command hook even with the http transport, with the reason. */
	commandOnly?: string;
}

export const hookEvents: readonly HookEventSpec[] = [
	{
		name: 'SessionStart',
		toolMatcher: false,
		commandOnly: 'Claude Code sends SessionStart to no http hook (seen with 2.1.332); its recorder also starts eyelet serve when it is down',
	},
	{name: 'Setup', toolMatcher: false, commandOnly: 'it runs before a session starts, when eyelet serve may not run yet'},
	{name: 'InstructionsLoaded', toolMatcher: false},
	{name: 'UserPromptSubmit', toolMatcher: false},
	{name: 'UserPromptExpansion', toolMatcher: false},
	{name: 'PreToolUse', toolMatcher: true},
	{name: 'PermissionRequest', toolMatcher: true},
	{name: 'PermissionDenied', toolMatcher: true},
	{name: 'PostToolUse', toolMatcher: true},
	{name: 'PostToolUseFailure', toolMatcher: true},
	{name: 'PostToolBatch', toolMatcher: false},
	{name: 'Notification', toolMatcher: false},
	{name: 'SubagentStart', toolMatcher: false},
	{name: 'SubagentStop', toolMatcher: false},
	{name: 'TaskCreated', toolMatcher: false},
	{name: 'TaskCompleted', toolMatcher: false},
	{name: 'TeammateIdle', toolMatcher: false},
	{name: 'Stop', toolMatcher: false},
	{name: 'StopFailure', toolMatcher: false},
	{name: 'PreCompact', toolMatcher: false},
	{name: 'PostCompact', toolMatcher: false},
	{name: 'ConfigChange', toolMatcher: false},
	{name: 'CwdChanged', toolMatcher: false},
	{name: 'DirectoryAdded', toolMatcher: false},
	{name: 'FileChanged', toolMatcher: false},
	{name: 'Elicitation', toolMatcher: false},
	{name: 'ElicitationResult', toolMatcher: false},
	{name: 'WorktreeRemove', toolMatcher: false},
	{
		name: 'SessionEnd',
		toolMatcher: false,
		commandOnly: 'the transcript ends before it, so a SessionEnd that failed to arrive could never be rebuilt',
	},
	{
		name: 'WorktreeCreate',
		toolMatcher: false,
		skip: 'a WorktreeCreate hook replaces worktree creation: Claude Code uses its stdout as the new path and its exit code as the result',
	},
	{
		name: 'MessageDisplay',
		toolMatcher: false,
		skip: 'Claude Code holds the streamed output on screen until a MessageDisplay hook returns, so recording it would slow every message',
	},
];

export const recordedEvents = hookEvents.filter(spec => !spec.skip);
export const knownEventNames: ReadonlySet<string> = new Set(hookEvents.map(spec => spec.name));
