import {openReader, type ReadDb} from './db.js';

/** A row of the Python eyelet's `hooks` table: the record is in `data` as JSON text. */
export interface PythonHookRow {
	id: number;
	/** Seconds since the epoch, as Python's time.time() gave them. */
	timestamp: number | null;
	hostname: string | null;
	project_dir: string | null;
	data: string | null;
	/** A BLOB in `data` that is neither JSON text nor well-formed JSONB: its bytes, for an invalid event. */
	malformed: Buffer | null;
}

/** Another program's file that eyelet will not read as the Python eyelet's database, with the reason. */
export class NotPythonHooksError extends Error {}

/**
 * Opens another program's SQLite file read-only and checks it has the Python eyelet's `hooks` table.
 * The file is untrusted input: `hooks` must be an ordinary table (a view can be a query that never
 * ends, as a recursive one does; a virtual table runs a module's code), and trusted_schema is off, so
 * nothing in its schema runs functions with side effects. Throws NotPythonHooksError for a view.
 */
export function openPythonHooks(path: string): ReadDb | null {
	const db = openReader(path, {untrusted: true});
	try {
		const entry = db.get<{type: string; sql: string | null}>("SELECT type, sql FROM sqlite_schema WHERE name = 'hooks' COLLATE NOCASE");
		if (entry && (entry.type !== 'table' || /^\s*CREATE\s+VIRTUAL\b/i.test(entry.sql ?? '')))
			throw new NotPythonHooksError(`its "hooks" is a ${entry.type === 'table' ? 'virtual table' : entry.type}, not a table: eyelet imports only tables`);
		const columns = entry ? db.all<{name: string}>("SELECT name FROM pragma_table_info('hooks')").map(row => row.name) : [];
		if (!columns.includes('data') || !columns.includes('id')) {
			db.close();
			return null;
		}
		return db;
	} catch (error) {
		db.close();
		throw error;
	}
}

export const pythonHookCount = (db: ReadDb): number => db.value<number>('SELECT count(*) FROM hooks') ?? 0;

/**
 * The next rows after `afterId`, oldest first. `data` is JSON text whether stored as text or as
 * JSONB; a BLOB that is neither (json() would fail the whole query on it, and with it the rest of the
 * import) comes back in `malformed` instead. json_valid(X, 8) is SQLite's strict JSONB check.
 */
export function pythonHookRows(db: ReadDb, afterId: number, limit: number): PythonHookRow[] {
	return db.all<PythonHookRow>(
		`SELECT id, timestamp, hostname, project_dir,
			CASE WHEN typeof(data) <> 'blob' OR json_valid(data, 1) THEN CAST(data AS TEXT) WHEN json_valid(data, 8) THEN json(data) END AS data,
			CASE WHEN typeof(data) = 'blob' AND NOT json_valid(data, 1) AND NOT json_valid(data, 8) THEN data END AS malformed
		FROM hooks WHERE id > ? ORDER BY id LIMIT ?`,
		[afterId, limit],
	);
}
