import {statSync} from 'node:fs';
import {dirname, isAbsolute, join, resolve} from 'node:path';
import {readSmallFile, readSmallText} from '../settings/safe-files.js';

export interface GitInfo {
	/** null on a detached HEAD. */
	branch: string | null;
	commit: string | null;
}

/**
 * The project folder comes from the payload and its .git from whoever made the repository: a .git
 * that is a FIFO, a HEAD naming /dev/zero or a 2 GB ref file must cost nothing. Every file is read
 * through readSmallFile (non-blocking, regular files only, bounded); files inside the git dir are
 * never followed through a symlink, and a ref outside refs/ or with `..` in it is not read at all.
 */
const smallFileBytes = 4096;
/** packed-refs lists every tag: large in old repositories, read up to this much. */
const packedRefsBytes = 1 << 20;

const sha = /^[0-9a-f]{40,64}$/;

/** Git's own refname rules, as far as they matter here: under refs/, no `..`, no component starting with a dot, no control or special characters. */
export function isSafeRef(ref: string): boolean {
	if (!ref.startsWith('refs/') || ref.length > 1024) return false;
	// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what a refname must not hold
	return ref.split('/').every(part => part !== '' && !part.startsWith('.') && !part.includes('..') && !/[\u0000-\u0020\u007f~^:?*[\\]/.test(part));
}

function statOf(path: string) {
	try {
		return statSync(path, {throwIfNoEntry: false});
	} catch {
		return undefined; // ENOTDIR, EACCES, ELOOP: no usable .git here
	}
}

/** The repository's git dir for a working tree: `.git` itself, or where a `.git` file points (worktrees, submodules). */
function findGitDir(start: string): string | null {
	let dir = resolve(start);
	for (let depth = 0; depth < 64; depth++) {
		const candidate = join(dir, '.git');
		const stat = statOf(candidate);
		if (stat?.isDirectory()) return candidate;
		if (stat?.isFile()) {
			const pointer = /^gitdir:\s*(.+)$/m.exec(readSmallText(candidate, smallFileBytes) ?? '')?.[1]?.trim();
			if (pointer) return isAbsolute(pointer) ? pointer : resolve(dir, pointer);
		}
		// A .git that is neither (a FIFO, a device) is not opened: keep walking up, as git does.
		const parent = dirname(dir);
		if (parent === dir) return null;
		dir = parent;
	}
	return null;
}

const gitFile = (path: string) => readSmallText(path, smallFileBytes, {noFollow: true})?.trim() ?? null;

function resolveRef(gitDir: string, commonDir: string, ref: string): string | null {
	for (const dir of [gitDir, commonDir]) {
		const loose = gitFile(join(dir, ref));
		if (loose && sha.test(loose)) return loose;
	}
	const packed = readSmallFile(join(commonDir, 'packed-refs'), packedRefsBytes, {noFollow: true});
	const lines = packed?.bytes.toString('utf8').split('\n') ?? [];
	if (packed?.truncated) lines.pop(); // the last line was cut
	for (const line of lines) {
		const [hash, name] = line.split(' ');
		if (name === ref && hash && sha.test(hash)) return hash;
	}
	return null;
}

/** Branch and commit of the repository containing dir, read from .git files without spawning git. */
export function gitInfo(dir: string): GitInfo | null {
	const gitDir = findGitDir(dir);
	if (!gitDir) return null;
	const head = gitFile(join(gitDir, 'HEAD'));
	if (!head) return null;
	const common = gitFile(join(gitDir, 'commondir'));
	const commonDir = common ? resolve(gitDir, common) : gitDir;
	const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
	if (!ref) return {branch: null, commit: sha.test(head) ? head : null};
	if (!isSafeRef(ref)) return {branch: null, commit: null};
	return {branch: ref.replace(/^refs\/heads\//, ''), commit: resolveRef(gitDir, commonDir, ref)};
}
