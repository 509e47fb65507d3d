import {existsSync} from 'node:fs';
import {loadConfig} from '../settings/config.js';
import {openReader, type ReadDb} from '../store/db.js';
import {UserError} from './errors.js';

export const dbFlag = {db: {type: 'string' as const, shortFlag: 'd'}};

/** --db, else EYELET_DB, else the config file, else the default path. */
export function resolveDbPath(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): string {
	const flag = flags['db'];
	return typeof flag === 'string' && flag ? flag : loadConfig(env).config.db;
}

/** Opens the database read-only, or explains in one line why it cannot. */
export function openExistingReader(path: string): ReadDb {
	if (!existsSync(path)) throw new UserError(`no database at ${path}: run \`eyelet install\` to record hook events, or pass --db PATH`);
	try {
		const db = openReader(path);
		db.value('SELECT count(*) FROM sqlite_schema');
		if (!db.value<number>("SELECT count(*) FROM sqlite_schema WHERE name = 'events'")) {
			db.close();
			throw new UserError(`${path} holds no eyelet events yet: no hook has recorded into it`);
		}
		return db;
	} catch (error) {
		if (error instanceof UserError) throw error;
		throw new UserError(`cannot read ${path}: ${(error as Error).message}`);
	}
}

let pipeClosed = false;
process.stdout.on('error', error => {
	// `eyelet query | head` closes the pipe early: stop quietly, as Unix tools do.
	if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
		pipeClosed = true;
		process.exit(0);
	}
	throw error;
});

/** Writes to stdout and waits when the pipe is full, so large outputs stream in bounded memory. */
export async function writeOut(text: string): Promise<void> {
	if (pipeClosed || text === '') return;
	if (!process.stdout.write(text)) await new Promise<void>(resolve => process.stdout.once('drain', resolve));
}
