import type {ReadDb, WriteDb} from './db.js';
import {writeMeta} from './meta.js';

/**
 * Reading stored rows back for `eyelet redact` and doctor, and rewriting those the current rules
 * change: the row, its search text and, when its signature changed, its error occurrence.
 */

export interface StoredRow {
	id: number;
	status: string;
	/** JSON text of the payload. */
	payload: string | null;
	summary: string | null;
	signature: string | null;
	raw: Buffer | null;
	truncated: number;
	redactions: number;
}

const columns = 'id, status, json(payload) AS payload, summary, signature, raw, truncated, redactions';

/** The next rows after `afterId`, oldest first. */
export const rowsAfter = (db: ReadDb, afterId: number, limit: number): StoredRow[] =>
	db.all(`SELECT ${columns} FROM events WHERE id > ? ORDER BY id LIMIT ?`, [afterId, limit]);

/** The rows before `beforeId`, newest first. */
export const rowsBefore = (db: ReadDb, beforeId: number, limit: number): StoredRow[] =>
	db.all(`SELECT ${columns} FROM events WHERE id < ? ORDER BY id DESC LIMIT ?`, [beforeId, limit]);

export const countAfter = (db: ReadDb, afterId: number): number => db.value<number>('SELECT count(*) FROM events WHERE id > ?', [afterId]) ?? 0;

export const lastEventId = (db: ReadDb): number => db.value<number>('SELECT coalesce(max(id), 0) FROM events') ?? 0;

export interface RowRewrite {
	id: number;
	payload: string | null;
	summary: string | null;
	signature: string | null;
	/** The signature stored before, to move the row's error occurrence with it. */
	previousSignature: string | null;
	raw: Buffer | null;
	truncated: boolean;
	/** The new search body; null leaves the indexed text as it is. */
	searchText: string | null;
	/** Secrets found now, added to the row's count. */
	redactions: number;
	/** The count read with the row: a row another run rewrote since is left alone. */
	previousRedactions: number;
}

const updateRow = `UPDATE events SET payload = jsonb(?), summary = ?, signature = ?, raw = ?, truncated = ?, redactions = redactions + ?
WHERE id = ? AND redactions = ?`;

/**
 * Rewrites rows in one short BEGIN IMMEDIATE transaction, with `cursor` saved in the same commit so
 * that a run stopped half-way resumes exactly after the last row it wrote. A row pruned (or rewritten by
 * another run) meanwhile is skipped. The text index is contentless: the old body is deleted by rowid (contentless_delete) and
 * the new one inserted, after the row updates (see insertSearchText).
 */
export function rewriteRows(db: WriteDb, rewrites: readonly RowRewrite[], cursor: {key: string; value: string}): number {
	return db.transaction(() => {
		const texts: RowRewrite[] = [];
		let written = 0;
		for (const row of rewrites) {
			const result = db.run(updateRow, [
				row.payload,
				row.summary,
				row.signature,
				row.raw,
				row.truncated ? 1 : 0,
				row.redactions,
				row.id,
				row.previousRedactions,
			]);
			if (result.changes === 0) continue;
			written++;
			if (row.previousSignature !== null && row.signature !== row.previousSignature)
				db.run('UPDATE error_occurrences SET signature = ? WHERE signature = ? AND id = ?', [row.signature, row.previousSignature, row.id]);
			if (row.searchText !== null) texts.push(row);
		}
		for (const row of texts) {
			db.run('DELETE FROM events_text WHERE rowid = ?', [row.id]);
			if (row.searchText) db.run('INSERT INTO events_text (rowid, body) VALUES (?, ?)', [row.id, row.searchText]);
		}
		writeMeta(db, cursor.key, cursor.value);
		return written;
	});
}

/** Overwrites what deleted rows leave in pages, freelist pages included, for this connection's writes. */
export function wipeDeletedContent(db: WriteDb): void {
	db.pragma('secure_delete = ON');
}

/** Claude Code's telemetry records (migration 0009), for `eyelet redact` and doctor. */
export interface StoredTelemetry {
	id: number;
	data: string;
	redactions: number;
}

export const telemetryAfter = (db: ReadDb, afterId: number, limit: number): StoredTelemetry[] =>
	db.all('SELECT id, data, redactions FROM telemetry WHERE id > ? ORDER BY id LIMIT ?', [afterId, limit]);

export const telemetryBefore = (db: ReadDb, beforeId: number, limit: number): StoredTelemetry[] =>
	db.all('SELECT id, data, redactions FROM telemetry WHERE id < ? ORDER BY id DESC LIMIT ?', [beforeId, limit]);

export const countTelemetryAfter = (db: ReadDb, afterId: number): number => db.value<number>('SELECT count(*) FROM telemetry WHERE id > ?', [afterId]) ?? 0;

export const lastTelemetryId = (db: ReadDb): number => db.value<number>('SELECT coalesce(max(id), 0) FROM telemetry') ?? 0;

export interface TelemetryRewrite {
	id: number;
	data: string;
	redactions: number;
	previousRedactions: number;
}

/** Rewrites telemetry records and saves `cursor` in the same short transaction, as rewriteRows does for events. */
export function rewriteTelemetry(db: WriteDb, rewrites: readonly TelemetryRewrite[], cursor: {key: string; value: string}): number {
	return db.transaction(() => {
		let written = 0;
		for (const row of rewrites)
			written += db.run('UPDATE telemetry SET data = ?, redactions = redactions + ? WHERE id = ? AND redactions = ?', [
				row.data,
				row.redactions,
				row.id,
				row.previousRedactions,
			]).changes;
		writeMeta(db, cursor.key, cursor.value);
		return written;
	});
}
