import {durationMs, formatBytes, sizeBytes} from '../settings/units.js';
import {countOlderThan, eventCount, eventsOverSize, type PruneProgress, pruneOlderThan, pruneToSize, usedBytes} from '../store/retention.js';
import {countTelemetryOlderThan} from '../store/telemetry-retention.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {localTime} from './event-line.js';
import {commandConfig, dbFlag, openWriterFor, writeOut} from './shared.js';

const batchSize = 2000;

/** ", and N telemetry records" when there are any: most databases have none. */
const records = (count: number) => (count ? ` and ${count.toLocaleString('en-US')} telemetry records` : '');

function progressPrinter(): {update: (progress: PruneProgress) => void; end: () => void} {
	if (!process.stderr.isTTY) return {update: () => {}, end: () => {}};
	return {
		update: progress => process.stderr.write(`\r\u001b[Kdeleting… ${progress.deleted.toLocaleString('en-US')} events${records(progress.telemetry)}`),
		end: () => process.stderr.write('\r\u001b[K'),
	};
}

export const command: Command = {
	name: 'prune',
	summary: 'Delete old events: --older-than 30d or --keep-size 500MB',
	usage: `
  Usage
    $ eyelet prune --older-than 30d [--dry-run]
    $ eyelet prune --keep-size 500MB [--dry-run]

  Deletes events (with their search text; session summaries are recomputed), and Claude Code
  telemetry received as long ago (its cost totals recomputed), in short batches, so
  recorders running meanwhile wait a moment at most. Without either flag, applies the retention
  policy of the config file. The file keeps its size, its free pages reused by new events; run
  \`eyelet vacuum\` to give the space back.

  Options
    --older-than D    delete events recorded more than D ago: 45m, 12h, 30d, 8w
    --keep-size S     delete the oldest events until the database holds at most S: 800KB, 500MB, 2GB
    --dry-run         say what would be deleted, delete nothing
    --db PATH         database

  Examples
    $ eyelet prune --older-than 90d --dry-run
    $ eyelet prune --keep-size 1GB && eyelet vacuum
`,
	flags: {...dbFlag, olderThan: {type: 'string'}, keepSize: {type: 'string'}, dryRun: {type: 'boolean', default: false}},
	async run(_input, flags) {
		const text = (value: unknown) => (typeof value === 'string' && value ? value : null);
		const {config} = commandConfig({db: text(flags['db']), olderThan: text(flags['olderThan']), keepSize: text(flags['keepSize'])});
		const {olderThan, keepSize} = config.retention;
		if (!olderThan && !keepSize) throw new UserError('give --older-than (e.g. 30d) or --keep-size (e.g. 500MB), or set "retention" in the config file', 2);
		const age = olderThan ? durationMs(olderThan) : null;
		if (olderThan && age === null) throw new UserError(`--older-than "${olderThan}" is not a duration: use e.g. 30d, 12h, 45m`, 2);
		const size = keepSize ? sizeBytes(keepSize) : null;
		if (keepSize && size === null) throw new UserError(`--keep-size "${keepSize}" is not a size: use e.g. 500MB, 2GB`, 2);

		const db = openWriterFor(config.db);
		const lines: string[] = [];
		try {
			const now = Date.now();
			if (age !== null) {
				const cutoff = now - age;
				const when = `older than ${olderThan} (before ${localTime(cutoff, true)})`;
				if (flags['dryRun'])
					lines.push(`would delete ${countOlderThan(db, cutoff).toLocaleString('en-US')} events ${when}${records(countTelemetryOlderThan(db, cutoff))}`);
				else {
					const progress = progressPrinter();
					const done = pruneOlderThan(db, cutoff, {batchSize, onBatch: progress.update});
					progress.end();
					lines.push(`deleted ${done.deleted.toLocaleString('en-US')} events ${when}${records(done.telemetry)}; ${done.sessions} session summaries updated`);
				}
			}
			if (size !== null) {
				const used = usedBytes(db);
				const target = `${formatBytes(size)} (now ${formatBytes(used)} in use)`;
				if (flags['dryRun'])
					lines.push(`would delete about ${eventsOverSize(used, size, eventCount(db)).toLocaleString('en-US')} of the oldest events to fit in ${target}`);
				else {
					const progress = progressPrinter();
					const done = pruneToSize(db, size, {batchSize, onBatch: progress.update});
					progress.end();
					lines.push(
						`deleted ${done.deleted.toLocaleString('en-US')} of the oldest events${records(done.telemetry)} to fit in ${target}; now ${formatBytes(usedBytes(db))}`,
					);
				}
			}
		} finally {
			db.close();
		}
		if (!flags['dryRun']) lines.push('the file keeps its size until `eyelet vacuum`');
		await writeOut(`${lines.join('\n')}\n`);
		return 0;
	},
};
