import type {Command} from './command.js';

/**
 * Every subcommand, loaded on demand so each pays only for what it imports (`tui` pulls in Ink;
 * `query` does not). `record` is not here: cli.ts dispatches it before anything else loads.
 */
export const commands: Record<string, {summary: string; load: () => Promise<Command>}> = {
	query: {summary: 'Print stored events (jsonl) with filters', load: async () => (await import('./query.js')).command},
	drain: {summary: 'Move spooled events into the database now', load: async () => (await import('./drain.js')).command},
	harvest: {summary: 'Store the hook failures written in Claude Code transcripts', load: async () => (await import('./harvest.js')).command},
	hooks: {summary: 'Every hook command configured or seen failing, with its failures', load: async () => (await import('./hooks.js')).command},
};
