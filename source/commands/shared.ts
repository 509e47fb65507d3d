import {existsSync} from 'node:fs';
import {applyFlags, type ConfigFlags, type LoadedConfig, loadConfig} from '../settings/config.js';
import {openReader, openWriter, type ReadDb, type WriteDb} from '../store/db.js';
import {hasEventsTable, migrate} from '../store/migrate.js';
import {UserError} from './user-error.js';

export const dbFlag = {db: {type: 'string' as const, shortFlag: 'd'}};

let warned = false;

/**
 * The effective configuration for a command: defaults, then the file, then the environment, then the
 * flags given. A broken config file is reported once on stderr, in one line, and its defaults are used.
 */
export function commandConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
	const loaded = loadConfig(env);
	if (loaded.error && !warned) {
		warned = true;
		process.stderr.write(`eyelet: ${loaded.error}\n`);
	}
	return applyFlags(loaded, flags);
}

const textFlag = (value: unknown) => (typeof value === 'string' && value ? value : null);

/** --db, else EYELET_DB, else the config file, else the default path. */
export function resolveDbPath(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): string {
	return textFlag(flags['db']) ?? commandConfig({}, env).config.db;
}

/** Opens the database read-only, or explains in one line why it cannot. */
export function openExistingReader(path: string): ReadDb {
	if (!existsSync(path)) throw new UserError(`no database at ${path}: run \`eyelet install\` to record hook events, or pass --db PATH`);
	try {
		const db = openReader(path);
		if (!hasEventsTable(db)) {
			db.close();
			throw new UserError(`${path} holds no eyelet events yet: no hook has recorded into it`);
		}
		return db;
	} catch (error) {
		if (error instanceof UserError) throw error;
		throw new UserError(`cannot read ${path}: ${(error as Error).message}`);
	}
}

/** Opens the database for writing (creating it only when `create`), or explains in one line why it cannot. */
export function openWriterFor(path: string, options: {create?: boolean} = {}): WriteDb {
	if (!options.create && !existsSync(path)) throw new UserError(`no database at ${path}: pass --db PATH`);
	try {
		const db = openWriter(path);
		migrate(db);
		return db;
	} catch (error) {
		throw new UserError(`cannot write ${path}: ${(error as Error).message}`);
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
