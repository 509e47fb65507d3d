import type {EventRecord} from '../events/types.js';
import type {SqlValue, WriteDb} from './db.js';

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

const insertEvent = `INSERT INTO events (${eventInsertColumns})
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, jsonb(?), ?, jsonb(?))
ON CONFLICT (source_key) DO NOTHING`;
const insertText = 'INSERT INTO events_text (rowid, body) VALUES (?, ?)';

/** Writes one event and its search text; returns the new id, or null when source_key was already stored. */
function insertOne(db: WriteDb, record: EventRecord): number | null {
	const result = db.run(insertEvent, recordParams(record));
	if (result.changes === 0) return null;
	const id = Number(result.lastInsertRowid);
	if (record.searchText) db.run(insertText, [id, record.searchText]);
	return id;
}

/** Writes events in one transaction. Returns how many were new (duplicates by source_key are skipped). */
export function insertEvents(db: WriteDb, records: readonly EventRecord[]): number {
	return db.transaction(() => {
		let added = 0;
		for (const record of records) if (insertOne(db, record) !== null) added++;
		return added;
	});
}
