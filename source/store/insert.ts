import type {EventRecord} from '../events/types.js';
import type {SqlValue, WriteDb} from './db.js';
import {endReasonColumn, foldIntoSessions, type SummaryRow} from './session-summary.js';

/** The column list every insert of an event names, and the matching values of a record, in order. */
export const eventInsertColumns = `ts, status, origin, project, hostname, git_branch, git_commit, duration_ms,
  summary, signature, redactions, payload_bytes, truncated, source_key, custom, raw, payload`;

export function recordParams(record: EventRecord): SqlValue[] {
	return [
		record.ts,
		record.status,
		record.origin,
		record.project,
		record.hostname,
		record.gitBranch,
		record.gitCommit,
		record.durationMs,
		record.summary,
		record.signature,
		record.redactions,
		record.payloadBytes,
		record.truncated ? 1 : 0,
		record.sourceKey,
		record.custom,
		record.raw,
		record.payload,
	];
}

/**
 * One event, skipped when its source_key is already stored. A new one comes back with what only the
 * database knows of it, its id and the columns generated from its payload, for the sessions summary.
 */
const insertEvent = `INSERT INTO events (${eventInsertColumns})
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, jsonb(?), ?, jsonb(?))
ON CONFLICT (source_key) DO NOTHING
RETURNING id, session_id, event, cwd, ${endReasonColumn}`;

type Generated = Pick<SummaryRow, 'id' | 'session_id' | 'event' | 'cwd' | 'reason'>;
const insertText = 'INSERT INTO events_text (rowid, body) VALUES (?, ?)';

/**
 * Adds search text for rows written earlier in the same transaction. Call it after the transaction's
 * other writes: FTS5 keeps new terms in memory until commit, but flushes them to a new on-disk
 * segment whenever a later statement opens a savepoint (an INSERT that fires triggers does), so
 * interleaving text with event inserts wrote one segment per row and then merged them all (measured:
 * the text index cost ~75 µs a row on import that way, ~20 µs written last).
 */
export function insertSearchText(db: WriteDb, texts: ReadonlyArray<readonly [number, string]>): void {
	for (const [id, body] of texts) db.run(insertText, [id, body]);
}

/**
 * Writes events in one transaction, and brings the summaries of their sessions up to date in it: the
 * one path of every writer (record, serve, the spool drain, the harvest, rebuilt deliveries, import).
 * Returns how many were new (duplicates by source_key are skipped).
 */
export function insertEvents(db: WriteDb, records: readonly EventRecord[]): number {
	return db.transaction(() => {
		const texts: Array<[number, string]> = [];
		const inserted: SummaryRow[] = [];
		for (const record of records) {
			const row = db.get<Generated>(insertEvent, recordParams(record));
			if (!row) continue;
			inserted.push({
				id: row.id,
				ts: record.ts,
				session_id: row.session_id,
				event: row.event,
				status: record.status,
				project: record.project,
				cwd: row.cwd,
				git_branch: record.gitBranch,
				reason: row.reason,
			});
			if (record.searchText) texts.push([row.id, record.searchText]);
		}
		foldIntoSessions(db, inserted);
		insertSearchText(db, texts);
		return inserted.length;
	});
}
