import type {ReadDb} from '../store/db.js';
import {eventColumns, type EventFilter, type EventRow, filterClause} from '../store/events.js';
import type {Command} from './command.js';
import {UserError} from './errors.js';
import {filterFlags, filterFromFlags} from './filter-flags.js';
import {dbFlag, openExistingReader, resolveDbPath, writeOut} from './shared.js';
import {isoTime} from './time.js';

export type FullRow = EventRow & {payload: string | null; raw: Buffer | null; custom: string | null};

const batchSize = 500;

/** Resolves a session id prefix (as shown in lists) to the full id, through the sessions table. */
export function resolveSession(db: ReadDb, filter: EventFilter): EventFilter {
	if (!filter.sessionId) return filter;
	const matches = db.all<{session_id: string}>('SELECT session_id FROM sessions WHERE session_id >= ? AND session_id < ? LIMIT 2', [filter.sessionId, `${filter.sessionId}\uffff`]);
	if (matches.length === 1) return {...filter, sessionId: matches[0]!.session_id};
	if (matches.length > 1 && !matches.some(match => match.session_id === filter.sessionId)) throw new UserError(`--session "${filter.sessionId}" matches more than one session: give more characters`);
	return filter;
}

/**
 * Rows matching the filter, oldest first (by recorded time, then id), in batches so that a query over
 * a million events streams in bounded memory. With a limit, the newest `limit` rows, still oldest first.
 */
export function* matchingRows(db: ReadDb, filter: EventFilter, limit: number | null): Generator<FullRow> {
	const where = filterClause(filter);
	const select = `SELECT ${eventColumns}, json(payload) AS payload, raw, json(custom) AS custom FROM events`;
	if (limit !== null) {
		yield* db.all<FullRow>(`${select} WHERE ${where.sql} ORDER BY ts DESC, id DESC LIMIT ?`, [...where.params, limit]).reverse();
		return;
	}
	let after: {ts: number; id: number} = {ts: Number.MIN_SAFE_INTEGER, id: 0};
	for (;;) {
		const rows = db.all<FullRow>(`${select} WHERE (ts > ? OR (ts = ? AND id > ?)) AND ${where.sql} ORDER BY ts, id LIMIT ?`, [after.ts, after.ts, after.id, ...where.params, batchSize]);
		yield* rows;
		if (rows.length < batchSize) return;
		const last = rows.at(-1)!;
		after = {ts: last.ts, id: last.id};
	}
}

/** One event as the stable JSON object scripts rely on; the payload is spliced in as stored, not re-encoded. */
export function eventJson(row: FullRow): string {
	const fields = {
		id: row.id,
		time: isoTime(row.ts),
		session_id: row.session_id,
		event: row.event,
		tool: row.tool,
		tool_use_id: row.tool_use_id,
		agent_id: row.agent_id,
		agent_type: row.agent_type,
		status: row.status,
		duration_ms: row.duration_ms,
		project: row.project,
		cwd: row.cwd,
		summary: row.summary,
		origin: row.origin,
		hostname: row.hostname,
		git_branch: row.git_branch,
		git_commit: row.git_commit,
		redactions: row.redactions,
		truncated: row.truncated === 1,
		payload_bytes: row.payload_bytes,
		...(row.raw ? {raw: row.raw.toString('utf8')} : {}),
	};
	const head = JSON.stringify(fields).slice(0, -1);
	return `${head},"custom":${row.custom ?? 'null'},"payload":${row.payload ?? 'null'}}`;
}

export const command: Command = {
	name: 'query',
	summary: 'Print stored events with filters (jsonl)',
	usage: `
  Usage
    $ eyelet query [filters] [--format jsonl] [--limit N]

  Prints one JSON object per event, oldest first. Fields: id, time (ISO 8601 UTC), session_id, event,
  tool, tool_use_id, agent_id, status, duration_ms, project, summary, payload (as stored, redacted), ...

  Filters
    --session ID      a session id or a unique prefix of one
    --event NAME      hook event, e.g. PostToolUseFailure
    --tool NAME       tool name, e.g. Bash
    --status LIST     ok, error, denied, invalid (comma-separated)
    --project P       project path, or its last path component
    --since T         30m, 2h, 7d or an ISO time
    --until T
    --search TEXT     substring of the summary or payload text
    --limit N         the newest N matching events
    --db PATH         database (default: EYELET_DB, config, ~/.local/share/eyelet/eyelet.db)
`,
	flags: {...dbFlag, ...filterFlags, limit: {type: 'number'}, format: {type: 'string', default: 'jsonl'}},
	async run(_input, flags) {
		if (flags['format'] !== 'jsonl') throw new UserError(`--format "${String(flags['format'])}" is not supported: use jsonl`);
		const limit = flags['limit'] === undefined ? null : Number(flags['limit']);
		if (limit !== null && !(Number.isInteger(limit) && limit > 0)) throw new UserError('--limit must be a positive whole number');
		const db = openExistingReader(resolveDbPath(flags));
		try {
			const filter = resolveSession(db, filterFromFlags(flags));
			let chunk = '';
			for (const row of matchingRows(db, filter, limit)) {
				chunk += `${eventJson(row)}\n`;
				if (chunk.length > 1 << 16) {
					await writeOut(chunk);
					chunk = '';
				}
			}
			await writeOut(chunk);
			return 0;
		} finally {
			db.close();
		}
	},
};
