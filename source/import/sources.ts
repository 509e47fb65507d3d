import {closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync} from 'node:fs';
import {basename, join} from 'node:path';

/**
 * What `eyelet import` can read, told apart by content rather than by name:
 * - a directory: the Python eyelet's JSON logs ({hook}/{tool}/{date}/*.json), walked recursively;
 * - an SQLite file: the Python eyelet's database (its `hooks` table);
 * - any other file: JSONL, one hook payload (or Python eyelet record, or eyelet query line) per line.
 */
export type SourceKind = 'json-logs' | 'python-db' | 'jsonl';

export interface Source {
	path: string;
	kind: SourceKind;
}

const sqliteMagic = Buffer.from('SQLite format 3\u0000');

/**
 * Classifies a path; throws (ENOENT, EACCES) when it cannot be read at all. Only folders and regular
 * files are sources: a FIFO or a device would block the reading thread for good (opened non-blocking
 * here, and never handed to SQLite), and a thread stuck in a read cannot be stopped.
 */
export function detectSource(path: string): Source {
	if (statSync(path).isDirectory()) return {path, kind: 'json-logs'};
	const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
	try {
		if (!fstatSync(fd).isFile()) throw new Error('not a regular file or a folder');
		const head = Buffer.alloc(sqliteMagic.length);
		const sqlite = readSync(fd, head, 0, head.length, 0) === head.length && head.equals(sqliteMagic);
		return {path, kind: sqlite ? 'python-db' : 'jsonl'};
	} finally {
		closeSync(fd);
	}
}

/**
 * Every *.json file under a directory, in time order: the Python eyelet names each file after its
 * clock (YYYYMMDD_HHMMSS_micro_...), so file names sort by time across its hook/tool folders.
 */
export function jsonFilesUnder(dir: string): string[] {
	const found: string[] = [];
	const walk = (folder: string) => {
		const entries = readdirSync(folder, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const entry of entries) {
			const path = join(folder, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (entry.isFile() && entry.name.endsWith('.json')) found.push(path);
		}
	};
	walk(dir);
	const key = (path: string) => `${basename(path)}\u0000${path}`;
	return found
		.map(path => ({path, key: key(path)}))
		.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
		.map(entry => entry.path);
}
