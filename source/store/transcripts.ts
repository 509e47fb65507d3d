import type {WriteDb} from './db.js';

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
