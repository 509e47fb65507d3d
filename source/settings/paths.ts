import {existsSync} from 'node:fs';
import {homedir} from 'node:os';
import {join, dirname} from 'node:path';

/** Where eyelet keeps its data: $XDG_DATA_HOME/eyelet, else ~/.local/share/eyelet. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
	const base = env['XDG_DATA_HOME'] || join(env['HOME'] || homedir(), '.local', 'share');
	return join(base, 'eyelet');
}

/** The config file: $XDG_CONFIG_HOME/eyelet/config.json, else ~/.config/eyelet/config.json. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
	if (env['EYELET_CONFIG']) return env['EYELET_CONFIG'];
	const base = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
	return join(base, 'eyelet', 'config.json');
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
	return join(dataDir(env), 'eyelet.db');
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
