import {statSync} from 'node:fs';
import {formatBytes} from '../settings/units.js';
import {vacuumDatabase} from '../store/retention.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {dbFlag, openWriterFor, resolveDbPath, writeOut} from './shared.js';

const fileBytes = (path: string) => ['', '-wal'].reduce((sum, suffix) => sum + (statSync(path + suffix, {throwIfNoEntry: false})?.size ?? 0), 0);

export const command: Command = {
	name: 'vacuum',
	summary: 'Give the space of deleted events back to the file system',
	usage: `
  Usage
    $ eyelet vacuum [--db PATH]

  Compacts the search index and rewrites the database without its free pages (SQLite VACUUM), then
  empties the write-ahead log. It holds the write lock while it works (seconds for a large file):
  recorders that cannot wait put their events in the spool, and later runs move them in.
  Needs free disk space about the size of the database.

  Example
    $ eyelet prune --older-than 30d && eyelet vacuum
`,
	flags: {...dbFlag},
	async run(_input, flags) {
		const path = resolveDbPath(flags);
		const db = openWriterFor(path);
		const before = fileBytes(path);
		try {
			vacuumDatabase(db);
		} catch (error) {
			throw new UserError(`vacuum failed: ${(error as Error).message}`);
		} finally {
			db.close();
		}
		const after = fileBytes(path);
		await writeOut(`${path}: ${formatBytes(before)} → ${formatBytes(after)}\n`);
		return 0;
	},
};
