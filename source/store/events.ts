import {errorStatuses} from '../events/status.js';
import type {Status} from '../events/types.js';
import type {ReadDb} from './db.js';
import {Conditions, containing, type Where} from './where.js';

/** What the viewers and headless commands filter on; each field maps to an indexed column. */
export interface EventFilter {
	sessionId?: string | null;
	event?: string | null;
	tool?: string | null;
	statuses?: readonly Status[] | null;
	/** A project path, or a bare name matched against the last path component. */
	project?: string | null;
	since?: number | null;
	until?: number | null;
	/** Substring search over summary and payload text (FTS5 trigram; 1–2 characters scan the summary). */
	search?: string | null;
}

/** An event without its payload: what a list row needs. */
export interface EventRow {
	id: number;
	ts: number;
	status: Status;
	origin: string;
	session_id: string | null;
	event: string | null;
	tool: string | null;
	tool_use_id: string | null;
	agent_id: string | null;
	agent_type: string | null;
	cwd: string | null;
	project: string | null;
	hostname: string | null;
	git_branch: string | null;
	git_commit: string | null;
	duration_ms: number | null;
	summary: string | null;
	signature: string | null;
	redactions: number;
	payload_bytes: number;
	truncated: number;
}

export const eventColumns = `id, ts, status, origin, session_id, event, tool, tool_use_id, agent_id, agent_type, cwd, project,
  hostname, git_branch, git_commit, duration_ms, summary, signature, redactions, payload_bytes, truncated`;

/** events.status is an error (events/status.ts errorStatuses): fixed text, no user input. */
export const isErrorSql = `status IN (${errorStatuses.map(status => `'${status}'`).join(', ')})`;

/** An FTS5 phrase query for a literal substring: the text quoted, inner quotes doubled. */
export const ftsPhrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** The WHERE clause (with bound parameters, never spliced text) for a filter. */
export function filterClause(filter: EventFilter): Where {
	const where = new Conditions();
	if (filter.sessionId) where.add('session_id = ?', filter.sessionId);
	if (filter.event) where.add('event = ?', filter.event);
	if (filter.tool) where.add('tool = ?', filter.tool);
	if (filter.statuses?.length) where.add(`status IN (${filter.statuses.map(() => '?').join(', ')})`, ...filter.statuses);
	if (filter.project) where.project(filter.project);
	if (filter.since != null) where.add('ts >= ?', filter.since);
	if (filter.until != null) where.add('ts < ?', filter.until);
	const search = filter.search?.trim();
	if (search) {
		if ([...search].length >= 3) where.add('id IN (SELECT rowid FROM events_text WHERE events_text MATCH ?)', ftsPhrase(search));
		else where.add("summary LIKE ? ESCAPE '\\'", containing(search));
	}
	return where.where();
}

/** A page of events by id: newest first below `beforeId`, or oldest first above `afterId` (polling). */
export function eventPage(db: ReadDb, filter: EventFilter, page: {beforeId?: number; afterId?: number; limit: number}): EventRow[] {
	const where = filterClause(filter);
	if (page.afterId !== undefined) {
		return db.all<EventRow>(`SELECT ${eventColumns} FROM events WHERE id > ? AND ${where.sql} ORDER BY id ASC LIMIT ?`, [
			page.afterId,
			...where.params,
			page.limit,
		]);
	}
	const before = page.beforeId ?? Number.MAX_SAFE_INTEGER;
	return db.all<EventRow>(`SELECT ${eventColumns} FROM events WHERE id < ? AND ${where.sql} ORDER BY id DESC LIMIT ?`, [before, ...where.params, page.limit]);
}

/** An event with its payload, custom fields and raw bytes, as `eyelet query` prints it. */
export type FullRow = EventRow & {payload: string | null; raw: Buffer | null; custom: string | null};

export type Order = 'asc' | 'desc';

const fullRows = `SELECT ${eventColumns}, json(payload) AS payload, raw, json(custom) AS custom FROM events`;
const batchSize = 500;

/**
 * Rows matching the filter in time order (recorded time, then id), oldest first unless `order` is
 * desc, in batches so that a query over a million events streams in bounded memory. With a limit,
 * the newest `limit` rows, still in the order asked for.
 */
export function* matchingRows(db: ReadDb, filter: EventFilter, limit: number | null, order: Order = 'asc'): Generator<FullRow> {
	const where = filterClause(filter);
	if (limit !== null) {
		const newest = db.all<FullRow>(`${fullRows} WHERE ${where.sql} ORDER BY ts DESC, id DESC LIMIT ?`, [...where.params, limit]);
		yield* order === 'asc' ? newest.reverse() : newest;
		return;
	}
	const [after, direction] = order === 'asc' ? ['(ts > ? OR (ts = ? AND id > ?))', 'ASC'] : ['(ts < ? OR (ts = ? AND id < ?))', 'DESC'];
	let last = order === 'asc' ? {ts: Number.MIN_SAFE_INTEGER, id: 0} : {ts: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER};
	for (;;) {
		const rows = db.all<FullRow>(`${fullRows} WHERE ${after} AND ${where.sql} ORDER BY ts ${direction}, id ${direction} LIMIT ?`, [
			last.ts,
			last.ts,
			last.id,
			...where.params,
			batchSize,
		]);
		yield* rows;
		if (rows.length < batchSize) return;
		const tail = rows.at(-1)!;
		last = {ts: tail.ts, id: tail.id};
	}
}

/** The stored payload as JSON text (null for input that was not JSON), and the raw bytes of invalid input. */
export function eventPayload(db: ReadDb, id: number): {payload: string | null; raw: Buffer | null; custom: string | null} | undefined {
	return db.get('SELECT json(payload) AS payload, raw, json(custom) AS custom FROM events WHERE id = ?', [id]);
}

export const latestEventId = (db: ReadDb): number => db.value<number>('SELECT max(id) FROM events') ?? 0;

/** One event without its payload, as a list row has it (the timeline opens its rows' events by id). */
export const eventById = (db: ReadDb, id: number): EventRow | undefined => db.get<EventRow>(`SELECT ${eventColumns} FROM events WHERE id = ?`, [id]);

/** How far apart a rebuilt event and a stored one may be, in ms, and still be the same hook invocation. */
const landedWindowMs = 60_000;

/**
 * Whether the hook event a rebuilt payload stands for is already stored from its live delivery: a tool
 * event by its tool_use_id; another by its session, event, prompt and agent, close in time.
 */
export function eventLanded(db: ReadDb, payload: Record<string, unknown>, ts: number | null): boolean {
	const text = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : null);
	const session = text('session_id');
	const event = text('hook_event_name');
	if (!session || !event) return false;
	const toolUseId = text('tool_use_id');
	if (toolUseId) {
		return (
			db.value<number>("SELECT count(*) FROM events WHERE tool_use_id = ? AND session_id = ? AND event = ? AND origin <> 'transcript'", [
				toolUseId,
				session,
				event,
			]) !== 0
		);
	}
	const at = ts ?? Date.now();
	return (
		db.value<number>(
			`SELECT count(*) FROM events WHERE session_id = ? AND event = ? AND origin <> 'transcript' AND ts BETWEEN ? AND ?
			   AND (payload ->> '$.prompt_id') IS ? AND (payload ->> '$.agent_id') IS ?`,
			[session, event, at - landedWindowMs, at + landedWindowMs, text('prompt_id'), text('agent_id')],
		) !== 0
	);
}
