import {openReader, type ReadDb} from './db.js';

/** A row of the Python eyelet's `hooks` table: the record is in `data` as JSON text. */
export interface PythonHookRow {
	id: number;
	/** Seconds since the epoch, as Python's time.time() gave them. */
	timestamp: number | null;
	hostname: string | null;
	project_dir: string | null;
	data: string | null;
}

/** Opens another program's SQLite file read-only and checks it has the Python eyelet's `hooks` table. */
export function openPythonHooks(path: string): ReadDb | null {
	const db = openReader(path);
	const columns = db.all<{name: string}>("SELECT name FROM pragma_table_info('hooks')").map(row => row.name);
	if (!columns.includes('data') || !columns.includes('id')) {
		db.close();
		return null;
	}
	return db;
}

export const pythonHookCount = (db: ReadDb): number => db.value<number>('SELECT count(*) FROM hooks') ?? 0;

/** The next rows after `afterId`, oldest first. `data` is JSON text whether stored as text or JSONB. */
export function pythonHookRows(db: ReadDb, afterId: number, limit: number): PythonHookRow[] {
	return db.all<PythonHookRow>(
		`SELECT id, timestamp, hostname, project_dir,
			CASE WHEN typeof(data) = 'blob' AND NOT json_valid(data, 1) THEN json(data) ELSE CAST(data AS TEXT) END AS data
		FROM hooks WHERE id > ? ORDER BY id LIMIT ?`,
		[afterId, limit],
	);
}
