import {lstatSync, mkdirSync, renameSync} from 'node:fs';
import {dirname} from 'node:path';
import {folderProblem} from './folder-trust.js';
import {logPath} from './paths.js';
import {appendOwnFile} from './safe-files.js';

const maxLogBytes = 1024 * 1024;
/**
 * Appends a diagnostic line to the small log beside the database; keeps one rotated copy. Never throws.
 * The line is written only into a folder that is the user's and private (the database's own rule),
 * so a log in a folder others can write goes to stderr (with verbose) and nowhere else. Returns
 * whether the line reached the file.
 */
export function appendLog(dbPath: string, message: string, verbose = false): boolean {
	const line = `${new Date().toISOString()} [${process.pid}] ${message.replace(/\s+/g, ' ')}\n`;
	if (verbose) process.stderr.write(`eyelet: ${message}\n`);
	const path = logPath(dbPath);
	try {
		const stat = lstatSync(path, {throwIfNoEntry: false});
		if (stat?.isFile() && stat.size > maxLogBytes) renameSync(path, `${path}.1`);
	} catch {
		// rotation is best effort
	}
	try {
		// The first run logs (a bad config, say) before the database has created its folder.
		if (folderProblem(dirname(path), {allowSymlink: true}) === 'missing') mkdirSync(dirname(path), {recursive: true, mode: 0o700});
		if (folderProblem(dirname(path), {allowSymlink: true}) !== null) return false;
		appendOwnFile(path, line);
		return true;
	} catch {
		// the log is best effort: the event itself is already stored or spooled
		return false;
	}
}
