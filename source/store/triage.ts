import {withRetry} from './retry.js';
import {openWriter, type ReadDb, type WriteDb} from './db.js';
import {migrate, tableExists} from './migrate.js';

/** A group's triage state. open is also the state of a signature nobody has triaged yet. */
export type TriageState = 'open' | 'acknowledged' | 'muted' | 'resolved';
export type TriageAction = 'ack' | 'mute' | 'resolve' | 'reopen';

export const triageActions: readonly TriageAction[] = ['ack', 'mute', 'resolve', 'reopen'];
export const stateAfter: Readonly<Record<TriageAction, TriageState>> = {ack: 'acknowledged', mute: 'muted', resolve: 'resolved', reopen: 'open'};

/** The stored decision for one signature. */
export interface TriageRecord {
	signature: string;
	state: TriageState;
	/** When the decision was taken, Unix ms. */
	changedTs: number;
	/** The newest occurrence (event id) the decision covered: occurrences above it are new. */
	seenId: number;
}

/** One change, as written to the undo log (or undone). before/after null: no triage row. */
export interface TriageChange {
	signature: string;
	action: TriageAction | 'undo';
	before: TriageRecord | null;
	after: TriageRecord | null;
}

/** Undo keeps this many changes; older ones are dropped as new ones come. */
const undoDepth = 500;

interface TriageColumns {
	signature: string;
	state: TriageState;
	changed_ts: number;
	seen_id: number;
}

const record = (row: TriageColumns | undefined): TriageRecord | null =>
	row ? {signature: row.signature, state: row.state, changedTs: row.changed_ts, seenId: row.seen_id} : null;

/** False on a database still at schema 1 (nothing triaged yet, and a reader cannot migrate). */
export const hasTriage = (db: ReadDb): boolean => tableExists(db, 'triage');

export function triageRecord(db: ReadDb, signature: string): TriageRecord | null {
	if (!hasTriage(db)) return null;
	return record(db.get<TriageColumns>('SELECT signature, state, changed_ts, seen_id FROM triage WHERE signature = ?', [signature]));
}

/** Every stored decision, by signature. */
export function triageRecords(db: ReadDb): Map<string, TriageRecord> {
	const records = new Map<string, TriageRecord>();
	if (!hasTriage(db)) return records;
	for (const row of db.all<TriageColumns>('SELECT signature, state, changed_ts, seen_id FROM triage')) records.set(row.signature, record(row)!);
	return records;
}

function store(db: WriteDb, signature: string, next: TriageRecord | null): void {
	if (next) {
		db.run(
			`INSERT INTO triage (signature, state, changed_ts, seen_id) VALUES (?, ?, ?, ?)
			 ON CONFLICT (signature) DO UPDATE SET state = excluded.state, changed_ts = excluded.changed_ts, seen_id = excluded.seen_id`,
			[signature, next.state, next.changedTs, next.seenId],
		);
	} else db.run('DELETE FROM triage WHERE signature = ?', [signature]);
}

/**
 * Records a decision on a signature, and logs it for undo. seenId is the newest occurrence the user saw
 * (the TUI passes the group's lastId as displayed); by default the newest one stored. Returns null when
 * nothing changes (the same state over the same occurrences, or reopening what was never triaged).
 */
export function recordTriage(db: WriteDb, signature: string, action: TriageAction, options: {seenId?: number; now?: number} = {}): TriageChange | null {
	return db.transaction(() => {
		const before = record(db.get<TriageColumns>('SELECT signature, state, changed_ts, seen_id FROM triage WHERE signature = ?', [signature]));
		const newest = options.seenId ?? db.value<number>('SELECT max(id) FROM events WHERE signature = ?', [signature]) ?? 0;
		const seenId = Math.max(newest, before?.seenId ?? 0);
		const state = stateAfter[action];
		if (before ? before.state === state && before.seenId === seenId : state === 'open') return null;
		const after: TriageRecord = {signature, state, changedTs: options.now ?? Date.now(), seenId};
		store(db, signature, after);
		db.run(
			`INSERT INTO triage_log (signature, action, ts, before_state, before_ts, before_seen_id, after_state, after_seen_id)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			[signature, action, after.changedTs, before?.state ?? null, before?.changedTs ?? null, before?.seenId ?? null, state, seenId],
		);
		db.run('DELETE FROM triage_log WHERE id <= (SELECT max(id) FROM triage_log) - ?', [undoDepth]);
		return {signature, action, before, after};
	});
}

interface LogRow {
	id: number;
	signature: string;
	before_state: TriageState | null;
	before_ts: number | null;
	before_seen_id: number | null;
	after_state: TriageState;
	after_seen_id: number;
	ts: number;
}

/**
 * Undoes the newest change not yet undone (of one signature, when given), whichever process made it:
 * the signature's row goes back to what it was before. Repeated undos walk further back. Returns the
 * change undone (before: the state it had, after: the state restored), or null when there is none.
 */
export function undoTriage(db: WriteDb, options: {signature?: string} = {}): TriageChange | null {
	return db.transaction(() => {
		const entry =
			options.signature === undefined
				? db.get<LogRow>('SELECT * FROM triage_log WHERE undone_ts IS NULL ORDER BY id DESC LIMIT 1')
				: db.get<LogRow>('SELECT * FROM triage_log WHERE undone_ts IS NULL AND signature = ? ORDER BY id DESC LIMIT 1', [options.signature]);
		if (!entry) return null;
		const restored: TriageRecord | null =
			entry.before_state === null
				? null
				: {signature: entry.signature, state: entry.before_state, changedTs: entry.before_ts ?? entry.ts, seenId: entry.before_seen_id ?? 0};
		const undone = record(db.get<TriageColumns>('SELECT signature, state, changed_ts, seen_id FROM triage WHERE signature = ?', [entry.signature]));
		store(db, entry.signature, restored);
		db.run('UPDATE triage_log SET undone_ts = ? WHERE id = ?', [Date.now(), entry.id]);
		return {signature: entry.signature, action: 'undo', before: undone, after: restored};
	});
}

export interface TriageWriteOptions {
	/** Total time allowed for the write, retries included (as the recorder's budget). */
	budgetMs?: number;
}

/**
 * Runs fn on a short-lived write connection with the recorder's retry rules (backoff with jitter on
 * BUSY/LOCKED), migrating first so a database at schema 1 gains the triage tables. Readers stay read-only:
 * this is the only way triage writes. Throws the last error when the budget runs out.
 */
export function withTriageWriter<T>(dbPath: string, fn: (db: WriteDb) => T, options: TriageWriteOptions = {}): T {
	const budgetMs = options.budgetMs ?? 3000;
	let db: WriteDb | null = null;
	try {
		return withRetry(
			() => {
				db ??= openWriter(dbPath, {busyTimeoutMs: Math.min(250, budgetMs / 4)});
				migrate(db);
				return fn(db);
			},
			{budgetMs},
		);
	} finally {
		(db as WriteDb | null)?.close();
	}
}

/** Opens, records one decision, closes: what the TUI keys and `eyelet triage` call. */
export function applyTriage(
	dbPath: string,
	signature: string,
	action: TriageAction,
	options: TriageWriteOptions & {seenId?: number} = {},
): TriageChange | null {
	return withTriageWriter(dbPath, db => recordTriage(db, signature, action, options), options);
}

/** Opens, undoes the newest change (of one signature, when given), closes. */
export function applyUndo(dbPath: string, options: TriageWriteOptions & {signature?: string} = {}): TriageChange | null {
	return withTriageWriter(dbPath, db => undoTriage(db, options), options);
}
