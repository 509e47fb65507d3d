import {chmodSync, readdirSync, renameSync} from 'node:fs';
import {basename, dirname} from 'node:path';
import {spoolFolders} from '../spool/spool-folders.js';
import {fileProblem, folderProblem} from '../settings/folder-trust.js';
import {logPath} from '../settings/paths.js';
import {check, type Check} from './doctor-check.js';
import {displayPath} from './settings-edit.js';

/**
 * The folders and files events go through must be the user's own: doctor says which are not (someone
 * else's, writable by others, a symlink) and --fix repairs what is safe. A folder of the user's that
 * others can write is made 0700; a symlink or someone else's file in it is moved aside (renamed, never
 * followed, so nothing outside changes) to `<name>.untrusted-<time>`; someone else's folder is left
 * alone, with a line saying what to do.
 */

const stamp = () =>
	new Date()
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d+Z$/, 'Z');

const isOwnLooseFolder = (problem: string) => problem.includes('is writable by others');

/** Files beside the database that eyelet writes: each must be the user's regular file, never a symlink. */
function dataFiles(dbPath: string): string[] {
	const log = logPath(dbPath);
	return [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, log, `${log}.1`];
}

function waitingFiles(dir: string): number {
	try {
		return readdirSync(dir).filter(name => name.endsWith('.event')).length;
	} catch {
		return 0;
	}
}

export function foldersCheck(dbPath: string): Check {
	const dataFolder = dirname(dbPath);
	const folder = folderProblem(dataFolder, {allowSymlink: true});
	if (folder === 'missing') return check('folders', 'ok', 'no data folder yet: the first recorded event creates it 0700');
	const problems: string[] = [];
	const repairs: Array<() => string> = [];
	let onlyFallbacks = true;
	if (folder && !isOwnLooseFolder(folder)) {
		onlyFallbacks = false;
		problems.push(`${folder}: eyelet records nothing into it and spools every event; move it aside or record elsewhere with --db`);
	} else {
		if (folder) {
			onlyFallbacks = false;
			problems.push(`${folder}: anyone could plant a database or a symlink in it`);
			repairs.push(() => {
				chmodSync(dataFolder, 0o700);
				return `chmod 0700 ${dataFolder}`;
			});
		}
		const spool = spoolFolders(dbPath)[0]!.dir;
		const untrusted = dataFiles(dbPath)
			.map(path => ({path, problem: fileProblem(path)}))
			.concat([{path: spool, problem: folderProblem(spool)}])
			.filter((entry): entry is {path: string; problem: string} => entry.problem !== null && entry.problem !== 'missing');
		for (const {path, problem} of untrusted) {
			onlyFallbacks = false;
			problems.push(problem);
			repairs.push(() => {
				const aside = `${path}.untrusted-${stamp()}`;
				renameSync(path, aside);
				return `moved ${basename(path)} aside to ${basename(aside)}`;
			});
		}
	}
	for (const fallback of spoolFolders(dbPath, {scanTmp: true}).slice(1)) {
		const failed = fallback.guards
			.map(guard => ({path: guard.path, problem: folderProblem(guard.path, {allowSymlink: guard.allowSymlink})}))
			.find((entry): entry is {path: string; problem: string} => entry.problem !== null && entry.problem !== 'missing');
		if (!failed) continue;
		// folderProblem names a loose mode only for a folder that is the user's own and not a symlink.
		const own = isOwnLooseFolder(failed.problem);
		const left = waitingFiles(fallback.dir);
		const effect = own ? 'a spool fallback others can write' : 'eyelet does not use it as a spool fallback, it spools into a private folder instead';
		problems.push(`${failed.problem}: ${effect}${left ? `; ${left} file(s) there are not drained` : ''}`);
		if (own)
			repairs.push(() => {
				chmodSync(failed.path, 0o700);
				return `chmod 0700 ${failed.path}`;
			});
	}
	if (problems.length === 0) return check('folders', 'ok', `${displayPath(dataFolder)} and the spool folders are yours and private`);
	const fix = repairs.length ? {apply: () => repairs.map(repair => repair()).join('; ')} : undefined;
	// A fallback someone else took costs nothing (a private one is used): a warning. Anything beside the database fails.
	return check('folders', onlyFallbacks ? 'warn' : 'fail', `${problems.join('; ')}${fix ? ' (--fix repairs what it safely can)' : ''}`, fix);
}
