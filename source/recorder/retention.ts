import type {Config} from '../settings/config.js';
import {durationMs, sizeBytes} from '../settings/units.js';
import type {WriteDb} from '../store/db.js';
import {readMetas, writeMeta} from '../store/meta.js';
import {type PruneProgress, pruneOlderThan, pruneToSize} from '../store/retention.js';

/** A retention pass starts at most this often; once started, each recorder run moves it on a little. */
export const retentionIntervalMs = 3_600_000;
/** Per recorder run: a few short batches, and no more time than a hook can spare. */
const perRun = {batchSize: 50, maxEvents: 200, maxMs: 30};
/** Two recorders that find a pass due at once: the first claims it for this long. */
const leaseMs = 10_000;

const keys = {lastRun: 'retention.last_run', pending: 'retention.pending', lease: 'retention.lease'};

interface RetentionState {
	lastRun: number;
	pending: boolean;
	lease: number;
}

function readState(db: WriteDb): RetentionState {
	const values = readMetas(db, [keys.lastRun, keys.pending, keys.lease]);
	return {lastRun: Number(values.get(keys.lastRun) ?? 0), pending: values.get(keys.pending) === '1', lease: Number(values.get(keys.lease) ?? 0)};
}

const due = (state: RetentionState, now: number) => (state.pending || now - state.lastRun >= retentionIntervalMs) && state.lease <= now;

/**
 * Takes the pass for this run unless it is not due or another recorder holds a live lease. The first
 * look is a plain read, so the usual case (not due) costs one indexed lookup and no write lock.
 */
function claim(db: WriteDb, now: number): boolean {
	if (!due(readState(db), now)) return false;
	return db.transaction(() => {
		if (!due(readState(db), now)) return false;
		writeMeta(db, keys.lease, String(now + leaseMs));
		return true;
	});
}

/**
 * Automatic retention from config, run by the recorder after its event is stored: at most one pass
 * an hour, carried out a few batches per recorder run (whoever records next continues it) so no hook
 * waits on a large delete. Returns what this run deleted, or null when nothing was due.
 */
export function applyRetention(db: WriteDb, policy: Config['retention'], deadline: number, now = Date.now()): PruneProgress | null {
	const olderThan = policy.olderThan ? durationMs(policy.olderThan) : null;
	const keepSize = policy.keepSize ? sizeBytes(policy.keepSize) : null;
	if (olderThan === null && keepSize === null) return null;
	if (now >= deadline || !claim(db, now)) return null;
	const options = {batchSize: perRun.batchSize, maxEvents: perRun.maxEvents, deadline: Math.min(deadline, now + perRun.maxMs)};
	const total: PruneProgress = {deleted: 0, sessions: 0, telemetry: 0, done: true};
	const add = (step: PruneProgress) => {
		total.deleted += step.deleted;
		total.sessions += step.sessions;
		total.telemetry += step.telemetry;
		total.done &&= step.done;
		options.maxEvents -= step.deleted + step.telemetry;
	};
	if (olderThan !== null) add(pruneOlderThan(db, now - olderThan, options));
	if (keepSize !== null && total.done) add(pruneToSize(db, keepSize, options));
	db.transaction(() => {
		writeMeta(db, keys.pending, total.done ? '0' : '1');
		if (total.done) writeMeta(db, keys.lastRun, String(now));
		writeMeta(db, keys.lease, '0');
	});
	return total;
}
