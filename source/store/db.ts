import type BetterSqlite3 from 'better-sqlite3';
import {chmodSync, closeSync, constants, existsSync, mkdirSync, openSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileProblem, folderProblem, UntrustedPathError} from '../settings/folder-trust.js';
import {packageRoot} from '../settings/paths.js';

// Every hook pays start-up, so better-sqlite3's Database class is required directly (the recorder
// bundle inlines it) and its addon is loaded by path: the package's `bindings` helper would probe a
// dozen paths and parse a stack trace to find it.
const Database = require('better-sqlite3/lib/database.js') as typeof BetterSqlite3;
const packageDir = ((beside: string) => (existsSync(join(beside, 'package.json')) ? beside : dirname(require.resolve('better-sqlite3/package.json'))))(
	join(packageRoot, 'node_modules', 'better-sqlite3'),
);
const nativeBinding = join(packageDir, 'build', 'Release', 'better_sqlite3.node');
type Database = BetterSqlite3.Database;

export type SqlValue = string | number | bigint | Buffer | null;
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;

/**
 * A connection that can only read. The TUI and the viewers get this type: it has no run/exec/transaction,
 * so a write through it does not compile; at run time the file is opened read-only with query_only on.
 */
export interface ReadDb {
	readonly path: string;
	get<Row>(sql: string, params?: SqlParams): Row | undefined;
	all<Row>(sql: string, params?: SqlParams): Row[];
	/** The first column of the first row. */
	value<Value>(sql: string, params?: SqlParams): Value | undefined;
	close(): void;
}

export interface WriteDb extends ReadDb {
	run(sql: string, params?: SqlParams): BetterSqlite3.RunResult;
	exec(sql: string): void;
	pragma(source: string): unknown;
	/** Runs fn inside BEGIN IMMEDIATE: the write lock is taken up front, so it never fails half-way on BUSY. */
	transaction<T>(fn: () => T): T;
}

const bind = (params: SqlParams | undefined) => (params === undefined ? [] : Array.isArray(params) ? params : [params]);

/**
 * Wraps a better-sqlite3 handle with a per-connection statement cache (each SQL text prepared once).
 * Rows and plucked values come from separate caches: pluck() is a mode the statement keeps, so a
 * shared cache made a `get` after a `value` of the same SQL text return a bare value.
 */
function wrap(handle: Database, path: string): WriteDb {
	const rows = new Map<string, BetterSqlite3.Statement>();
	const values = new Map<string, BetterSqlite3.Statement>();
	const prepare = (sql: string) => {
		let statement = rows.get(sql);
		if (!statement) rows.set(sql, (statement = handle.prepare(sql)));
		return statement;
	};
	const preparePlucked = (sql: string) => {
		let statement = values.get(sql);
		if (!statement) values.set(sql, (statement = handle.prepare(sql).pluck()));
		return statement;
	};
	return {
		path,
		get: (sql, params) => prepare(sql).get(...bind(params)) as never,
		all: (sql, params) => prepare(sql).all(...bind(params)) as never,
		value: (sql, params) => preparePlucked(sql).get(...bind(params)) as never,
		run: (sql, params) => prepare(sql).run(...bind(params)),
		exec: sql => void handle.exec(sql),
		pragma: source => handle.pragma(source),
		transaction: fn => handle.transaction(fn).immediate(),
		close: () => {
			rows.clear();
			values.clear();
			if (handle.open) handle.close();
		},
	};
}

/**
 * Creates the data directory (0700) and an empty database file (0600) if they are missing, and refuses
 * (UntrustedPathError) a folder that is not the user's own and private, or a database file that is a
 * symlink or someone else's: a planted 0666 file would receive every prompt, and a dangling symlink
 * would have us create the database wherever it points. Two syscalls when all is well, as before.
 */
export function ensureDatabaseFile(path: string): void {
	const dir = dirname(path);
	let problem = folderProblem(dir, {allowSymlink: true});
	if (problem === 'missing') {
		mkdirSync(dir, {recursive: true, mode: 0o700});
		chmodSync(dir, 0o700);
		problem = folderProblem(dir, {allowSymlink: true});
	}
	if (problem) throw new UntrustedPathError(`${problem}: eyelet keeps events only in a folder that is yours and that no one else can write`);
	let fileIssue = fileProblem(path);
	if (fileIssue === 'missing') {
		try {
			// SQLite creates -wal and -shm with the database file's mode, so a private file keeps them private.
			closeSync(openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another recorder was first
		}
		fileIssue = fileProblem(path);
	}
	if (fileIssue) throw new UntrustedPathError(fileIssue);
}

export interface WriterOptions {
	/** How long SQLite itself waits on a lock before reporting BUSY; the caller's retry loop does the rest. */
	busyTimeoutMs: number;
}

export function openWriter(path: string, options: WriterOptions = {busyTimeoutMs: 5000}): WriteDb {
	ensureDatabaseFile(path);
	const handle = new Database(path, {timeout: options.busyTimeoutMs, nativeBinding});
	// NORMAL is durable across application crashes in WAL mode and avoids an fsync per commit:
	// every hook pays for each commit, and a power cut losing the last events is the accepted trade.
	handle.pragma('synchronous = NORMAL');
	// An INSERT whose trigger writes another table (events → sessions) keeps a statement journal, a
	// temp file by default; in memory, bulk inserts (harvest, import) ran ~3× faster per row (measured).
	handle.pragma('temp_store = MEMORY');
	return wrap(handle, path);
}

/**
 * `untrusted`: another program's file (an import source). Its schema may not run functions with side
 * effects from views, triggers or defaults (trusted_schema off); eyelet's own files do not need that.
 */
export function openReader(path: string, options: {untrusted?: boolean} = {}): ReadDb {
	const handle = new Database(path, {readonly: true, fileMustExist: true, timeout: 2000, nativeBinding});
	// query_only refuses writes even through statements that would otherwise slip past readonly (ATTACH tricks).
	handle.pragma('query_only = ON');
	if (options.untrusted) handle.pragma('trusted_schema = OFF');
	const {get, all, value, close} = wrap(handle, path);
	return {path, get, all, value, close};
}
