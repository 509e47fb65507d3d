import {createHash} from 'node:crypto';
import type {ReadDb} from './db.js';
import {eventColumns, type EventFilter, type EventRow, filterClause, isErrorSql} from './events.js';
import {hasTriage, type TriageRecord, type TriageState} from './triage.js';

/** Failures grouped by signature, with their triage state: one row of the error pane. */
export interface ErrorGroup {
	/** Short stable id, the first 8 hex digits of the signature's SHA-256: what tables show and `eyelet triage` takes. */
	id: string;
	signature: string;
	occurrences: number;
	/** Occurrences nobody acknowledged: all of them until the group is triaged, then those after the decision. */
	fresh: number;
	firstId: number;
	lastId: number;
	firstTs: number;
	lastTs: number;
	sessions: number;
	projects: number;
	/** The newest occurrence: its summary (the concrete error line, unmasked; raw text), session and project. */
	lastSummary: string | null;
	lastSessionId: string | null;
	lastProject: string | null;
	/** As shown: the stored decision, except that a resolved group seen again is open (and a regression). */
	state: TriageState;
	regression: boolean;
	/** The stored decision; null when never triaged. */
	triage: TriageRecord | null;
	/** Occurrences per bucket of the sparkline window, oldest first. */
	sparkline: number[];
}

export interface SparklineWindow {
	/** Start of the first bucket, Unix ms. */
	since: number;
	bucketMs: number;
	buckets: number;
}

export interface ErrorGroupOptions {
	/** Muted groups are left out unless asked for. */
	includeMuted?: boolean;
	/** The sparkline: `buckets` buckets of `bucketMs` ending at `until`; default the last 24 hours by hour. */
	sparkline?: {until?: number; bucketMs?: number; buckets?: number};
}

export interface ErrorGroupList {
	/** Regressions first, then groups with new occurrences, then the rest; newest first within each. */
	groups: ErrorGroup[];
	/** How many muted groups were left out (0 with includeMuted). */
	mutedHidden: number;
	window: SparklineWindow;
}

export const groupId = (signature: string): string => createHash('sha256').update(signature).digest('hex').slice(0, 8);

/** What the error pane counts: occurrences with a signature and status error or invalid. */
const errorRows = `SELECT signature, id, ts, session_id, project FROM events WHERE signature IS NOT NULL AND ${isErrorSql}`;

/** error_occurrences (schema 2), or the same rows straight from events on a database a reader found at schema 1. */
const occurrenceSource = (db: ReadDb) => (hasTriage(db) ? 'error_occurrences' : `(${errorRows})`);

interface GroupColumns {
	signature: string;
	occurrences: number;
	first_id: number;
	last_id: number;
	first_ts: number;
	last_ts: number;
	sessions: number;
	projects: number;
	state: TriageState | null;
	changed_ts: number | null;
	seen_id: number | null;
	fresh: number;
	last_summary: string | null;
	last_session_id: string | null;
	last_project: string | null;
}

function groupQuery(source: string, triaged: boolean): string {
	const triage = triaged
		? `t.state, t.changed_ts, t.seen_id,
		   CASE WHEN t.signature IS NULL THEN g.occurrences
		        ELSE (SELECT count(*) FROM error_occurrences o WHERE o.signature = g.signature AND o.id > t.seen_id) END AS fresh`
		: 'NULL AS state, NULL AS changed_ts, NULL AS seen_id, g.occurrences AS fresh';
	return `WITH g AS (
	  SELECT signature, count(*) AS occurrences, min(id) AS first_id, max(id) AS last_id, min(ts) AS first_ts, max(ts) AS last_ts,
	         count(DISTINCT session_id) AS sessions, count(DISTINCT project) AS projects
	  FROM ${source} GROUP BY signature
	)
	SELECT g.*, ${triage}, e.summary AS last_summary, e.session_id AS last_session_id, e.project AS last_project
	FROM g ${triaged ? 'LEFT JOIN triage t ON t.signature = g.signature' : ''} LEFT JOIN events e ON e.id = g.last_id`;
}

function sparklines(db: ReadDb, source: string, window: SparklineWindow): Map<string, number[]> {
	const rows = db.all<{signature: string; bucket: number; n: number}>(
		`SELECT signature, (ts - ?) / ? AS bucket, count(*) AS n FROM ${source} WHERE ts >= ? AND ts < ? GROUP BY signature, bucket`,
		[window.since, window.bucketMs, window.since, window.since + window.bucketMs * window.buckets],
	);
	const lines = new Map<string, number[]>();
	for (const row of rows) {
		let line = lines.get(row.signature);
		if (!line) lines.set(row.signature, (line = new Array<number>(window.buckets).fill(0)));
		line[Math.min(window.buckets - 1, Math.max(0, Math.floor(row.bucket)))]! += row.n;
	}
	return lines;
}

const tier = (group: ErrorGroup) => (group.state === 'muted' ? 3 : group.regression ? 0 : group.fresh > 0 ? 1 : 2);

/** Regressions, then new occurrences, then the rest, then muted; newest last occurrence first within each. */
export function compareGroups(a: ErrorGroup, b: ErrorGroup): number {
	return tier(a) - tier(b) || b.lastId - a.lastId;
}

/** The state as shown, and whether it is a regression, from the stored decision and the newest occurrence. */
export function effectiveState(triage: TriageRecord | null, lastId: number): {state: TriageState; regression: boolean} {
	if (!triage) return {state: 'open', regression: false};
	if (triage.state === 'resolved' && lastId > triage.seenId) return {state: 'open', regression: true};
	return {state: triage.state, regression: false};
}

/** The error pane: every group with counts, sparkline and triage state, sorted for attention. */
export function errorGroups(db: ReadDb, options: ErrorGroupOptions = {}): ErrorGroupList {
	const bucketMs = options.sparkline?.bucketMs ?? 3_600_000;
	const buckets = options.sparkline?.buckets ?? 24;
	const until = options.sparkline?.until ?? Date.now();
	const window: SparklineWindow = {since: until - bucketMs * buckets, bucketMs, buckets};
	const triaged = hasTriage(db);
	const source = occurrenceSource(db);
	const lines = sparklines(db, source, window);
	let mutedHidden = 0;
	const groups: ErrorGroup[] = [];
	for (const row of db.all<GroupColumns>(groupQuery(source, triaged))) {
		const triage: TriageRecord | null = row.state ? {signature: row.signature, state: row.state, changedTs: row.changed_ts!, seenId: row.seen_id!} : null;
		const shown = effectiveState(triage, row.last_id);
		if (shown.state === 'muted' && !options.includeMuted) {
			mutedHidden++;
			continue;
		}
		groups.push({
			id: groupId(row.signature),
			signature: row.signature,
			occurrences: row.occurrences,
			fresh: row.fresh,
			firstId: row.first_id,
			lastId: row.last_id,
			firstTs: row.first_ts,
			lastTs: row.last_ts,
			sessions: row.sessions,
			projects: row.projects,
			lastSummary: row.last_summary,
			lastSessionId: row.last_session_id,
			lastProject: row.last_project,
			...shown,
			triage,
			sparkline: lines.get(row.signature) ?? new Array<number>(buckets).fill(0),
		});
	}
	groups.sort(compareGroups);
	return {groups, mutedHidden, window};
}

export interface ErrorCounts {
	groups: number;
	occurrences: number;
	/** Unacknowledged occurrences. */
	fresh: number;
	regressions: number;
}

/** The counts a status bar shows, muted groups left out (pass the groups errorGroups returned). */
export function countErrors(groups: readonly ErrorGroup[]): ErrorCounts {
	const shown = groups.filter(group => group.state !== 'muted');
	return {
		groups: shown.length,
		occurrences: shown.reduce((sum, group) => sum + group.occurrences, 0),
		fresh: shown.reduce((sum, group) => sum + group.fresh, 0),
		regressions: shown.filter(group => group.regression).length,
	};
}

/** The newest error id: poll it to know when the error pane needs a refresh. */
export const latestErrorId = (db: ReadDb): number =>
	(hasTriage(db) ? db.value<number>('SELECT max(id) FROM error_occurrences') : db.value<number>(`SELECT max(id) FROM (${errorRows})`)) ?? 0;

export class AmbiguousGroupError extends Error {
	constructor(
		readonly ref: string,
		readonly matches: string[],
	) {
		super(`"${ref}" matches ${matches.length} error groups`);
	}
}

/**
 * The signature a user means: the signature itself, or a group id (or a unique prefix of one, 4+ hex
 * digits). Signatures known only from a triage decision (their events pruned) count too. Null when none;
 * throws AmbiguousGroupError when a prefix fits several.
 */
export function findSignature(db: ReadDb, ref: string): string | null {
	const triaged = hasTriage(db);
	const source = occurrenceSource(db);
	if (db.value<number>(`SELECT 1 FROM ${source} WHERE signature = ? LIMIT 1`, [ref])) return ref;
	if (triaged && db.value<number>('SELECT 1 FROM triage WHERE signature = ?', [ref])) return ref;
	const prefix = ref.trim().toLowerCase();
	if (!/^[0-9a-f]{4,8}$/.test(prefix)) return null;
	const signatures = db.all<{signature: string}>(`SELECT DISTINCT signature FROM ${source}${triaged ? ' UNION SELECT signature FROM triage' : ''}`);
	const matches = signatures.map(row => row.signature).filter(signature => groupId(signature).startsWith(prefix));
	if (matches.length > 1) throw new AmbiguousGroupError(ref, matches);
	return matches[0] ?? null;
}

/** A group's occurrences, newest first, keyset-paged by id (pass the last row's id as beforeId). */
export function groupOccurrences(db: ReadDb, signature: string, page: {beforeId?: number; limit: number}): EventRow[] {
	return db.all<EventRow>(`SELECT ${eventColumns} FROM events WHERE signature = ? AND id < ? AND ${isErrorSql} ORDER BY id DESC LIMIT ?`, [
		signature,
		page.beforeId ?? Number.MAX_SAFE_INTEGER,
		page.limit,
	]);
}

/**
 * The next (or previous) error after an event id, for the stream's e/E: muted groups skipped unless asked,
 * and only events matching the stream's filter when one is given. Undefined when there is none.
 */
export function adjacentError(
	db: ReadDb,
	fromId: number,
	direction: 'next' | 'previous',
	options: {filter?: EventFilter; includeMuted?: boolean} = {},
): EventRow | undefined {
	const where = filterClause(options.filter ?? {});
	const muted =
		options.includeMuted || !hasTriage(db)
			? new Set<string>()
			: new Set(db.all<{signature: string}>("SELECT signature FROM triage WHERE state = 'muted'").map(row => row.signature));
	const [compare, order] = direction === 'next' ? ['>', 'ASC'] : ['<', 'DESC'];
	const candidates = hasTriage(db)
		? `SELECT id, signature FROM error_occurrences WHERE id ${compare} ? ORDER BY id ${order} LIMIT 64`
		: `SELECT id, signature FROM events WHERE ${isErrorSql} AND id ${compare} ? ORDER BY id ${order} LIMIT 64`;
	for (let from = fromId; ; ) {
		const batch = db.all<{id: number; signature: string | null}>(candidates, [from]);
		for (const candidate of batch) {
			if (candidate.signature !== null && muted.has(candidate.signature)) continue;
			const row = db.get<EventRow>(`SELECT ${eventColumns} FROM events WHERE id = ? AND ${where.sql}`, [candidate.id, ...where.params]);
			if (row) return row;
		}
		if (batch.length < 64) return undefined;
		from = batch.at(-1)!.id;
	}
}
