import {readFileSync, statSync} from 'node:fs';
import {dirname, isAbsolute, join, resolve} from 'node:path';

export interface GitInfo {
	/** null on a detached HEAD. */
	branch: string | null;
	commit: string | null;
}

function read(path: string): string | null {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return null;
	}
}

/** The repository's git dir for a working tree: `.git` itself, or where a `.git` file points (worktrees, submodules). */
function findGitDir(start: string): string | null {
	let dir = resolve(start);
	for (let depth = 0; depth < 64; depth++) {
		const candidate = join(dir, '.git');
		try {
			if (statSync(candidate).isDirectory()) return candidate;
			const pointer = /^gitdir:\s*(.+)$/m.exec(read(candidate) ?? '')?.[1]?.trim();
			if (pointer) return isAbsolute(pointer) ? pointer : resolve(dir, pointer);
		} catch {
			// no .git here: keep walking up
		}
		const parent = dirname(dir);
		if (parent === dir) return null;
		dir = parent;
	}
	return null;
}

function resolveRef(gitDir: string, commonDir: string, ref: string): string | null {
	for (const dir of [gitDir, commonDir]) {
		const loose = read(join(dir, ref))?.trim();
		if (loose && /^[0-9a-f]{40,64}$/.test(loose)) return loose;
	}
	for (const line of (read(join(commonDir, 'packed-refs')) ?? '').split('\n')) {
		const [sha, name] = line.split(' ');
		if (name === ref && sha && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
	}
	return null;
}

/** Branch and commit of the repository containing dir, read from .git files without spawning git. */
export function gitInfo(dir: string): GitInfo | null {
	const gitDir = findGitDir(dir);
	if (!gitDir) return null;
	const head = read(join(gitDir, 'HEAD'))?.trim();
	if (!head) return null;
	const common = read(join(gitDir, 'commondir'))?.trim();
	const commonDir = common ? resolve(gitDir, common) : gitDir;
	const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
	if (!ref) return {branch: null, commit: /^[0-9a-f]{40,64}$/.test(head) ? head : null};
	return {branch: ref.replace(/^refs\/heads\//, ''), commit: resolveRef(gitDir, commonDir, ref)};
}
