import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {eyeletApplicationId} from '../settings/database-file.js';
import {migrationsDir} from '../settings/paths.js';
import type {ReadDb, WriteDb} from './db.js';

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
export const schemaVersion = 11;

export function userVersion(db: WriteDb): number {
	return db.value<number>('PRAGMA user_version') ?? 0;
}

/** Whether the file holds a table of this name (a fixed name: never user text). */
export const tableExists = (db: ReadDb, name: string): boolean =>
	db.value<number>("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", [name]) === 1;

/** Whether the file holds eyelet's events: a new file has none until the first event, and another program's file may have none at all. */
export const hasEventsTable = (db: ReadDb): boolean => tableExists(db, 'events');

/** A database eyelet must not write: another program's, or one holding tables that are not eyelet's. */
export class ForeignDatabaseError extends Error {
	readonly code = 'EYELET_FOREIGN_DATABASE';
}

/** Tables every eyelet schema since 0001 has. */
const eyeletTables = ['events', 'sessions', 'meta'];

/**
 * Refuses a file that is not eyelet's: one whose application_id is another program's, or one with
 * no application_id that holds anything but eyelet's own tables (a file from before schema 6 has
 * them). An empty file is eyelet's to create.
 */
export function ownershipProblem(db: ReadDb, applicationId = db.value<number>('PRAGMA application_id') ?? 0): string | null {
	if (applicationId === eyeletApplicationId) return null;
	if (applicationId !== 0) return `${db.path} belongs to another program (application_id 0x${(applicationId >>> 0).toString(16)}): eyelet does not write it`;
	const tables = db.all<{name: string}>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").map(row => row.name);
	if (tables.length === 0 || eyeletTables.every(name => tables.includes(name))) return null;
	if (tables.includes('hooks')) {
		return `${db.path} is the Python eyelet's database, not this eyelet's: record into another file, and bring its history in with \`eyelet import ${db.path}\``;
	}
	return `${db.path} is not an eyelet database (it holds ${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', ...' : ''}): eyelet does not write it`;
}

/** Throws ForeignDatabaseError unless the file is eyelet's or empty: call it before any write that is not a migration. */
export function assertOwnDatabase(db: ReadDb, applicationId?: number): void {
	const problem = ownershipProblem(db, applicationId);
	if (problem) throw new ForeignDatabaseError(problem);
}

/**
 * Brings the schema up to date. Each migration runs in its own BEGIN IMMEDIATE transaction that
 * re-reads user_version under the write lock, so many recorders starting at once on a missing
 * database apply each migration exactly once; the losers find the work done and move on.
 */
export function migrate(db: WriteDb): void {
	const header = db.get<{user_version: number; application_id: number}>('SELECT * FROM pragma_user_version, pragma_application_id');
	if (header && header.user_version >= schemaVersion && header.application_id === eyeletApplicationId) return;
	assertOwnDatabase(db, header?.application_id ?? 0);
	if ((header?.user_version ?? 0) >= schemaVersion) return;
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
