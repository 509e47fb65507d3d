import {dirname} from 'node:path';
import type {EventRecord} from '../events/types.js';
import {appendLog} from '../settings/log.js';
import {backoffDelay, sleepSync} from '../store/retry.js';
import {spoolRecord} from './spool.js';
import {releaseSpoolReserve} from './spool-reserve.js';

/**
 * What becomes of events the database did not take: the one path for `eyelet record` and for any
 * long-lived writer with a batch in hand. On a full disk the failed insert has usually grown the WAL
 * into the free space; closing the connection first gives it back (SQLite checkpoints and removes the
 * WAL when the last connection closes), and other writers closing theirs free more, so a spool write
 * that fails is retried with backoff for a while. An event that still cannot be kept is named in the
 * log file and on stderr: nothing is ever dropped in silence. A disk that stays full is bridged by the
 * room kept for the spool (spool-reserve.ts).
 */

export interface UnstoredOptions {
	/** Closes the caller's database connection (called once, before the first spool write). */
	close?: () => void;
	/** The caller's log (spooled paths go there); appendLog beside the database when absent. */
	log?: (message: string) => void;
	/** How long spool writes may be retried, all records together. */
	retryMs?: number;
	now?: () => number;
}

export interface UnstoredResult {
	/** The spool files written, in the order of the records. */
	spooled: string[];
	/** Records that could not be kept anywhere (each logged as LOST EVENT). */
	lost: number;
}

/** Default retry window: long enough for other recorders to close their connections, short beside a hook's timeout. */
const defaultRetryMs = 1000;

const isDiskFull = (error: unknown) => ['ENOSPC', 'EDQUOT'].includes((error as NodeJS.ErrnoException)?.code ?? '');

function describe(record: EventRecord): string {
	return `${new Date(record.ts).toISOString()}${record.summary ? ` "${record.summary.slice(0, 80)}"` : ''}`;
}

/** Closes the database, then spools each record, retrying a failed write; logs each record it could not keep. */
export function spoolUnstored(dbPath: string, records: readonly EventRecord[], options: UnstoredOptions = {}): UnstoredResult {
	try {
		options.close?.();
	} catch {
		// closing can only fail on a busy checkpoint: the connection is gone all the same
	}
	const now = options.now ?? Date.now;
	const log = options.log ?? ((message: string) => appendLog(dbPath, message));
	const deadline = now() + (options.retryMs ?? defaultRetryMs);
	const result: UnstoredResult = {spooled: [], lost: 0};
	for (const record of records) {
		for (let attempt = 0; ; attempt++) {
			try {
				result.spooled.push(spoolRecord(dbPath, record));
				break;
			} catch (error) {
				// The disk is full: give the spool a chunk of the room kept for it, and try again at once.
				if (isDiskFull(error) && releaseSpoolReserve(dbPath)) continue;
				const remaining = deadline - now();
				if (remaining > 0) {
					sleepSync(Math.min(remaining, backoffDelay(attempt, 10, 200, Math.random)));
					continue;
				}
				result.lost++;
				// Nowhere to keep it: say so in the log and on stderr, the only channels left (a last chunk of reserve makes room for the line).
				if (isDiskFull(error)) releaseSpoolReserve(dbPath, {forLog: true});
				appendLog(dbPath, `LOST EVENT ${describe(record)}: cannot spool (${(error as Error).message})`, true);
				break;
			}
		}
	}
	// One line for a batch: a long-lived writer may hand over hundreds of records at once.
	if (result.spooled.length === 1) log(`spooled to ${result.spooled[0]}`);
	else if (result.spooled.length > 1) log(`spooled ${result.spooled.length} events, to ${dirname(result.spooled[0]!)} and beside it`);
	return result;
}
