import {randomBytes} from 'node:crypto';
import {readFileSync, renameSync, unlinkSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {readSmallText} from './safe-files.js';

/**
 * What `eyelet serve` and its callers share about one database, in two small private files beside it:
 * - `<db>.serve.json`, written by `eyelet install --transport http` (or the first `eyelet serve`):
 *   the loopback port the hooks post to and the secret every request carries. It outlives the daemon,
 *   because the settings file holds the same port and secret.
 * - `<db>.serve.pid`, written by the running daemon once it listens, removed when it stops: how
 *   `eyelet record`, doctor and the TUI find it without a network round trip.
 */

export interface ServeKey {
	port: number;
	/** `eyelet_` and 64 hex digits: the prefix lets the redactor recognise it if it ever turns up in a payload. */
	secret: string;
}

export interface ServeState {
	pid: number;
	port: number;
	host: string;
	version: string;
	db: string;
	startedAt: number;
}

export const serveKeyPath = (dbPath: string) => `${dbPath}.serve.json`;
export const serveStatePath = (dbPath: string) => `${dbPath}.serve.pid`;

/** The shape of eyelet's secret, for recognising it (in settings files, and as a secret to redact). */
export const secretPattern = /^eyelet_[0-9a-f]{64}$/;

export const newSecret = () => `eyelet_${randomBytes(32).toString('hex')}`;

/** Reads a small JSON file of ours: a regular file, not followed through a symlink, read without blocking. */
function readPrivateJson(path: string): unknown {
	const text = readSmallText(path, 64 * 1024, {noFollow: true});
	if (text === null) return null;
	try {
		return JSON.parse(text);
	} catch {
		return null;
	}
}

/** Writes a private (0600) file by a temporary name and a rename, so a reader never sees half of it. */
function writePrivateJson(path: string, value: unknown): void {
	const temporary = join(dirname(path), `.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
	try {
		writeFileSync(temporary, `${JSON.stringify(value)}\n`, {mode: 0o600, flag: 'wx'});
		renameSync(temporary, path);
	} catch (error) {
		try {
			unlinkSync(temporary);
		} catch {
			// never created, or already renamed
		}
		throw error;
	}
}

const isPort = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0 && (value as number) < 65536;

export function readServeKey(dbPath: string): ServeKey | null {
	const value = readPrivateJson(serveKeyPath(dbPath)) as Partial<ServeKey> | null;
	if (!value || !isPort(value.port) || typeof value.secret !== 'string' || !secretPattern.test(value.secret)) return null;
	return {port: value.port, secret: value.secret};
}

export function writeServeKey(dbPath: string, key: ServeKey): void {
	writePrivateJson(serveKeyPath(dbPath), key);
}

/** A first guess at a port for this user and database, so two users or two databases rarely meet. */
export function preferredPort(dbPath: string, uid = typeof process.getuid === 'function' ? process.getuid() : 0): number {
	let hash = 0x811c9dc5;
	for (const char of `${uid}:${dbPath}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
	return 20000 + (hash % 20000);
}

export function readServeState(dbPath: string): ServeState | null {
	const value = readPrivateJson(serveStatePath(dbPath)) as Partial<ServeState> | null;
	if (!value || !Number.isInteger(value.pid) || !isPort(value.port) || typeof value.host !== 'string') return null;
	return value as ServeState;
}

export function writeServeState(dbPath: string, state: ServeState): void {
	writePrivateJson(serveStatePath(dbPath), state);
}

/** Removes the state file if it is still this process's (a successor may have written its own). */
export function removeServeState(dbPath: string, pid = process.pid): void {
	if (readServeState(dbPath)?.pid !== pid) return;
	try {
		unlinkSync(serveStatePath(dbPath));
	} catch {
		// already gone
	}
}

/** Whether a process with this pid runs (and may be signalled by us): kill(pid, 0) sends nothing. */
export function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Whether the process is an eyelet daemon, where the system says (Linux's /proc): a daemon killed
 * with -9 leaves its state file behind, and its pid may since have gone to another program.
 */
function isDaemonProcess(pid: number): boolean {
	let cmdline: string;
	try {
		cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
	} catch {
		return true; // no /proc (macOS): trust the pid
	}
	return cmdline.includes('serve') || cmdline.startsWith('eyelet serve');
}

/** The running daemon of a database, as its state file tells, when that process is alive. A few syscalls, no network. */
export function runningDaemon(dbPath: string): ServeState | null {
	const state = readServeState(dbPath);
	return state && processAlive(state.pid) && isDaemonProcess(state.pid) ? state : null;
}
