import {lstatSync, type Stats, statSync} from 'node:fs';

/**
 * Whether a folder or file is safe for eyelet to write events into. Events hold prompts, code and
 * command output, and a folder someone else can write is one where they can plant a database that
 * receives them, or a symlink that sends a write elsewhere (the log appended to ~/.bashrc). A folder is
 * usable when it is the user's, a directory, and writable by nobody else; a file eyelet writes is
 * the user's own regular file, never a symlink.
 */

export const currentUid = (): number | null => (typeof process.getuid === 'function' ? process.getuid() : null);

/** A path eyelet refuses to write through; the message says what is wrong with it, in a few words. */
export class UntrustedPathError extends Error {
	readonly code = 'EYELET_UNTRUSTED_PATH';
}

const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');

function lstatOf(path: string): Stats | null {
	try {
		return lstatSync(path);
	} catch {
		return null;
	}
}

/**
 * Why a folder cannot hold eyelet's files, or null when it can. `missing` when it does not exist (the
 * caller may create it). A symlink is followed only with `allowSymlink` (a data folder moved to
 * another disk), and then the folder it leads to must pass the same checks; a shared folder (tmp)
 * never allows one.
 */
export function folderProblem(path: string, options: {allowSymlink?: boolean} = {}): string | 'missing' | null {
	let stat = lstatOf(path);
	if (!stat) return 'missing';
	if (stat.isSymbolicLink()) {
		if (!options.allowSymlink) return `${path} is a symlink`;
		try {
			stat = statSync(path);
		} catch {
			return `${path} is a symlink to nothing`;
		}
	}
	if (!stat.isDirectory()) return `${path} is not a folder`;
	const uid = currentUid();
	if (uid !== null && stat.uid !== uid) return `${path} belongs to uid ${stat.uid}, not to you`;
	if (stat.mode & 0o022) return `${path} is writable by others (${octal(stat.mode)})`;
	return null;
}

/**
 * Why an existing file cannot be written by eyelet, or null when it can; `missing` when nothing is
 * there. It must be the user's own regular file, and not a symlink, dangling or not.
 */
export function fileProblem(path: string): string | 'missing' | null {
	const stat = lstatOf(path);
	if (!stat) return 'missing';
	if (stat.isSymbolicLink()) return `${path} is a symlink: eyelet does not write through it`;
	if (!stat.isFile()) return `${path} is not a regular file`;
	const uid = currentUid();
	if (uid !== null && stat.uid !== uid) return `${path} belongs to uid ${stat.uid}, not to you`;
	return null;
}
