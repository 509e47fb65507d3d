import {appendFileSync, mkdirSync, renameSync, statSync} from 'node:fs';
import {dirname} from 'node:path';
import {logPath} from '../settings/paths.js';

const maxLogBytes = 1024 * 1024;

/** Appends a diagnostic line to the small log beside the database; keeps one rotated copy. Never throws. */
export function appendLog(dbPath: string, message: string, verbose = false): void {
	const line = `${new Date().toISOString()} [${process.pid}] ${message.replace(/\s+/g, ' ')}\n`;
	if (verbose) process.stderr.write(`eyelet: ${message}\n`);
	const path = logPath(dbPath);
	try {
		if (statSync(path).size > maxLogBytes) renameSync(path, `${path}.1`);
	} catch {
		// no log yet
	}
	try {
		mkdirSync(dirname(path), {recursive: true, mode: 0o700});
		appendFileSync(path, line, {mode: 0o600});
	} catch {
		try {
			// The first run logs (a bad config, say) before the database has created its folder.
			mkdirSync(dirname(path), {recursive: true, mode: 0o700});
			appendFileSync(path, line, {mode: 0o600});
		} catch {
			// the log is best effort: the event itself is already stored or spooled
		}
	}
}
