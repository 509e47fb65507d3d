import {mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {EventRecord} from '../events/types.js';
import {spoolDir} from '../settings/paths.js';
import type {WriteDb} from '../store/db.js';
import {insertEvents} from '../store/insert.js';

/**
 * The spool keeps events the database could not take (locked past the budget, read-only, full,
 * corrupt). One file per event, written under a temporary name and renamed into place, so any
 * number of recorders can spool at once and a reader never sees half a file. Draining claims a
 * file by renaming it (only one drainer wins), inserts it, then deletes it; its source_key makes
 * a second insert after a crash a no-op.
 */

const pendingSuffix = '.event';
const staleClaimMs = 60_000;

interface SpoolFile {
	v: 1;
	record: Omit<EventRecord, 'raw'> & {raw: string | null};
}

function hash(text: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
	return h.toString(16);
}

/** Spool folders for a database: beside it, and a private fallback in tmp for when that folder is unwritable. */
export function spoolDirs(dbPath: string): string[] {
	const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
	return [spoolDir(dbPath), join(tmpdir(), `eyelet-${uid}`, `spool-${hash(dbPath)}`)];
}

const random = () => Math.random().toString(36).slice(2, 10);

/** Writes the event to the first spool folder that takes it; returns the file's path. Throws only if none does. */
export function spoolRecord(dbPath: string, record: EventRecord): string {
	let lastError: unknown;
	for (const dir of spoolDirs(dbPath)) {
		const name = `${record.ts}-${process.pid}-${random()}`;
		const content: SpoolFile = {
			v: 1,
			record: {...record, sourceKey: record.sourceKey ?? `spool:${name}`, raw: record.raw ? record.raw.toString('base64') : null},
		};
		try {
			mkdirSync(dir, {recursive: true, mode: 0o700});
			const temporary = join(dir, `.tmp-${name}`);
			writeFileSync(temporary, JSON.stringify(content), {mode: 0o600});
			const path = join(dir, name + pendingSuffix);
			renameSync(temporary, path);
			return path;
		} catch (error) {
			lastError = error;
		}
	}
	throw lastError;
}

function list(dir: string): string[] {
	try {
		return readdirSync(dir);
	} catch {
		return [];
	}
}

/** How many events wait in the spool. */
export function spoolBacklog(dbPath: string): number {
	return spoolDirs(dbPath).reduce((sum, dir) => sum + list(dir).filter(name => name.endsWith(pendingSuffix) || name.includes('.claimed-')).length, 0);
}

/** Claims up to `limit` files: pending ones, and claims abandoned by a drainer that died. */
function claim(dir: string, limit: number): string[] {
	const claimed: string[] = [];
	const now = Date.now();
	for (const name of list(dir).sort()) {
		if (claimed.length >= limit) break;
		const path = join(dir, name);
		if (!name.endsWith(pendingSuffix)) {
			const stale =
				name.includes('.claimed-') &&
				(() => {
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

function parse(path: string): EventRecord | null {
	try {
		const file = JSON.parse(readFileSync(path, 'utf8')) as SpoolFile;
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
	for (const dir of spoolDirs(dbPath)) {
		for (const name of list(dir).filter(file => file.endsWith(pendingSuffix))) {
			const path = join(dir, name);
			if (options.dryRun) {
				const record = parse(path);
				if (record) result.scanned++;
				if (record && change(record)) result.rewritten++;
				continue;
			}
			const claimed = join(dir, `${name.slice(0, -pendingSuffix.length)}.claimed-${process.pid}-${random()}`);
			try {
				renameSync(path, claimed);
			} catch {
				continue; // a drainer took it
			}
			const record = parse(claimed);
			const changed = record ? change(record) : null;
			if (record) result.scanned++;
			if (changed) {
				const temporary = join(dir, `.tmp-${name}`);
				const content: SpoolFile = {v: 1, record: {...changed, raw: changed.raw ? changed.raw.toString('base64') : null}};
				writeFileSync(temporary, JSON.stringify(content), {mode: 0o600});
				renameSync(temporary, path);
				unlinkSync(claimed);
				result.rewritten++;
			} else renameSync(claimed, path);
		}
	}
	return result;
}

export interface DrainResult {
	drained: number;
	/** Files that could not be read as events, moved to spool/bad/ for a person to look at. */
	bad: number;
}

/** Moves up to `limit` spooled events into the database, oldest first. Files are deleted only after commit. */
export function drainSpool(db: WriteDb, dbPath: string, limit = Number.POSITIVE_INFINITY): DrainResult {
	const result: DrainResult = {drained: 0, bad: 0};
	for (const dir of spoolDirs(dbPath)) {
		for (;;) {
			const budget = Math.min(200, limit - result.drained - result.bad);
			if (budget <= 0) return result;
			const claimed = claim(dir, budget);
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
