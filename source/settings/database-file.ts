import {readSmallFile} from './safe-files.js';

/**
 * How an eyelet database is told apart from other SQLite files. `PRAGMA application_id` is a 32-bit
 * number in the file header that SQLite reserves for the program owning the file: eyelet's is
 * 'EYLT'. Migration 0006 sets it; store/migrate.ts refuses to write a file that carries another.
 */
export const eyeletApplicationId = 0x45594c54;

/** The schema versions eyelet wrote before it set application_id (migrations 0002 to 0005). */
const unmarkedVersions = {from: 2, to: 5};

export interface SqliteHeader {
	applicationId: number;
	userVersion: number;
}

/**
 * The application_id and user_version of a SQLite file, read from its 100-byte header without
 * opening it as a database; null when the path is not a regular SQLite file. Never blocks: a FIFO
 * or device at the path is opened non-blocking and rejected.
 */
export function readSqliteHeader(path: string): SqliteHeader | null {
	const file = readSmallFile(path, 100, {noFollow: true});
	const header = file?.bytes;
	if (!header || header.length < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\0') return null;
	return {userVersion: header.readInt32BE(60), applicationId: header.readInt32BE(68)};
}

/**
 * Whether a file's header says eyelet wrote it: its application_id, or (for files from before
 * application_id was set) a schema version only eyelet's migrations produce. The Python eyelet
 * keeps its database at the same default path with user_version 1, so version 1 is not taken as ours.
 */
export function isEyeletHeader(header: SqliteHeader | null): boolean {
	if (!header) return false;
	if (header.applicationId === eyeletApplicationId) return true;
	return header.applicationId === 0 && header.userVersion >= unmarkedVersions.from && header.userVersion <= unmarkedVersions.to;
}
