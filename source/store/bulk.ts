import type {EventRecord} from '../events/types.js';
import type {WriteDb} from './db.js';
import {insertEvents} from './insert.js';

/**
 * Writes imported events in one transaction (store/insert.ts insertEvents, the path of every writer);
 * every record needs a source_key: it is how a second import of the same source adds nothing. Returns
 * how many rows were new.
 */
export function insertImported(db: WriteDb, records: readonly EventRecord[]): number {
	for (const record of records) if (!record.sourceKey || record.origin !== 'import') throw new Error('imported events need origin import and a source_key');
	return insertEvents(db, records);
}

const legacyKeys = `SELECT id, session_id, source_key FROM events WHERE source_key >= 'import:' AND source_key < 'import;' LIMIT 2000`;

/**
 * Rewrites source keys of rows imported before keys carried a session bucket ('import:<hash>') into
 * today's form, so importing the same source again still adds nothing. Runs before an import, in
 * short transactions; the range scan on the source_key index finds nothing when there is nothing to do.
 */
export function upgradeImportKeys(db: WriteDb, keyOf: (sessionId: unknown, hash: string) => string): void {
	for (let found = 1; found > 0; ) {
		found = db.transaction(() => {
			const rows = db.all<{id: number; session_id: unknown; source_key: string}>(legacyKeys);
			for (const row of rows) db.run('UPDATE events SET source_key = ? WHERE id = ?', [keyOf(row.session_id, row.source_key.slice('import:'.length)), row.id]);
			return rows.length;
		});
	}
}

/** For a throwaway database built in one go (the demo's large ones, the benchmarks'): a 256 MB cache and no syncs. */
export function throwawayWrites(db: WriteDb): void {
	db.pragma('cache_size = -262144');
	db.pragma('synchronous = OFF');
}
