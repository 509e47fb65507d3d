import {closeSync, constants, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeSync} from 'node:fs';
import {join} from 'node:path';
import type {EventRecord} from '../events/types.js';
import {currentUid} from '../settings/folder-trust.js';
import type {WriteDb} from '../store/db.js';
import {insertEvents} from '../store/insert.js';
import {createPrivateSpoolFolder, readySpoolFolder, registerPrivateSpoolFolder, type SpoolFolder, spoolFolderProblem, spoolFolders} from './spool-folders.js';

/**
 * The spool keeps events the database could not take (locked past the budget, read-only, full,
 * corrupt). One file per event, written under a temporary name and renamed into place, so any
 * number of recorders can spool at once and a reader never sees half a file. Draining claims a
 * file by renaming it (only one drainer wins), inserts it, then deletes it; its source_key makes
 * a second insert after a crash a no-op. Folders are used only when they are the user's own
 * (spool-folders.ts), and a drain reads only the user's own regular files.
 */

const pendingSuffix = '.event';
const staleClaimMs = 60_000;
/** A spooled event is one payload (capped by maxPayloadBytes, 1 MiB by default) plus its raw bytes: anything far larger is not ours. */
const maxSpoolFileBytes = 256 * 1024 * 1024;

interface SpoolFile {
	v: 1;
	record: Omit<EventRecord, 'raw'> & {raw: string | null};
}

/** Spool folders for a database: beside it, the fallback in tmp, and any private fallback recorded for it. */
export function spoolDirs(dbPath: string): string[] {
	return spoolFolders(dbPath).map(folder => folder.dir);
}

const random = () => Math.random().toString(36).slice(2, 10);

/** Writes one file under a temporary name, then renames it into place; the temporary file never outlives a failed write. */
function writeSpoolFile(dir: string, name: string, text: string): string {
	const temporary = join(dir, `.tmp-${name}`);
	const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
	try {
		try {
			writeSync(fd, text);
		} finally {
			closeSync(fd);
		}
		const path = join(dir, name + pendingSuffix);
		renameSync(temporary, path);
		return path;
	} catch (error) {
		try {
			unlinkSync(temporary);
		} catch {
			// already renamed, or gone
		}
		throw error;
	}
}

/** Writes the event to the first trusted spool folder that takes it; returns the file's path. Throws only if none does. */
export function spoolRecord(dbPath: string, record: EventRecord): string {
	const name = `${record.ts}-${process.pid}-${random()}`;
	const content: SpoolFile = {
		v: 1,
		record: {...record, sourceKey: record.sourceKey ?? `spool:${name}`, raw: record.raw ? record.raw.toString('base64') : null},
	};
	const text = JSON.stringify(content);
	let lastError: unknown = new Error('no spool folder');
	let anyTrusted = false;
	for (const [index, folder] of spoolFolders(dbPath).entries()) {
		// Only a fallback in tmp can be taken by someone else; the folder beside the database is the user's to fix.
		if (index > 0) {
			const problem = spoolFolderProblem(folder);
			anyTrusted ||= problem === null || problem === 'missing';
		}
		try {
			return writeSpoolFile(readySpoolFolder(folder), name, text);
		} catch (error) {
			lastError = error;
		}
	}
	if (anyTrusted) throw lastError; // a fallback of ours failed to write (full): another folder in the same tmp would too
	// Every fallback in tmp is someone else's (the shared name taken before us): a new private one, recorded for drains.
	const dir = createPrivateSpoolFolder(dbPath);
	try {
		const path = writeSpoolFile(dir, name, text);
		registerPrivateSpoolFolder(dir);
		return path;
	} catch (error) {
		rmSync(dir, {recursive: true, force: true});
		throw error;
	}
}

function list(dir: string): string[] {
	try {
		return readdirSync(dir);
	} catch {
		return [];
	}
}

const waiting = (name: string) => name.endsWith(pendingSuffix) || name.includes('.claimed-');

/** The waiting files' names in a folder, if it is trusted; a folder with nothing in it costs one readdir. */
function waitingIn(folder: SpoolFolder): string[] {
	const names = list(folder.dir).filter(waiting);
	return names.length > 0 && spoolFolderProblem(folder) === null ? names : [];
}

/** How many events wait in the spool (in folders eyelet trusts: doctor reports the others). */
export function spoolBacklog(dbPath: string, options: {scanTmp?: boolean} = {}): number {
	return spoolFolders(dbPath, options).reduce((sum, folder) => sum + waitingIn(folder).length, 0);
}

/** Claims up to `limit` files: pending ones, and claims abandoned by a drainer that died. */
function claim(folder: SpoolFolder, limit: number): string[] {
	const {dir} = folder;
	const claimed: string[] = [];
	const now = Date.now();
	for (const name of waitingIn(folder).sort()) {
		if (claimed.length >= limit) break;
		const path = join(dir, name);
		if (!name.endsWith(pendingSuffix)) {
			const stale = (() => {
				try {
					return now - statSync(path).ctimeMs > staleClaimMs;
				} catch {
					return false;
				}
			})();
			if (!stale) continue;
		}
		const base = name.endsWith(pendingSuffix) ? name.slice(0, -pendingSuffix.length) : name.slice(0, name.indexOf('.claimed-'));
		const target = join(dir, `${base}.claimed-${process.pid}-${random()}`);
		try {
			renameSync(path, target);
			claimed.push(target);
		} catch {
			// another drainer took it first
		}
	}
	return claimed;
}

/** A claimed file's text, only if it is the user's own regular file of a sane size: a FIFO must not block, a device must not be read. */
function readOwnFile(path: string): string | null {
	let fd: number;
	try {
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
	} catch {
		return null;
	}
	try {
		const stat = fstatSync(fd);
		const uid = currentUid();
		if (!stat.isFile() || (uid !== null && stat.uid !== uid) || stat.size > maxSpoolFileBytes) return null;
		const bytes = Buffer.alloc(stat.size);
		let got = 0;
		while (got < bytes.length) {
			const n = readSync(fd, bytes, got, bytes.length - got, got);
			if (n <= 0) break;
			got += n;
		}
		return bytes.toString('utf8', 0, got);
	} catch {
		return null;
	} finally {
		closeSync(fd);
	}
}

function parse(path: string): EventRecord | null {
	try {
		const text = readOwnFile(path);
		if (text === null) return null;
		const file = JSON.parse(text) as SpoolFile;
		if (file.v !== 1 || typeof file.record?.ts !== 'number') return null;
		return {...file.record, raw: file.record.raw === null ? null : Buffer.from(file.record.raw, 'base64')};
	} catch {
		return null;
	}
}

export interface SpoolRewrite {
	/** Spooled events read. */
	scanned: number;
	/** Events whose file was replaced by the changed record. */
	rewritten: number;
}

/**
 * Applies `change` to every spooled event and replaces the file of each one it changes. Each file
 * is claimed first, as a drainer claims it, so that a recorder draining meanwhile never inserts the
 * old record after the new one was written (a drainer that claimed it first inserts the old one:
 * rescan the database after the spool). The new file is in place before the old one is deleted;
 * if both survive a crash, the record's source_key makes the second insert a no-op. `dryRun` only counts.
 */
export function rewriteSpool(dbPath: string, change: (record: EventRecord) => EventRecord | null, options: {dryRun?: boolean} = {}): SpoolRewrite {
	const result: SpoolRewrite = {scanned: 0, rewritten: 0};
	for (const folder of spoolFolders(dbPath, {scanTmp: true})) {
		const {dir} = folder;
		for (const name of waitingIn(folder).filter(file => file.endsWith(pendingSuffix))) {
			const path = join(dir, name);
			if (options.dryRun) {
				const record = parse(path);
				if (record) result.scanned++;
				if (record && change(record)) result.rewritten++;
				continue;
			}
			const base = name.slice(0, -pendingSuffix.length);
			const claimed = join(dir, `${base}.claimed-${process.pid}-${random()}`);
			try {
				renameSync(path, claimed);
			} catch {
				continue; // a drainer took it
			}
			const record = parse(claimed);
			const changed = record ? change(record) : null;
			if (record) result.scanned++;
			if (!changed) {
				renameSync(claimed, path);
				continue;
			}
			const content: SpoolFile = {v: 1, record: {...changed, raw: changed.raw ? changed.raw.toString('base64') : null}};
			try {
				writeSpoolFile(dir, base, JSON.stringify(content));
			} catch (error) {
				renameSync(claimed, path); // the old file stays as it was
				throw error;
			}
			unlinkSync(claimed);
			result.rewritten++;
		}
	}
	return result;
}

export interface DrainResult {
	drained: number;
	/** Files that could not be read as events (or were not the user's regular files), moved to spool/bad/ for a person to look at. */
	bad: number;
}

/**
 * Moves up to `limit` spooled events into the database, oldest first. Files are deleted only after
 * commit. `scanTmp` also drains private fallback folders that were never recorded (`eyelet drain`).
 */
export function drainSpool(db: WriteDb, dbPath: string, limit = Number.POSITIVE_INFINITY, options: {scanTmp?: boolean} = {}): DrainResult {
	const result: DrainResult = {drained: 0, bad: 0};
	for (const folder of spoolFolders(dbPath, options)) {
		const {dir} = folder;
		for (;;) {
			const budget = Math.min(200, limit - result.drained - result.bad);
			if (budget <= 0) return result;
			const claimed = claim(folder, budget);
			if (claimed.length === 0) break;
			const records: EventRecord[] = [];
			const done: string[] = [];
			for (const path of claimed) {
				const record = parse(path);
				if (record) {
					records.push(record);
					done.push(path);
				} else {
					mkdirSync(join(dir, 'bad'), {recursive: true, mode: 0o700});
					renameSync(path, join(dir, 'bad', path.slice(dir.length + 1)));
					result.bad++;
				}
			}
			try {
				insertEvents(db, records);
			} catch (error) {
				// Put the claims back so the next drain retries them.
				for (const path of done) renameSync(path, `${path.slice(0, path.indexOf('.claimed-'))}${pendingSuffix}`);
				throw error;
			}
			for (const path of done) unlinkSync(path);
			result.drained += records.length;
		}
	}
	return result;
}
