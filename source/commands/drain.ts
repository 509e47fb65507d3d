import {drainSpool, spoolBacklog} from '../spool/spool.js';
import {openWriter, type WriteDb} from '../store/db.js';
import {migrate} from '../store/migrate.js';
import type {Command} from './command.js';
import {dbFlag, resolveDbPath} from './shared.js';
import {UserError} from './user-error.js';

export const command: Command = {
	name: 'drain',
	summary: 'Move spooled events into the database now',
	usage: `
  Usage
    $ eyelet drain [--db PATH]

  Events the recorder could not write (database locked past its budget, read-only, full) wait in
  the spool beside the database. Recorders drain a few each run; this drains all of them.
`,
	flags: {...dbFlag},
	run(_input, flags) {
		process.umask(0o077);
		const path = resolveDbPath(flags);
		const waiting = spoolBacklog(path, {scanTmp: true});
		if (waiting === 0) {
			console.log('spool is empty');
			return 0;
		}
		let db: WriteDb;
		try {
			db = openWriter(path);
			migrate(db);
		} catch (error) {
			throw new UserError(`cannot write ${path}: ${(error as Error).message}; ${waiting} event(s) stay spooled`);
		}
		try {
			const {drained, bad} = drainSpool(db, path, Number.POSITIVE_INFINITY, {scanTmp: true});
			console.log(`drained ${drained} event(s) into ${path}${bad ? `; ${bad} unreadable file(s) moved to spool/bad` : ''}`);
			return bad ? 1 : 0;
		} finally {
			db.close();
		}
	},
};
