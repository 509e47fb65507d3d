import type {Command} from './command.js';

/**
 * Every subcommand, loaded on demand so each pays only for what it imports (`tui` pulls in Ink;
 * `query` does not). `record` is not here: cli.ts dispatches it before anything else loads.
 */
export const commands: Record<string, {summary: string; load: () => Promise<Command>}> = {
	query: {summary: 'Print stored events (jsonl) with filters', load: async () => (await import('./query.js')).command},
	tui: {summary: 'Watch events live: a filterable stream (the default on a terminal)', load: async () => (await import('./tui.js')).command},
	demo: {summary: 'Open the viewer on a temporary database while generated sessions record into it', load: async () => (await import('./demo.js')).command},
	drain: {summary: 'Move spooled events into the database now', load: async () => (await import('./drain.js')).command},
};
