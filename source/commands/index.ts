import type {Command} from './command.js';

/**
 * Every subcommand, loaded on demand so each pays only for what it imports (`tui` pulls in Ink;
 * `query` does not). `record` is not here: cli.ts dispatches it before anything else loads.
 */
export const commands: Record<string, {summary: string; load: () => Promise<Command>}> = {
	query: {summary: 'Print stored events with filters (table, json, jsonl, csv)', load: async () => (await import('./query.js')).command},
	tail: {summary: 'Print the latest events, one line each; -f follows new ones', load: async () => (await import('./tail.js')).command},
	stats: {summary: 'Counts, events per hour, durations and error rates', load: async () => (await import('./stats.js')).command},
	replay: {summary: "Write an event's stored payload to stdout, to feed a hook by hand", load: async () => (await import('./replay.js')).command},
	import: {summary: 'Bring in history: JSONL payloads, Python eyelet logs and databases', load: async () => (await import('./import.js')).command},
	prune: {summary: 'Delete old events: --older-than 30d or --keep-size 500MB', load: async () => (await import('./prune.js')).command},
	vacuum: {summary: 'Give the space of deleted events back to the file system', load: async () => (await import('./vacuum.js')).command},
	redact: {summary: 'Apply the current redaction rules to the events already stored and to the spool', load: async () => (await import('./redact.js')).command},
	config: {summary: 'Show the effective settings and where each came from', load: async () => (await import('./config.js')).command},
	install: {summary: 'Add the recorder hooks to Claude Code settings', load: async () => (await import('./install.js')).command},
	uninstall: {summary: 'Remove the recorder hooks from Claude Code settings', load: async () => (await import('./uninstall.js')).command},
	doctor: {summary: 'Check the database, spool, permissions and installed hooks', load: async () => (await import('./doctor.js')).command},
	tui: {summary: 'Watch events live: a filterable stream (the default on a terminal)', load: async () => (await import('./tui.js')).command},
	demo: {summary: 'Open the viewer on a temporary database while generated sessions record into it', load: async () => (await import('./demo.js')).command},
	drain: {summary: 'Move spooled events into the database now', load: async () => (await import('./drain.js')).command},
	errors: {summary: 'Failures grouped by signature, with counts and triage state', load: async () => (await import('./error-groups.js')).command},
	triage: {summary: 'Acknowledge, mute, resolve or reopen an error group; undo', load: async () => (await import('./triage.js')).command},
	sessions: {summary: 'One line per session: project, branch, activity, counts, state', load: async () => (await import('./sessions.js')).command},
	session: {summary: "One session's timeline of prompts, tool calls and subagents", load: async () => (await import('./session.js')).command},
	serve: {summary: 'Take hook events over HTTP in one long-lived process (no Node start per event)', load: async () => (await import('./serve.js')).command},
	harvest: {summary: 'Store the hook failures written in Claude Code transcripts', load: async () => (await import('./harvest.js')).command},
	export: {summary: "Send history to the team's OpenTelemetry collector: --otlp --since 7d", load: async () => (await import('./export.js')).command},
	hooks: {summary: 'Every hook command configured or seen failing, with its failures', load: async () => (await import('./hooks.js')).command},
};
