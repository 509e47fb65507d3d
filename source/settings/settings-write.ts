import {
	closeSync,
	constants,
	copyFileSync,
	existsSync,
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

/**
 * How a settings file that is a symlink is written: `own` writes through it when what it leads to is
 * the user's (a ~/.claude/settings.json kept in a dotfiles repository); `refuse` never does (a
 * project's .claude/ comes with the repository, and so do its symlinks).
 */
export type SymlinkPolicy = 'own' | 'refuse';

/** A settings file eyelet will not write, with the reason in one line. */
export class SettingsWriteRefused extends Error {}

const uid = () => (typeof process.getuid === 'function' ? process.getuid() : null);
const isOwn = (path: string) => uid() === null || statSync(path).uid === uid();

/** The file a write must replace: a symlinked settings file (dotfiles) is written through, not replaced by a copy, when the policy allows. */
export function writeTarget(path: string, policy: SymlinkPolicy): string {
	if (policy === 'refuse' && lstatSync(dirname(path), {throwIfNoEntry: false})?.isSymbolicLink())
		throw new SettingsWriteRefused(
			`${dirname(path)} is a symlink, which may have come with the repository: eyelet does not write through it; remove the link first`,
		);
	let link: boolean;
	try {
		link = lstatSync(path).isSymbolicLink();
	} catch {
		return path;
	}
	if (!link) return path;
	const pointsTo = resolve(dirname(path), readlinkSync(path));
	if (policy === 'refuse')
		throw new SettingsWriteRefused(
			`${path} is a symlink (to ${pointsTo}), which may have come with the repository: eyelet does not write through it; remove the link first`,
		);
	let target: string;
	try {
		target = realpathSync(path);
	} catch {
		// a dangling link: create the file it points to, in a folder of the user's
		target = pointsTo;
		if (!existsSync(dirname(target)) || !isOwn(dirname(target)))
			throw new SettingsWriteRefused(`${path} is a symlink to ${target}, in a folder that is not yours or does not exist: eyelet does not write through it`);
		return target;
	}
	if (!isOwn(target)) throw new SettingsWriteRefused(`${path} is a symlink to ${target}, which is not yours: eyelet does not write through it`);
	return target;
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
export function writeSettingsFile(path: string, text: string, now = new Date(), symlinks: SymlinkPolicy = 'own'): WriteResult {
	const target = writeTarget(path, symlinks);
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
