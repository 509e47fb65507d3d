import {existsSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {isEyeletHeader, readSqliteHeader} from './database-file.js';

/** Where eyelet keeps its data: $XDG_DATA_HOME/eyelet, else ~/.local/share/eyelet. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
	const base = env['XDG_DATA_HOME'] || join(env['HOME'] || homedir(), '.local', 'share');
	return join(base, 'eyelet');
}

/** Where eyelet keeps small state of its own outside the data folder: $XDG_STATE_HOME/eyelet, else ~/.local/state/eyelet. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
	const base = env['XDG_STATE_HOME'] || join(env['HOME'] || homedir(), '.local', 'state');
	return join(base, 'eyelet');
}

/** The config file: $XDG_CONFIG_HOME/eyelet/config.json, else ~/.config/eyelet/config.json. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
	if (env['EYELET_CONFIG']) return env['EYELET_CONFIG'];
	const base = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
	return join(base, 'eyelet', 'config.json');
}

/**
 * Where Claude Code keeps session transcripts: $CLAUDE_CONFIG_DIR/projects, else ~/.claude/projects.
 * The recorder reads a payload's transcript_path only below this folder.
 */
export function claudeProjectsDir(env: NodeJS.ProcessEnv = process.env): string {
	const config = env['CLAUDE_CONFIG_DIR'];
	return resolve(config ? config : join(env['HOME'] || homedir(), '.claude'), 'projects');
}

/** The database file in the data folder. */
export const databaseFileName = 'events.db';
/**
 * Where eyelet kept its database before 0.2. The Python eyelet (the tool many users come from) keeps
 * its own SQLite file at this same path, so eyelet now records into events.db beside it, and reads
 * the old name only when that file is an eyelet database.
 */
export const legacyDatabaseFileName = 'eyelet.db';

/**
 * The database when none is configured: events.db in the data folder, or an eyelet database that an
 * earlier eyelet created as eyelet.db (so its history stays where it was). One stat, and a 100-byte
 * header read only while events.db does not exist.
 */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
	const dir = dataDir(env);
	const current = join(dir, databaseFileName);
	if (existsSync(current)) return current;
	const legacy = join(dir, legacyDatabaseFileName);
	return isEyeletHeader(readSqliteHeader(legacy)) ? legacy : current;
}

/** Spool of events that could not be written yet; it lives beside the database it feeds. */
export function spoolDir(dbPath: string): string {
	return join(dirname(dbPath), 'spool');
}

export function logPath(dbPath: string): string {
	return join(dirname(dbPath), 'eyelet.log');
}

/**
 * The package root (holds migrations/ and package.json). This file runs as dist/settings/paths.js, inlined
 * in the single-file recorder dist/record.cjs, or as .build/source/settings/paths.js under test.
 */
export const packageRoot =
	[join(__dirname, '..'), join(__dirname, '..', '..'), join(__dirname, '..', '..', '..')].find(dir => existsSync(join(dir, 'migrations'))) ??
	join(__dirname, '..');
export const migrationsDir = join(packageRoot, 'migrations');
/** The built command-line entry point (package.json "bin"): what installed hooks run. */
export const cliPath = join(packageRoot, 'dist', 'cli.cjs');

/**
 * Node flags for a daemon eyelet starts itself (`serve --detach`, the SessionStart recorder). V8 lets
 * the young generation grow to 3 × 16 MB under a burst of requests and keeps it: with semi-spaces of
 * 2 MB the daemon's resident memory under bench/serve.bench.mjs's 64-client load peaked at 113 MB
 * instead of 129–134, for the same events/s (4,193 against 3,863–4,027 in runs minutes apart). V8
 * reads the flag at start only, hence the argv; a daemon run in the foreground can pass it itself.
 */
export const daemonNodeFlags = ['--max-semi-space-size=2'];
