import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {migrationsDir} from '../settings/paths.js';
import type {WriteDb} from './db.js';

interface Migration {
	version: number;
	file: string;
}

let known: Migration[] | null = null;

/** Numbered SQL files in migrations/ (0001-name.sql ...), in order. */
export function migrations(dir = migrationsDir): Migration[] {
	if (known && dir === migrationsDir) return known;
	const found = readdirSync(dir)
		.map(file => ({file: join(dir, file), version: Number(/^(\d+)-.*\.sql$/.exec(file)?.[1])}))
		.filter(migration => Number.isInteger(migration.version) && migration.version > 0)
		.sort((a, b) => a.version - b.version);
	if (dir === migrationsDir) known = found;
	return found;
}

/**
 * The newest migration's number. A constant so the recorder does not list migrations/ on every run;
 * a test checks that it matches the files.
 */
export const schemaVersion = 5;

export function userVersion(db: WriteDb): number {
	return db.value<number>('PRAGMA user_version') ?? 0;
}

/**
 * Brings the schema up to date. Each migration runs in its own BEGIN IMMEDIATE transaction that
 * re-reads user_version under the write lock, so many recorders starting at once on a missing
 * database apply each migration exactly once; the losers find the work done and move on.
 */
export function migrate(db: WriteDb): void {
	if (userVersion(db) >= schemaVersion) return;
	// WAL lets the TUI read while recorders write; the mode is stored in the file, so set it once here.
	if (db.value<string>('PRAGMA journal_mode') !== 'wal') db.pragma('journal_mode = WAL');
	for (const {version, file} of migrations()) {
		const sql = readFileSync(file, 'utf8');
		db.transaction(() => {
			if (userVersion(db) >= version) return;
			db.exec(sql);
			db.pragma(`user_version = ${version}`);
		});
	}
}
