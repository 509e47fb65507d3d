import {neutralizeCell} from '../events/neutralize.js';
import type {FullRow} from '../store/events.js';
import {isoTime} from './time.js';

export const formats = ['table', 'json', 'jsonl', 'csv'] as const;
export type Format = (typeof formats)[number];

/** The CSV columns, in order: the jsonl fields, with the payload last as compact JSON text. */
export const csvColumns = [
	'id',
	'time',
	'session_id',
	'event',
	'tool',
	'tool_use_id',
	'agent_id',
	'agent_type',
	'status',
	'duration_ms',
	'project',
	'cwd',
	'summary',
	'origin',
	'hostname',
	'git_branch',
	'git_commit',
	'redactions',
	'truncated',
	'payload_bytes',
	'custom',
	'raw',
	'payload',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or LF, quotes doubled. Control
 * characters (ESC, BEL, C0/C1, CR, bidi overrides) are shown, not sent, as in every other view: a CSV
 * printed to a terminal must not drive it. Text that a spreadsheet would run as a formula (starting with
 * = + - @ or tab) gets a leading apostrophe, as OWASP advises against CSV injection; numbers are
 * written as numbers.
 */
export function csvField(value: string | number | boolean | null): string {
	if (value === null) return '';
	if (typeof value !== 'string') return String(value);
	let text = neutralizeCell(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(values: ReadonlyArray<string | number | boolean | null>): string {
	return `${values.map(csvField).join(',')}\r\n`;
}

export const csvHeader = () => csvRecord(csvColumns);

export function csvRow(row: FullRow): string {
	return csvRecord([
		row.id,
		isoTime(row.ts),
		row.session_id,
		row.event,
		row.tool,
		row.tool_use_id,
		row.agent_id,
		row.agent_type,
		row.status,
		row.duration_ms,
		row.project,
		row.cwd,
		row.summary,
		row.origin,
		row.hostname,
		row.git_branch,
		row.git_commit,
		row.redactions,
		row.truncated === 1,
		row.payload_bytes,
		row.custom,
		row.raw ? row.raw.toString('utf8') : null,
		row.payload,
	]);
}
