import type {ReadDb, WriteDb} from './db.js';

/** How far a transcript has been read, and what the file was then (to notice a rewrite). */
export interface TranscriptState {
	path: string;
	sessionId: string | null;
	/** Bytes read so far; always the start of a line. */
	position: number;
	/** 'device:inode' */
	fileId: string | null;
	/** How many bytes from the start of the file headHash covers (up to 256); null when not known. */
	headLength: number | null;
	/** sha256 (hex) of those bytes: a replaced file is noticed without keeping any of its bytes. */
	headHash: string | null;
	failures: number;
	malformed: number;
	restarts: number;
	readTs: number | null;
}

interface StateRow {
	path: string;
	session_id: string | null;
	position: number;
	file_id: string | null;
	head_length: number | null;
	head_sha256: string | null;
	failures: number;
	malformed: number;
	restarts: number;
	read_ts: number | null;
}

export function transcriptState(db: WriteDb, path: string): TranscriptState | null {
	const row = db.get<StateRow>(
		'SELECT path, session_id, position, file_id, head_length, head_sha256, failures, malformed, restarts, read_ts FROM transcripts WHERE path = ?',
		[path],
	);
	if (!row) return null;
	return {
		path: row.path,
		sessionId: row.session_id,
		position: row.position,
		fileId: row.file_id,
		headLength: row.head_length,
		headHash: row.head_sha256,
		failures: row.failures,
		malformed: row.malformed,
		restarts: row.restarts,
		readTs: row.read_ts,
	};
}

export function saveTranscriptState(db: WriteDb, state: TranscriptState): void {
	db.run(
		`INSERT INTO transcripts (path, session_id, position, file_id, head_length, head_sha256, failures, malformed, restarts, read_ts)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (path) DO UPDATE SET session_id = coalesce(excluded.session_id, session_id), position = excluded.position,
  file_id = excluded.file_id, head_length = excluded.head_length, head_sha256 = excluded.head_sha256, failures = excluded.failures, malformed = excluded.malformed,
  restarts = excluded.restarts, read_ts = excluded.read_ts`,
		[
			state.path,
			state.sessionId,
			state.position,
			state.fileId,
			state.headLength,
			state.headHash,
			state.failures,
			state.malformed,
			state.restarts,
			state.readTs,
		],
	);
}

/**
 * After a rebuild: the failed deliveries found in the transcript (all of them, when it was read
 * whole), or that the rebuild was cut short and the next harvest must run it again.
 */
export function saveRebuild(db: WriteDb, path: string, outcome: {complete: boolean; deliveries: number}): void {
	if (outcome.complete) db.run('UPDATE transcripts SET deliveries = ?, rebuild_pending = 0 WHERE path = ?', [outcome.deliveries, path]);
	else db.run('UPDATE transcripts SET rebuild_pending = 1 WHERE path = ?', [path]);
}

export function rebuildPending(db: ReadDb, path: string): boolean {
	return (db.value<number>('SELECT rebuild_pending FROM transcripts WHERE path = ?', [path]) ?? 0) === 1;
}

export interface DeliveryTotals {
	/** Deliveries to eyelet serve that Claude Code reported as failed, over every transcript read. */
	failed: number;
	/** Events rebuilt from transcripts. */
	rebuilt: number;
}

export function deliveryTotals(db: ReadDb): DeliveryTotals {
	const failed = db.value<number>('SELECT coalesce(sum(deliveries), 0) FROM transcripts') ?? 0;
	// A range of the source_key index ('rebuilt:...'), not a scan of every event for its origin.
	const rebuilt = db.value<number>("SELECT count(*) FROM events WHERE source_key >= 'rebuilt:' AND source_key < 'rebuilt;'") ?? 0;
	return {failed, rebuilt};
}
