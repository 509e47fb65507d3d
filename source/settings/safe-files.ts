import {closeSync, constants, fstatSync, openSync, readSync, writeSync} from 'node:fs';
import {currentUid} from './folder-trust.js';

/**
 * Reading files whose paths come from untrusted input (a payload's cwd, a repository's .git): a path
 * may name a FIFO (opening it blocks), a device (/dev/zero never ends) or a huge file. Every such read
 * opens non-blocking, checks after fstat that it holds a regular file, and reads a bounded prefix.
 */

export interface SmallFile {
	bytes: Buffer;
	/** The file is larger than the bytes read. */
	truncated: boolean;
}

export interface SmallFileOptions {
	/** Refuse a symlink as the last path component (O_NOFOLLOW). */
	noFollow?: boolean;
}

/** At most maxBytes from the start of a regular file; null when it is missing, not a regular file, or unreadable. Never blocks, never throws. */
export function readSmallFile(path: string, maxBytes: number, options: SmallFileOptions = {}): SmallFile | null {
	let fd: number;
	try {
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0));
	} catch {
		return null;
	}
	try {
		const stat = fstatSync(fd);
		if (!stat.isFile()) return null;
		const bytes = Buffer.alloc(Math.min(maxBytes, stat.size));
		let got = 0;
		while (got < bytes.length) {
			const n = readSync(fd, bytes, got, bytes.length - got, got);
			if (n <= 0) break;
			got += n;
		}
		return {bytes: bytes.subarray(0, got), truncated: stat.size > got};
	} catch {
		return null;
	} finally {
		closeSync(fd);
	}
}

/** A small text file read whole: null when it is missing, not a regular file, or larger than maxBytes. */
export function readSmallText(path: string, maxBytes: number, options: SmallFileOptions = {}): string | null {
	const file = readSmallFile(path, maxBytes, options);
	return file && !file.truncated ? file.bytes.toString('utf8') : null;
}

const appendFlags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Appends text to a file (created 0600) only if it is the user's own regular file: never through a
 * symlink (a planted eyelet.log → ~/.bashrc), never into a FIFO. Throws when it cannot.
 */
export function appendOwnFile(path: string, text: string): void {
	const fd = openSync(path, appendFlags, 0o600);
	try {
		const stat = fstatSync(fd);
		const uid = currentUid();
		if (!stat.isFile() || (uid !== null && stat.uid !== uid)) throw new Error(`${path} is not your own regular file`);
		writeSync(fd, text);
	} finally {
		closeSync(fd);
	}
}
