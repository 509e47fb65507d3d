import type {EventRecord} from '../events/types.js';
import type {WriteDb} from './db.js';
import {insertEvent, insertSearchText, recordParams} from './insert.js';
import {foldIntoSessions, type InsertedRow} from './import-sessions.js';

/**
 * Bulk insert for imports. One prepared single-row INSERT per event (RETURNING says whether it was
 * new, and gives the generated columns the sessions summary needs); rows whose source_key is
 * already stored are skipped. Search text goes in last (see insertSearchText for why).
 */

const insertSql = `${insertEvent} RETURNING id, ts, session_id, event, status, project, cwd, git_branch`;

/**
 * Writes imported events in one transaction; every record needs a source_key (it is how a second
 * import of the same source adds nothing). Rows of origin 'import' skip the sessions trigger
 * (migration 0004), so the summary rows of `sessions` are brought up to date here, in the same
 * transaction (store/import-sessions.ts). Returns how many rows were new.
 */
export function insertImported(db: WriteDb, records: readonly EventRecord[]): number {
	for (const record of records) if (!record.sourceKey || record.origin !== 'import') throw new Error('imported events need origin import and a source_key');
	return db.transaction(() => {
		const inserted: InsertedRow[] = [];
		const texts: Array<[number, string]> = [];
		for (const record of records) {
			const row = db.get<InsertedRow>(insertSql, recordParams(record));
			if (!row) continue;
			inserted.push(row);
			if (record.searchText) texts.push([row.id, record.searchText]);
		}
		if (inserted.length > 0) foldIntoSessions(db, inserted);
		insertSearchText(db, texts);
		return inserted.length;
	});
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
