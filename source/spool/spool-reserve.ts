import {closeSync, constants, fstatSync, ftruncateSync, lstatSync, openSync, statfsSync, writeSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {currentUid} from '../settings/folder-trust.js';
import {openWriter, type WriteDb} from '../store/db.js';
import {assertOwnDatabase} from '../store/migrate.js';
import {checkpointGrowth, truncateWal} from '../store/wal.js';

/**
 * Room kept for the spool on the database's disk. When the disk fills, SQLite's WAL takes the last free
 * bytes: a committed transaction that cannot be checkpointed (the database file has no room to grow)
 * holds its space until one is, so closing the connection gives nothing back and every spool write
 * then fails with ENOSPC (measured on a 1 MB filesystem: 80 of 150 events stored, 70 lost, none
 * spooled). A file of zeros beside the database is that room: a spool write that finds the disk full
 * shrinks it by a chunk and tries again, and a recorder that stores an event again (the disk has room)
 * fills it back. It is 1 MiB, or an eighth of a small filesystem.
 */

const fullReserveBytes = 1 << 20;
const releaseChunkBytes = 64 * 1024;

export const spoolReservePath = (dbPath: string) => join(dirname(dbPath), 'spool.reserve');

const reserveOf = (fs: {blocks: number; bsize: number}) => Math.min(fullReserveBytes, Math.floor((fs.blocks * fs.bsize) / 8 / 4096) * 4096);

/** The reserve's size on this filesystem; null when the filesystem cannot say. */
function targetBytes(dbPath: string): number | null {
	try {
		return reserveOf(statfsSync(dirname(dbPath)));
	} catch {
		return null;
	}
}

/**
 * Whether the database's disk is too full to try an insert: less free space than twice the reserve
 * (inserts of other recorders already under way take some of it) plus the WAL's size. A checkpoint
 * may need that much to fold the WAL into the database file, and a WAL that cannot be checkpointed
 * keeps its space for good; an insert now would only grow it into the last free bytes and fail. The
 * event goes to the spool instead, which stays able to take it. One statfs and one lstat; false when
 * the folder does not exist yet or cannot be asked.
 */
export function diskNearlyFull(dbPath: string): boolean {
	try {
		const fs = statfsSync(dirname(dbPath));
		const walBytes = lstatSync(`${dbPath}-wal`, {throwIfNoEntry: false})?.size ?? 0;
		return fs.bavail * fs.bsize < 2 * reserveOf(fs) + walBytes;
	} catch {
		return false;
	}
}

/** Opens the reserve only if it is the user's own regular file (never through a symlink). */
function openReserve(path: string, flags: number): number | null {
	let fd: number;
	try {
		fd = openSync(path, flags | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o600);
	} catch {
		return null;
	}
	const stat = fstatSync(fd);
	const uid = currentUid();
	if (!stat.isFile() || (uid !== null && stat.uid !== uid)) {
		closeSync(fd);
		return null;
	}
	return fd;
}

/**
 * Creates or refills the reserve; call it after a successful insert (the disk has room, the folder is
 * trusted). One lstat when it is whole; it is refilled only while the disk has twice its size free.
 */
export function keepSpoolReserve(dbPath: string): void {
	const path = spoolReservePath(dbPath);
	const size = lstatSync(path, {throwIfNoEntry: false})?.size ?? -1;
	if (size >= fullReserveBytes) return;
	const target = targetBytes(dbPath);
	if (target === null || size >= target) return;
	try {
		const fs = statfsSync(dirname(dbPath));
		if (fs.bavail * fs.bsize < 2 * target) return;
	} catch {
		return;
	}
	const fd = openReserve(path, constants.O_WRONLY | constants.O_CREAT);
	if (fd === null) return;
	try {
		// Real zeros, not a sparse file: the point is blocks the filesystem has handed out.
		const zeros = Buffer.alloc(64 * 1024);
		for (let at = Math.max(0, size); at < target; at += zeros.length) writeSync(fd, zeros, 0, Math.min(zeros.length, target - at), at);
	} catch {
		// the disk filled meanwhile: what was written stays as reserve
	} finally {
		closeSync(fd);
	}
}

/** The last part of the reserve, kept for the log: a LOST EVENT line must reach the log file too. */
const logReserveBytes = 16 * 1024;

/**
 * Gives a chunk of the reserve back to the filesystem; false when there is none left. A spool write
 * leaves the last 16 KB to the log (`forLog` takes it).
 */
export function releaseSpoolReserve(dbPath: string, options: {forLog?: boolean} = {}): boolean {
	const fd = openReserve(spoolReservePath(dbPath), constants.O_WRONLY);
	if (fd === null) return false;
	try {
		const size = fstatSync(fd).size;
		const floor = options.forLog ? 0 : logReserveBytes;
		if (size <= floor) return false;
		ftruncateSync(fd, Math.max(floor, size - releaseChunkBytes));
		return true;
	} catch {
		return false;
	} finally {
		closeSync(fd);
	}
}

/** Why the recorder did not try the database: the disk is nearly full (see diskNearlyFull). */
export class DiskNearlyFullError extends Error {
	readonly code = 'EYELET_DISK_FULL';
	constructor() {
		super('the disk is nearly full: spooling until it has room again');
	}
}

/**
 * On a nearly full disk, the WAL often holds most of what is left: committed frames that a checkpoint
 * would fold into the database, and frames of failed transactions after them. A TRUNCATE checkpoint
 * gives all of it back, but only if the database file has room to grow by the pages the WAL adds: a
 * checkpoint that runs out of room half-way frees nothing and eats the space the spool needs. So it
 * runs only when that growth fits in the free space. Returns whether the disk then has room again.
 */
export function reclaimWal(dbPath: string): boolean {
	let db: WriteDb | null = null;
	try {
		const walBytes = lstatSync(`${dbPath}-wal`, {throwIfNoEntry: false})?.size ?? 0;
		if (walBytes === 0) return false;
		db = openWriter(dbPath, {busyTimeoutMs: 50});
		assertOwnDatabase(db);
		const growth = checkpointGrowth(db, lstatSync(dbPath).size ?? 0);
		const fs = statfsSync(dirname(dbPath));
		if (growth >= fs.bavail * fs.bsize - releaseChunkBytes) return false;
		truncateWal(db);
	} catch {
		// busy, full or not ours: the event is spooled
	} finally {
		try {
			db?.close();
		} catch {
			// a busy close changes nothing here
		}
	}
	return !diskNearlyFull(dbPath);
}
