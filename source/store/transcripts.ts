import type {WriteDb} from './db.js';

/** How far a transcript has been read, and what the file was then (to notice a rewrite). */
export interface TranscriptState {
	path: string;
	sessionId: string | null;
	/** Bytes read so far; always the start of a line. */
	position: number;
	/** 'device:inode' */
	fileId: string | null;
	/** The first bytes of the file (up to 256). */
	head: Buffer | null;
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
	head: Buffer | null;
	failures: number;
	malformed: number;
	restarts: number;
	read_ts: number | null;
}

export function transcriptState(db: WriteDb, path: string): TranscriptState | null {
	const row = db.get<StateRow>('SELECT path, session_id, position, file_id, head, failures, malformed, restarts, read_ts FROM transcripts WHERE path = ?', [
		path,
	]);
	if (!row) return null;
	return {
		path: row.path,
		sessionId: row.session_id,
		position: row.position,
		fileId: row.file_id,
		head: row.head,
		failures: row.failures,
		malformed: row.malformed,
		restarts: row.restarts,
		readTs: row.read_ts,
	};
}

export function saveTranscriptState(db: WriteDb, state: TranscriptState): void {
	db.run(
		`INSERT INTO transcripts (path, session_id, position, file_id, head, failures, malformed, restarts, read_ts)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (path) DO UPDATE SET session_id = coalesce(excluded.session_id, session_id), position = excluded.position,
  file_id = excluded.file_id, head = excluded.head, failures = excluded.failures, malformed = excluded.malformed,
  restarts = excluded.restarts, read_ts = excluded.read_ts`,
		[state.path, state.sessionId, state.position, state.fileId, state.head, state.failures, state.malformed, state.restarts, state.readTs],
	);
}
