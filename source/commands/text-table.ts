import {neutralize} from '../events/neutralize.js';

/** One column of a plain-text table: its heading and how to render a row's cell. */
export interface TextColumn<Row> {
	heading: string;
	cell: (row: Row) => string;
	align?: 'left' | 'right';
}

/**
 * Rows as aligned plain text, every cell neutralized (cells carry payload text). The last column is cut
 * to the terminal's width when there is one, and left whole when piped.
 */
export function textTable<Row>(
	rows: readonly Row[],
	columns: ReadonlyArray<TextColumn<Row>>,
	width = process.stdout.isTTY ? process.stdout.columns : 0,
): string {
	const cells = rows.map(row => columns.map(column => neutralize(column.cell(row), true)));
	const widths = columns.map((column, index) => Math.max(column.heading.length, ...cells.map(line => [...line[index]!].length)));
	const render = (line: string[]) => {
		const text = line
			.map((cell, index) => {
				if (index === line.length - 1) return cell;
				const pad = ' '.repeat(widths[index]! - [...cell].length);
				return columns[index]!.align === 'right' ? pad + cell : cell + pad;
			})
			.join('  ');
		const chars = [...text];
		return width > 0 && chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : text.trimEnd();
	};
	return [columns.map(column => column.heading), ...cells].map(render).join('\n');
}

/** How long ago, compactly: 42s, 5m, 3h, 12d. */
export function age(ts: number, now = Date.now()): string {
	return `${compactDuration(Math.max(0, now - ts))} ago`;
}

/** 850ms, 12s, 5m, 3h12m, 2d4h. */
export function compactDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)}ms`;
	const seconds = Math.floor(ms / 1000);
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return minutes % 60 ? `${hours}h${minutes % 60}m` : `${hours}h`;
	const days = Math.floor(hours / 24);
	return hours % 24 ? `${days}d${hours % 24}h` : `${days}d`;
}

const two = (value: number) => String(value).padStart(2, '0');

/** Local date and time to the minute: 2026-11-27 10:02. */
export function localMinute(ts: number): string {
	const date = new Date(ts);
	return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** Local time of day to the second: 10:02:07. */
export function localClock(ts: number): string {
	const date = new Date(ts);
	return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
