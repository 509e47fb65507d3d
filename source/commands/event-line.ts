import {neutralize} from '../events/neutralize.js';
import type {EventRow} from '../store/events.js';

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function wantsColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
	return Boolean(stream.isTTY) && !env['NO_COLOR'];
}

const codes = {dim: '2', red: '31', green: '32', yellow: '33', magenta: '35', cyan: '36', bold: '1'} as const;
type Paint = keyof typeof codes;

const statusPaint: Record<string, Paint> = {ok: 'green', error: 'red', denied: 'yellow', invalid: 'magenta'};

/** Cuts text to `width` characters (by code point), marking the cut with an ellipsis. */
export function fit(text: string, width: number): string {
	const chars = [...text];
	if (chars.length <= width) return text;
	return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
}

const pad = (text: string, width: number) => {
	const cut = fit(text, width);
	return cut + ' '.repeat(Math.max(0, width - [...cut].length));
};

const two = (n: number) => String(n).padStart(2, '0');

/** Local time as people read it: "2026-11-27 22:38:33", or the clock alone. */
export function localTime(ms: number, withDate: boolean): string {
	const d = new Date(ms);
	const clock = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
	return withDate ? `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${clock}` : clock;
}

export function formatDuration(ms: number | null): string {
	if (ms === null) return '';
	if (ms < 1000) return `${ms}ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
	return `${Math.floor(ms / 60_000)}m${two(Math.floor((ms % 60_000) / 1000))}s`;
}

export interface LineStyle {
	color: boolean;
	/** Total width of a line; the summary takes what the other columns leave. */
	width: number;
	withDate: boolean;
	idWidth: number;
}

const columnWidths = {session: 8, event: 18, tool: 12, status: 7, duration: 6};

/** The column headings matching eventLine's layout. */
export function headerLine(style: LineStyle): string {
	const parts = [
		'ID'.padStart(style.idWidth),
		pad('TIME', style.withDate ? 19 : 8),
		pad('SESSION', columnWidths.session),
		pad('EVENT', columnWidths.event),
		pad('TOOL', columnWidths.tool),
		pad('STATUS', columnWidths.status),
		'DUR'.padStart(columnWidths.duration),
		'SUMMARY',
	];
	const line = parts.join('  ');
	return style.color ? `\u001b[${codes.bold}m${line}\u001b[0m` : line;
}

/**
 * One event as one line: id, time, session, event, tool, status, duration, summary. Every text that
 * comes from a payload goes through neutralize(), so a payload cannot drive the terminal.
 */
export function eventLine(row: EventRow, style: LineStyle): string {
	const paint = (text: string, colour: Paint | undefined) => (style.color && colour ? `\u001b[${codes[colour]}m${text}\u001b[0m` : text);
	const clean = (text: string | null) => neutralize(text ?? '', true);
	const fixed = [
		paint(String(row.id).padStart(style.idWidth), 'dim'),
		localTime(row.ts, style.withDate),
		paint(pad(clean(row.session_id).slice(0, columnWidths.session), columnWidths.session), 'cyan'),
		pad(clean(row.event), columnWidths.event),
		pad(clean(row.tool), columnWidths.tool),
		paint(pad(row.status, columnWidths.status), statusPaint[row.status]),
		formatDuration(row.duration_ms).padStart(columnWidths.duration),
	];
	const used = style.idWidth + (style.withDate ? 19 : 8) + Object.values(columnWidths).reduce((a, b) => a + b, 0) + 2 * fixed.length;
	const summary = fit(clean(row.summary), Math.max(10, style.width - used));
	return `${fixed.join('  ')}  ${row.status === 'ok' ? summary : paint(summary, statusPaint[row.status])}`;
}
