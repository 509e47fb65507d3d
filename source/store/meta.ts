import type {ReadDb, WriteDb} from './db.js';

/** The meta table: small key/value state (the retention pass, the redact cursor). Keys are eyelet's own. */

export const readMeta = (db: ReadDb, key: string): string | null => db.value<string>('SELECT value FROM meta WHERE key = ?', [key]) ?? null;

/** Several keys in one lookup: the recorder asks for its retention state on every run. */
export function readMetas(db: ReadDb, keys: readonly string[]): Map<string, string> {
	const rows = db.all<{key: string; value: string}>(`SELECT key, value FROM meta WHERE key IN (${keys.map(() => '?').join(', ')})`, keys);
	return new Map(rows.map(row => [row.key, row.value]));
}

export function writeMeta(db: WriteDb, key: string, value: string): void {
	db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}
