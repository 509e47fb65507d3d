import {mkdirSync, mkdtempSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {basename, dirname, join} from 'node:path';
import {currentUid, folderProblem} from '../settings/folder-trust.js';
import {spoolDir, stateDir} from '../settings/paths.js';
import {appendOwnFile, readSmallText} from '../settings/safe-files.js';

/**
 * Where spooled events may wait. A folder is used only when it is the user's own, private, and not a
 * symlink (settings/folder-trust.ts), else anyone who can write it could read our events, or plant
 * forged ones for a drain to take in as ours:
 *
 * 1. `spool/` beside the database, when the data folder is trusted;
 * 2. `<tmp>/eyelet-<uid>/spool-<hash>`, when the database's folder is unusable (unwritable, full,
 *    someone else's); another user can create that name before us in a shared tmp, so
 * 3. a private folder made with mkdtemp (exclusive creation, 0700), `<tmp>/eyelet-<uid>-spool-<hash>-XXXXXX`,
 *    when 2 is not ours. Its path is recorded in `$XDG_STATE_HOME/eyelet/spool-folders` so that
 *    drains find it; `eyelet drain` and doctor also look for such folders in tmp.
 */

export interface SpoolFolder {
	dir: string;
	/** Folders that must pass folderProblem for `dir` to be used: itself and what holds it. */
	guards: ReadonlyArray<{path: string; allowSymlink: boolean}>;
}

function hash(text: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
	return h.toString(16);
}

const uidName = () => String(currentUid() ?? 'user');
const privatePrefix = (dbPath: string) => `eyelet-${uidName()}-spool-${hash(dbPath)}-`;
export const spoolRegistryPath = (env: NodeJS.ProcessEnv = process.env) => join(stateDir(env), 'spool-folders');

/** Private fallback folders recorded for this database (read in one bounded read; missing is the usual case). */
function registeredFolders(dbPath: string): string[] {
	const prefix = privatePrefix(dbPath);
	const text = readSmallText(spoolRegistryPath(), 64 * 1024, {noFollow: true}) ?? '';
	return [...new Set(text.split('\n').filter(line => line.startsWith('/') && basename(line).startsWith(prefix)))];
}

/** Private fallback folders of this database in tmp, recorded or not (a readdir of tmp: for commands, not for every hook). */
function privateFoldersInTmp(dbPath: string): string[] {
	const prefix = privatePrefix(dbPath);
	try {
		return readdirSync(tmpdir())
			.filter(name => name.startsWith(prefix))
			.map(name => join(tmpdir(), name));
	} catch {
		return [];
	}
}

/**
 * Every spool folder of a database, in drain order, with what each must pass to be trusted.
 * `scanTmp` adds private folders that could not be recorded (for `eyelet drain` and doctor).
 */
export function spoolFolders(dbPath: string, options: {scanTmp?: boolean} = {}): SpoolFolder[] {
	const primary = spoolDir(dbPath);
	const shared = join(tmpdir(), `eyelet-${uidName()}`);
	const sharedSpool = join(shared, `spool-${hash(dbPath)}`);
	const privates = new Set([...registeredFolders(dbPath), ...(options.scanTmp ? privateFoldersInTmp(dbPath) : [])]);
	return [
		{
			dir: primary,
			guards: [
				{path: dirname(primary), allowSymlink: true},
				{path: primary, allowSymlink: false},
			],
		},
		{
			dir: sharedSpool,
			guards: [
				{path: shared, allowSymlink: false},
				{path: sharedSpool, allowSymlink: false},
			],
		},
		...[...privates].map(dir => ({dir, guards: [{path: dir, allowSymlink: false}]})),
	];
}

/** Why a spool folder must not be used, or null when it may; `missing` when it (or what holds it) does not exist yet. */
export function spoolFolderProblem(folder: SpoolFolder): string | 'missing' | null {
	for (const guard of folder.guards) {
		const problem = folderProblem(guard.path, {allowSymlink: guard.allowSymlink});
		if (problem) return problem;
	}
	return null;
}

/** Creates a missing folder 0700 (mkdir does not follow a symlink planted at the name: it fails with EEXIST). */
function makeFolder(path: string, recursive: boolean): void {
	try {
		mkdirSync(path, {recursive, mode: 0o700});
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
}

/** The folder, created if missing, when it is (then) trusted; throws saying why not. */
export function readySpoolFolder(folder: SpoolFolder): string {
	for (const [index, guard] of folder.guards.entries()) {
		let problem = folderProblem(guard.path, {allowSymlink: guard.allowSymlink});
		if (problem === 'missing') {
			makeFolder(guard.path, index === 0);
			problem = folderProblem(guard.path, {allowSymlink: guard.allowSymlink});
		}
		if (problem) throw new Error(problem === 'missing' ? `cannot create ${guard.path}` : problem);
	}
	return folder.dir;
}

/** A new private fallback folder for this database: mkdtemp creates it exclusively, 0700, under a name no one could take first. */
export function createPrivateSpoolFolder(dbPath: string): string {
	return mkdtempSync(join(tmpdir(), privatePrefix(dbPath)));
}

/** Records a private fallback folder where drains look. Best effort: `eyelet drain` and doctor also find it by its name in tmp. */
export function registerPrivateSpoolFolder(dir: string): void {
	try {
		const registry = spoolRegistryPath();
		const holder = dirname(registry);
		if (folderProblem(holder, {allowSymlink: true}) === 'missing') mkdirSync(holder, {recursive: true, mode: 0o700});
		if (folderProblem(holder, {allowSymlink: true}) === null) appendOwnFile(registry, `${dir}\n`);
	} catch {
		// unrecorded: found by its name in tmp
	}
}
