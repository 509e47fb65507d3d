import {neutralize} from '../../events/neutralize.js';
import type {EventRow} from '../../store/events.js';
import {formatBytes} from '../../settings/units.js';
import {duration, fullTime, statusGlyph} from '../format.js';
import {jsonLines, type Line, type Segment, type Tone, wrapLines} from '../json.js';
import type {DetailPayload} from './state.js';

const statusTone: Record<string, Tone> = {ok: 'ok', error: 'error', denied: 'warn', invalid: 'error'};

const field = (label: string, value: string, tone?: Tone): Segment[] => [
	{text: `${label.padEnd(10)}`, tone: 'label'},
	{text: value, ...(tone ? {tone} : {})},
];
const safe = (text: string | null) => (text === null ? '' : neutralize(text, true));

/** The fields eyelet derived for an event, above its payload. */
export function derivedLines(row: EventRow): Line[] {
	const lines: Line[] = [
		[
			{text: `#${row.id}  `, tone: 'dim'},
			{text: safe(row.event) || '(no event name)', tone: 'title'},
			{text: row.tool ? `  ${safe(row.tool)}` : '', tone: 'title'},
			{text: `  ${statusGlyph[row.status]} ${row.status}`, tone: statusTone[row.status]!},
		],
		field('time', `${fullTime(row.ts)}  (${row.origin})`),
		field('session', safe(row.session_id) || '—'),
		field(
			'project',
			`${safe(row.project) || '—'}${row.git_branch ? `  on ${safe(row.git_branch)}` : ''}${row.git_commit ? ` @ ${safe(row.git_commit).slice(0, 10)}` : ''}`,
		),
	];
	const facts = [
		row.duration_ms !== null ? `duration ${duration(row.duration_ms)}` : null,
		`payload ${formatBytes(row.payload_bytes)}${row.truncated ? ' (truncated when stored)' : ''}`,
		`redactions ${row.redactions}`,
	].filter(Boolean);
	lines.push(field('facts', facts.join('   '), row.redactions > 0 || row.truncated ? 'warn' : undefined));
	if (row.tool_use_id) lines.push(field('tool use', safe(row.tool_use_id)));
	if (row.agent_id) lines.push(field('subagent', `${safe(row.agent_id)}${row.agent_type ? ` (${safe(row.agent_type)})` : ''}`));
	if (row.summary) lines.push(field('summary', safe(row.summary), row.status === 'ok' ? undefined : statusTone[row.status]));
	if (row.signature) lines.push(field('signature', safe(row.signature), 'dim'));
	return lines;
}

/** Everything the detail view shows for an event, wrapped to `width`: derived fields, then the payload. */
export function detailLines(row: EventRow, payload: DetailPayload | null | 'missing', width: number): Line[] {
	const lines = derivedLines(row);
	const rule = (title: string): Line => [{text: `── ${title} `.padEnd(Math.max(10, width), '─'), tone: 'dim'}];
	if (payload === null) lines.push(rule('payload'), [{text: 'loading…', tone: 'dim'}]);
	else if (payload === 'missing') lines.push(rule('payload'), [{text: 'this event is no longer in the database (pruned)', tone: 'warn'}]);
	else {
		if (payload.payload !== null) lines.push(rule('payload'), ...jsonLines(payload.payload));
		if (payload.raw !== null) lines.push(rule('raw input (not a usable payload)'), ...payload.raw.split('\n').map(text => [{text: neutralize(text, true)}]));
		if (payload.custom !== null) lines.push(rule('custom fields'), ...jsonLines(payload.custom));
	}
	return wrapLines(lines, width);
}

// The detail view and the reducer both need the lines of the open event; wrapping a big payload once is enough.
let cached: {row: EventRow; payload: unknown; width: number; lines: Line[]} | null = null;

export function cachedDetailLines(row: EventRow, payload: DetailPayload | null | 'missing', width: number): Line[] {
	if (cached && cached.row === row && cached.payload === payload && cached.width === width) return cached.lines;
	const lines = detailLines(row, payload, width);
	cached = {row, payload, width, lines};
	return lines;
}
