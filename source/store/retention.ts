import type {ReadDb, WriteDb} from './db.js';
import {recomputeSessions} from './session-summary.js';
import {truncateWal} from './wal.js';
import {deleteTelemetryBatch, oldestEventTs, sweepTelemetry, telemetryCount} from './telemetry-retention.js';

/**
 * Deleting events, in bounded batches: each batch is one short BEGIN IMMEDIATE transaction, so a
 * recorder waiting for the write lock waits one batch at most. A batch deletes the events, their
 * search text, and brings the sessions summary rows of the sessions it touched back in line.
 */

export interface PruneProgress {
	deleted: number;
	/** Sessions whose summary row was recomputed or, when no event was left, removed. */
	sessions: number;
	/** Claude Code telemetry records deleted with them (store/telemetry-retention.ts). */
	telemetry: number;
	/** True when nothing is left to delete under the rule. */
	done: boolean;
}

export interface BatchOptions {
	/** Events per transaction. */
	batchSize: number;
	/** Stop after this many events (the recorder's per-run cap). */
	maxEvents?: number;
	/** Stop starting new batches at this time (Unix ms). */
	deadline?: number;
	/** How deletes wipe what they delete (PRAGMA secure_delete); ON unless a benchmark compares. */
	secureDelete?: 'OFF' | 'FAST' | 'ON';
	onBatch?: (progress: PruneProgress) => void;
}

/** Deletes these events, their search text, and fixes their sessions' summaries. Call inside a transaction. */
function deleteEvents(db: WriteDb, rows: ReadonlyArray<{id: number; session_id: string | null}>): number {
	for (const {id} of rows) {
		db.run('DELETE FROM events WHERE id = ?', [id]);
		// contentless_delete = 1 lets a contentless FTS5 table drop a row by rowid alone.
		db.run('DELETE FROM events_text WHERE rowid = ?', [id]);
	}
	return recomputeSessions(db, new Set(rows.flatMap(row => (row.session_id === null ? [] : [row.session_id]))));
}

/**
 * Runs `fn` with secure_delete ON (by default) for this connection, then puts back what it was. Deleted
 * events then leave no text in the file, freed pages included: without it, 525 of 10,000 pruned prompts
 * stayed readable until a vacuum (bench/redact.bench.mjs).
 */
function wipingDeletes<T>(db: WriteDb, mode: 'OFF' | 'FAST' | 'ON', fn: () => T): T {
	const before = db.value<number>('PRAGMA secure_delete') ?? 0;
	db.pragma(`secure_delete = ${mode}`);
	try {
		return fn();
	} finally {
		db.pragma(`secure_delete = ${['OFF', 'ON', 'FAST'][before] ?? 'OFF'}`);
	}
}

/** Repeats `pick` + delete in batches until it returns nothing or a limit is reached. */
function pruneBatches(db: WriteDb, pick: (limit: number) => Array<{id: number; session_id: string | null}>, options: BatchOptions): PruneProgress {
	return wipingDeletes(db, options.secureDelete ?? 'ON', () => deleteInBatches(db, pick, options));
}

function deleteInBatches(db: WriteDb, pick: (limit: number) => Array<{id: number; session_id: string | null}>, options: BatchOptions): PruneProgress {
	const progress: PruneProgress = {deleted: 0, sessions: 0, telemetry: 0, done: false};
	for (;;) {
		const room = Math.min(options.batchSize, (options.maxEvents ?? Number.POSITIVE_INFINITY) - progress.deleted);
		if (room <= 0 || (options.deadline !== undefined && Date.now() >= options.deadline)) return progress;
		const batch = db.transaction(() => {
			const rows = pick(room);
			return {rows: rows.length, sessions: rows.length ? deleteEvents(db, rows) : 0};
		});
		progress.deleted += batch.rows;
		progress.sessions += batch.sessions;
		if (batch.rows < room) progress.done = true;
		options.onBatch?.(progress);
		if (progress.done) return progress;
	}
}

/**
 * Deletes telemetry received before `cutoff` (or, with `cutoff` null, the `maxRows` oldest records),
 * in the same bounded batches, into `progress`; sweeps what has no record id when the pass is done.
 */
function pruneTelemetry(db: WriteDb, cutoff: number | null, options: BatchOptions, progress: PruneProgress, maxRows = Number.POSITIVE_INFINITY): boolean {
	let taken = 0;
	const done = wipingDeletes(db, options.secureDelete ?? 'ON', () => {
		for (;;) {
			const room = Math.min(options.batchSize, maxRows - taken, (options.maxEvents ?? Number.POSITIVE_INFINITY) - progress.deleted - progress.telemetry);
			if (room <= 0 || (options.deadline !== undefined && Date.now() >= options.deadline)) return room <= 0 && taken >= maxRows;
			const batch = db.transaction(() => deleteTelemetryBatch(db, cutoff, room));
			taken += batch.rows;
			progress.telemetry += batch.rows;
			options.onBatch?.(progress);
			if (batch.done) return true;
		}
	});
	if (done && taken > 0) sweepTelemetry(db, cutoff ?? db.value<number | null>('SELECT min(received_ts) FROM telemetry') ?? Number.MAX_SAFE_INTEGER);
	return done;
}

/** Deletes events recorded before `cutoff` (Unix ms), oldest first, then telemetry received before it. */
export function pruneOlderThan(db: WriteDb, cutoff: number, options: BatchOptions): PruneProgress {
	const progress = pruneBatches(db, limit => db.all('SELECT id, session_id FROM events WHERE ts < ? ORDER BY ts, id LIMIT ?', [cutoff, limit]), options);
	if (progress.done) progress.done = pruneTelemetry(db, cutoff, options, progress);
	return progress;
}

export const countOlderThan = (db: ReadDb, cutoff: number): number => db.value<number>('SELECT count(*) FROM events WHERE ts < ?', [cutoff]) ?? 0;

/** Bytes the database's pages hold, free pages excluded: what deleting events brings down. */
export function usedBytes(db: ReadDb): number {
	const pageSize = db.value<number>('PRAGMA page_size') ?? 4096;
	const pages = db.value<number>('PRAGMA page_count') ?? 0;
	const free = db.value<number>('PRAGMA freelist_count') ?? 0;
	return (pages - free) * pageSize;
}

export const eventCount = (db: ReadDb): number => db.value<number>('SELECT count(*) FROM events') ?? 0;

/** How many of the oldest events to delete to bring `used` down to `target`, at the average bytes per event. */
export function eventsOverSize(used: number, target: number, events: number): number {
	if (used <= target || events === 0) return 0;
	return Math.min(events, Math.ceil((used - target) / (used / events)));
}

/**
 * Deletes the oldest events until the pages in use fit in `maxBytes`, and the telemetry received before
 * the oldest event left (all of it when no event is left; the oldest records when there are no events).
 * Freed space is measured after each round, since index pages and the search index shrink less than
 * the events themselves.
 */
export function pruneToSize(db: WriteDb, maxBytes: number, options: BatchOptions): PruneProgress {
	const total: PruneProgress = {deleted: 0, sessions: 0, telemetry: 0, done: false};
	const budget = () => (options.maxEvents ?? Number.POSITIVE_INFINITY) - total.deleted - total.telemetry;
	for (let round = 0; round < 50; round++) {
		const used = usedBytes(db);
		const events = eventCount(db);
		if (events === 0) {
			const excess = eventsOverSize(used, maxBytes, telemetryCount(db));
			if (excess === 0) return {...total, done: true};
			const before = total.telemetry;
			const finished = pruneTelemetry(db, null, options, total, excess);
			if (total.telemetry === before || !finished || budget() <= 0) return {...total, done: false};
			continue;
		}
		const excess = eventsOverSize(used, maxBytes, events);
		if (excess === 0) return {...total, done: true};
		const step = pruneBatches(db, limit => db.all('SELECT id, session_id FROM events ORDER BY ts, id LIMIT ?', [limit]), {
			...options,
			maxEvents: Math.min(budget(), excess),
			onBatch: progress =>
				options.onBatch?.({...progress, deleted: total.deleted + progress.deleted, sessions: total.sessions + progress.sessions, telemetry: total.telemetry}),
		});
		total.deleted += step.deleted;
		total.sessions += step.sessions;
		const caughtUp = pruneTelemetry(db, oldestEventTs(db) ?? Number.MAX_SAFE_INTEGER, options, total);
		if (step.deleted === 0 || budget() <= 0) return {...total, done: step.done && caughtUp};
		if (options.deadline !== undefined && Date.now() >= options.deadline) return total;
	}
	return total;
}

/**
 * Merges the search index (dropping what deleted rows left behind), rebuilds the file without its
 * free pages, and empties the WAL. Holds the write lock throughout: recorders wait, then spool.
 */
export function vacuumDatabase(db: WriteDb): void {
	db.exec("INSERT INTO events_text (events_text) VALUES ('optimize')");
	db.exec('VACUUM');
	truncateWal(db);
}
