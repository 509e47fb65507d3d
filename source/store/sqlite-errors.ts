/**
 * The one place that knows SQLite's error codes (as Signal's sql/errors.ts is). better-sqlite3 puts the
 * extended code in `error.code` (SQLITE_BUSY_SNAPSHOT, SQLITE_CANTOPEN_ISDIR, ...); eyelet's own
 * refusals to use a database carry codes that start with EYELET_ (a foreign database, an untrusted
 * path, a nearly full disk). Every caller asks here what an error means instead of reading codes.
 */
export type StoreErrorKind =
	/** Another connection holds a lock (BUSY, LOCKED and their extended codes): waiting cures it. */
	| 'locked'
	/** A WAL snapshot changed under a connection being opened (PROTOCOL): trying again cures it. */
	| 'stale'
	/** Not a database, or a damaged one (CORRUPT, NOTADB). */
	| 'damaged'
	/** The file cannot be opened (CANTOPEN). */
	| 'cannot-open'
	/** Any other SQLite error: full, read-only, I/O. */
	| 'sqlite'
	/** eyelet refused the database (EYELET_*). */
	| 'refused'
	/** Not a database error at all: a bug, worth a stack in the log. */
	| 'other';

const codeOf = (error: unknown): string => {
	const code = (error as {code?: unknown} | null)?.code;
	return typeof code === 'string' ? code : '';
};

export function storeErrorKind(error: unknown): StoreErrorKind {
	const code = codeOf(error);
	if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
	if (code === 'SQLITE_PROTOCOL') return 'stale';
	if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'damaged';
	if (code.startsWith('SQLITE_CANTOPEN')) return 'cannot-open';
	if (code.startsWith('SQLITE_')) return 'sqlite';
	if (code.startsWith('EYELET_')) return 'refused';
	return 'other';
}

/** Lock contention: another writer holds the lock. A connection that got it is still good. */
export const isLocked = (error: unknown): boolean => storeErrorKind(error) === 'locked';

/** What goes away by waiting and trying again: lock contention, or a snapshot that went stale. */
export function isTransient(error: unknown): boolean {
	const kind = storeErrorKind(error);
	return kind === 'locked' || kind === 'stale';
}

/** A failure of the database or of eyelet's checks on it (spool the event, say why in one line), not a bug. */
export const isStoreFailure = (error: unknown): boolean => storeErrorKind(error) !== 'other';
