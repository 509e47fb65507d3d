import {Box, Text} from 'ink';

/** What a cell shows: text already made safe for the terminal, and how to colour it. */
export interface Cell {
	text: string;
	color?: string | undefined;
	bold?: boolean;
	dim?: boolean;
}

export interface Column<T> {
	title: string;
	/** Characters, or 'fill' for the column that takes the width left over. */
	width: number | 'fill';
	align?: 'left' | 'right';
	cell: (row: T) => Cell;
}

export interface TableProps<T> {
	columns: ReadonlyArray<Column<T>>;
	rows: readonly T[];
	/** Identifies a row (for callers; the table itself keys by screen line). */
	rowKey?: (row: T) => string | number;
	width: number;
	/** First row index on screen and how many fit: the table renders only that window. */
	first: number;
	height: number;
	/** Index of the highlighted row, if any. */
	cursor?: number;
	showHeader?: boolean;
	/** Shown in place of rows when there are none. */
	empty?: string;
}

const gap = 1;

/** Resolves 'fill' to what is left of `width` after the fixed columns and the gaps. */
export function columnWidths<T>(columns: ReadonlyArray<Column<T>>, width: number): number[] {
	const fixed = columns.reduce((sum, column) => sum + (column.width === 'fill' ? 0 : column.width), 0) + gap * (columns.length - 1);
	const fill = Math.max(4, width - fixed);
	return columns.map(column => (column.width === 'fill' ? fill : column.width));
}

function Row<T>({columns, widths, row, selected}: {columns: ReadonlyArray<Column<T>>; widths: number[]; row: T; selected: boolean}) {
	return (
		<Box flexDirection="row" height={1}>
			{columns.map((column, index) => {
				const cell = column.cell(row);
				const last = index === columns.length - 1;
				return (
					<Box
						key={index}
						width={widths[index]! + (last ? 0 : gap)}
						flexShrink={0}
						justifyContent={column.align === 'right' ? 'flex-end' : 'flex-start'}
						paddingRight={last ? 0 : gap}
					>
						<Text wrap="truncate-end" color={cell.color} bold={cell.bold} dimColor={cell.dim && !selected} inverse={selected}>
							{cell.text || ' '}
						</Text>
					</Box>
				);
			})}
		</Box>
	);
}

/**
 * A cursor-windowed table: fixed-width columns, one line per row, only the visible window rendered,
 * the cursor row in reverse video. The stream needs this; a static table can use @alcalzone/ink-table.
 */
export function Table<T>({columns, rows, width, first, height, cursor, showHeader = true, empty}: TableProps<T>) {
	const widths = columnWidths(columns, width);
	const visible = rows.slice(first, first + height);
	return (
		<Box flexDirection="column" width={width}>
			{showHeader && (
				<Box flexDirection="row" height={1}>
					{columns.map((column, index) => (
						<Box
							key={index}
							width={widths[index]! + (index === columns.length - 1 ? 0 : gap)}
							flexShrink={0}
							justifyContent={column.align === 'right' ? 'flex-end' : 'flex-start'}
							paddingRight={index === columns.length - 1 ? 0 : gap}
						>
							<Text bold underline wrap="truncate-end">
								{column.title}
							</Text>
						</Box>
					))}
				</Box>
			)}
			{visible.length === 0 && empty ? (
				<Text dimColor wrap="truncate-end">
					{empty}
				</Text>
			) : null}
			{/* Keyed by screen line, not by row: scrolling updates the same few components instead of
			    remounting them, which churned layout nodes and grew memory by tens of MB. */}
			{visible.map((row, index) => (
				<Row key={index} columns={columns} widths={widths} row={row} selected={first + index === cursor} />
			))}
		</Box>
	);
}
