import {openReader, openWriter} from './db.js';
import {assertOwnDatabase, hasEventsTable, migrate, ownershipProblem} from './migrate.js';
import {truncateWal} from './wal.js';

/** What doctor reads from a database, through a read-only connection so checking never changes it. */
export interface DatabaseHealth {
	/** PRAGMA quick_check's findings: ['ok'] when the file is sound. */
	quickCheck: string[];
	journalMode: string;
	userVersion: number;
	/** Whether the events table exists (a new file holds nothing until the first event). */
	hasEvents: boolean;
	/** Why eyelet must not write this file (another program's database), or null when it is eyelet's or empty. */
	foreign: string | null;
}

/** Opens the file read-only and checks it; throws what SQLite says when it cannot (not a database, locked). */
export function databaseHealth(path: string): DatabaseHealth {
	const db = openReader(path);
	try {
		let quickCheck: string[];
		try {
			quickCheck = db.all<{quick_check: string}>('PRAGMA quick_check(20)').map(row => row.quick_check);
		} catch (error) {
			// a damaged page can stop the check itself: that is its finding
			quickCheck = [(error as Error).message];
		}
		return {
			quickCheck,
			journalMode: db.value<string>('PRAGMA journal_mode') ?? 'unknown',
			userVersion: db.value<number>('PRAGMA user_version') ?? 0,
			hasEvents: hasEventsTable(db),
			foreign: ownershipProblem(db),
		};
	} finally {
		db.close();
	}
}

/** Folds the WAL back into the database and truncates it to zero bytes. Returns false when a reader kept it from finishing. */
export function checkpointTruncate(path: string): boolean {
	const db = openWriter(path);
	try {
		assertOwnDatabase(db);
		return truncateWal(db);
	} finally {
		db.close();
	}
}

/** Switches the database to WAL (it needs a moment with no other connection) and applies pending migrations. */
export function repairSchema(path: string): string {
	const db = openWriter(path);
	try {
		assertOwnDatabase(db);
		db.pragma('journal_mode = WAL');
		migrate(db);
		return db.value<string>('PRAGMA journal_mode') ?? 'unknown';
	} finally {
		db.close();
	}
}

/** Events stored for one session: how doctor proves a sample it sent was recorded. */
export function sessionEventCount(path: string, sessionId: string): number {
	const db = openReader(path);
	try {
		return db.value<number>('SELECT count(*) FROM events WHERE session_id = ?', [sessionId]) ?? 0;
	} finally {
		db.close();
	}
}
