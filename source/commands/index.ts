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
	config: {summary: 'Show the effective settings and where each came from', load: async () => (await import('./config.js')).command},
	drain: {summary: 'Move spooled events into the database now', load: async () => (await import('./drain.js')).command},
};
