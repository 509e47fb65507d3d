import {
	closeSync,
	constants,
	copyFileSync,
	fsyncSync,
	fchmodSync,
	lstatSync,
	mkdirSync,
	openSync,
	readlinkSync,
	realpathSync,
	renameSync,
	statSync,
	unlinkSync,
	writeSync,
} from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';

/** How eyelet writes a settings file: 2-space JSON and a newline at the end, readable in a diff. */
export function formatSettings(settings: Record<string, unknown>): string {
	return `${JSON.stringify(settings, null, 2)}\n`;
}

function stamp(now: Date): string {
	return now
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d+Z$/, 'Z');
}

/** The file a write must replace: a symlinked settings file (dotfiles) is written through, not replaced by a copy. */
function writeTarget(path: string): string {
	let link: boolean;
	try {
		link = lstatSync(path).isSymbolicLink();
	} catch {
		return path;
	}
	if (!link) return path;
	try {
		return realpathSync(path);
	} catch {
		// a dangling link: create the file it points to
		return resolve(dirname(path), readlinkSync(path));
	}
}

/** Copies the current file beside it as `<name>.eyelet-backup-<UTC time>`; the copy keeps its mode. */
function backUp(path: string, target: string, now: Date): string {
	for (let n = 0; ; n++) {
		const backup = `${path}.eyelet-backup-${stamp(now)}${n ? `-${n}` : ''}`;
		try {
			copyFileSync(target, backup, constants.COPYFILE_EXCL);
			return backup;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
	}
}

export interface WriteResult {
	/** The backup of the previous content, or null when there was no file. */
	backup: string | null;
}

/**
 * Replaces a settings file safely: backs up the old one, writes a temporary file in the same
 * directory, flushes it, gives it the old file's mode, then renames it over the old one. A crash at
 * any point leaves either the old file or the new one, never half of either.
 */
export function writeSettingsFile(path: string, text: string, now = new Date()): WriteResult {
	const target = writeTarget(path);
	mkdirSync(dirname(target), {recursive: true});
	let mode: number | null = null;
	try {
		mode = statSync(target).mode & 0o7777;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	const backup = mode === null ? null : backUp(path, target, now);
	const temporary = join(dirname(target), `.${basename(target)}.eyelet-${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`);
	const fd = openSync(temporary, 'wx', mode ?? 0o666);
	try {
		try {
			writeSync(fd, text);
			if (mode !== null) fchmodSync(fd, mode);
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		renameSync(temporary, target);
	} catch (error) {
		try {
			unlinkSync(temporary);
		} catch {
			// already renamed or never created
		}
		throw error;
	}
	return {backup};
}
