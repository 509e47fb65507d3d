import {setTimeout as sleep} from 'node:timers/promises';
import {type EventFilter, eventPage, latestEventId} from '../store/events.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {eventLine, type LineStyle, wantsColor} from './event-line.js';
import {filterFlags, filterFromFlags, resolveSession} from './filter-flags.js';
import {commandConfig, dbFlag, openExistingReader, writeOut} from './shared.js';

const pollBatch = 500;

export const command: Command = {
	name: 'tail',
	summary: 'Print the latest events, one line each; -f follows new ones',
	usage: `
  Usage
    $ eyelet tail [-f] [-n N] [filters]

  One line per event: id, time, session, event, tool, status, duration, summary. Coloured on a
  terminal (not when piped, nor with NO_COLOR set). A closed pipe ends it quietly.

  Options
    -f, --follow       keep printing new events as they are recorded
    -n, --lines N      how many recent events to print first (default 10; 0 for none)
    --interval MS      how often -f looks for new events (default: config tui.interval, 500)
    --db PATH          database

  Filters (as in query)
    --session ID  --event NAME  --tool NAME  --status LIST  --project P  --since T  --search TEXT

  Examples
    $ eyelet tail -f --status error
    $ eyelet tail -n 50 --tool Bash | grep -i timeout
`,
	flags: {
		...dbFlag,
		...filterFlags,
		follow: {type: 'boolean', shortFlag: 'f', default: false},
		lines: {type: 'number', shortFlag: 'n', default: 10},
		interval: {type: 'number'},
	},
	async run(_input, flags) {
		const lines = Number(flags['lines']);
		if (!(Number.isInteger(lines) && lines >= 0)) throw new UserError('--lines must be a whole number, 0 or more');
		const interval = flags['interval'] === undefined ? null : Number(flags['interval']);
		if (interval !== null && !(Number.isInteger(interval) && interval > 0)) throw new UserError('--interval must be a positive whole number of milliseconds');
		const {config} = commandConfig({db: typeof flags['db'] === 'string' ? flags['db'] : null, interval});
		const db = openExistingReader(config.db);
		try {
			const filter: EventFilter = resolveSession(db, filterFromFlags(flags));
			if (flags['follow']) filter.until = null;
			const style: LineStyle = {color: wantsColor(process.stdout), width: process.stdout.columns || Number.POSITIVE_INFINITY, withDate: false, idWidth: 0};
			const print = async (rows: ReturnType<typeof eventPage>) => {
				if (rows.length === 0) return;
				style.idWidth = Math.max(style.idWidth, String(rows.at(-1)!.id).length);
				await writeOut(rows.map(row => `${eventLine(row, style)}\n`).join(''));
			};
			let lastId = latestEventId(db);
			await print(lines > 0 ? eventPage(db, filter, {beforeId: lastId + 1, limit: lines}).reverse() : []);
			if (!flags['follow']) return 0;
			for (;;) {
				await sleep(config.tui.interval);
				for (;;) {
					const rows = eventPage(db, filter, {afterId: lastId, limit: pollBatch});
					if (rows.length === 0) break;
					lastId = rows.at(-1)!.id;
					await print(rows);
					if (rows.length < pollBatch) break;
				}
			}
		} finally {
			db.close();
		}
	},
};
