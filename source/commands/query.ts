import {escapeJsonText} from '../events/neutralize.js';
import {type FullRow, latestEventId, matchingRows, type Order} from '../store/events.js';
import type {Command} from './command.js';
import {eventLine, headerLine, wantsColor} from './event-line.js';
import {csvHeader, csvRow, type Format, formats} from './formats.js';
import {UserError} from './user-error.js';
import {filterFlags, filterFromFlags, resolveSession} from './filter-flags.js';
import {dbFlag, openExistingReader, resolveDbPath, writeOut} from './shared.js';
import {isoTime} from './time.js';

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
	// Bidi overrides, C1 controls and line separators are escaped: the same JSON, harmless on a terminal.
	return escapeJsonText(`${head},"custom":${row.custom ?? 'null'},"payload":${row.payload ?? 'null'}}`);
}

/** Streams rows to stdout in one format; writes wait on a full pipe, so memory stays bounded. */
async function writeRows(rows: Iterable<FullRow>, format: Format, latestId: number): Promise<void> {
	let chunk = '';
	const flush = async (force = false) => {
		if (force || chunk.length > 1 << 16) {
			await writeOut(chunk);
			chunk = '';
		}
	};
	const style = {
		color: wantsColor(process.stdout),
		width: process.stdout.columns || Number.POSITIVE_INFINITY,
		withDate: true,
		idWidth: Math.max(2, String(latestId).length),
	};
	let first = true;
	if (format === 'csv') chunk += csvHeader();
	if (format === 'table') chunk += `${headerLine(style)}\n`;
	if (format === 'json') chunk += '[';
	for (const row of rows) {
		if (format === 'jsonl') chunk += `${eventJson(row)}\n`;
		else if (format === 'json') chunk += `${first ? '\n' : ',\n'}${eventJson(row)}`;
		else if (format === 'csv') chunk += csvRow(row);
		else chunk += `${eventLine(row, style)}\n`;
		first = false;
		await flush();
	}
	if (format === 'json') chunk += first ? ']\n' : '\n]\n';
	await flush(true);
}

export function parseFormat(value: unknown, stream: NodeJS.WriteStream): Format {
	if (value === undefined || value === '') return stream.isTTY ? 'table' : 'jsonl';
	if (!(formats as readonly unknown[]).includes(value)) throw new UserError(`--format "${String(value)}" is not one of ${formats.join(', ')}`);
	return value as Format;
}

export function parseOrder(value: unknown): Order {
	if (value === undefined || value === 'asc' || value === 'desc') return (value ?? 'asc') as Order;
	throw new UserError(`--order "${String(value)}" is not asc or desc`);
}

export const command: Command = {
	name: 'query',
	summary: 'Print stored events with filters (table, json, jsonl, csv)',
	usage: `
  Usage
    $ eyelet query [filters] [--format table|json|jsonl|csv] [--order asc|desc] [--limit N]

  Prints matching events, oldest first. The format is a table on a terminal and jsonl otherwise.

  Formats
    table     one line per event, sized to the terminal (payload text made safe to display)
    jsonl     one JSON object per line. Stable fields: id, time (ISO 8601 UTC), session_id, event,
              tool, tool_use_id, agent_id, agent_type, status, duration_ms, project, cwd, summary,
              origin, hostname, git_branch, git_commit, redactions, truncated, payload_bytes,
              raw (invalid input only), custom, payload (as stored, redacted); bidi overrides,
              C1 controls and U+2028/U+2029 written as \\uXXXX escapes
    json      the same objects as one JSON array
    csv       RFC 4180, a header row, the same fields; control characters shown, not sent (as
              in the table); cells starting with = + - @ get a leading ' so spreadsheets do not
              run them as formulas

  Filters
    --session ID      a session id or a unique prefix of one
    --event NAME      hook event, e.g. PostToolUseFailure
    --tool NAME       tool name, e.g. Bash
    --status LIST     ok, error, denied, invalid (comma-separated)
    --project P       project path, or its last path component
    --since T         30m, 2h, 7d or an ISO time
    --until T
    --search TEXT     substring of the summary or payload text

  Options
    --order asc|desc  oldest first (default) or newest first
    --limit N         only the newest N matching events
    --db PATH         database (default: EYELET_DB, config, ~/.local/share/eyelet/events.db)

  Examples
    $ eyelet query --status error --since 1d
    $ eyelet query --tool Bash --search "npm test" --format csv > bash.csv
    $ eyelet query --session 3a09 --format json | jq '.[].summary'
`,
	flags: {...dbFlag, ...filterFlags, limit: {type: 'number'}, format: {type: 'string'}, order: {type: 'string'}},
	async run(_input, flags) {
		const format = parseFormat(flags['format'], process.stdout);
		const order = parseOrder(flags['order']);
		const limit = flags['limit'] === undefined ? null : Number(flags['limit']);
		if (limit !== null && !(Number.isInteger(limit) && limit > 0)) throw new UserError('--limit must be a positive whole number');
		const db = openExistingReader(resolveDbPath(flags));
		try {
			const filter = resolveSession(db, filterFromFlags(flags));
			await writeRows(matchingRows(db, filter, limit, order), format, format === 'table' ? latestEventId(db) : 0);
			return 0;
		} finally {
			db.close();
		}
	},
};
