import type {ReadDb, WriteDb} from './db.js';

/** Folds the WAL into the database and empties it; false when a reader still needs it. */
export function truncateWal(db: WriteDb): boolean {
	const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{busy: number}>;
	return result?.busy === 0;
}

/** How much the database file grows when the WAL is folded in: the pages in use beyond the file's size on disk. */
export function checkpointGrowth(db: ReadDb, fileBytes: number): number {
	const pages = db.value<number>('PRAGMA page_count') ?? 0;
	const pageSize = db.value<number>('PRAGMA page_size') ?? 4096;
	return pages * pageSize - fileBytes;
}
