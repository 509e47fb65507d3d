import {Table as StaticTable} from '@alcalzone/ink-table';
import {Box, Text} from 'ink';
import {hints} from '../key-hints.js';
import {helpRows, type HelpTableRow} from './help.js';

/**
 * ink-table draws a rule above every row; keep only the one under the titles so the help stays one
 * line per key (its keys are `separator-row-<hash>-<index>`).
 */
class KeyTable extends StaticTable<HelpTableRow> {
	constructor(props: ConstructorParameters<typeof StaticTable<HelpTableRow>>[0]) {
		super(props);
		const rule = this.separator;
		this.separator = row => (row.key.endsWith('-0') ? rule(row) : (null as unknown as ReturnType<typeof rule>));
	}
}

const cut = (text: string, width: number) => ([...text].length <= width ? text : `${[...text].slice(0, Math.max(1, width - 1)).join('')}…`);

/**
 * Every key, read from key-bindings.ts, `rows` of them at a time. A static table, so @alcalzone/ink-table draws it; scrolling
 * passes it a window of rows, and actions are cut to the terminal's width (ink-table does not wrap).
 */
export function HelpOverlay({scroll, width, rows: room}: {scroll: number; width: number; rows: number}) {
	const rows = helpRows();
	const first = Math.min(scroll, Math.max(0, rows.length - room));
	const whereWidth = Math.max(...rows.map(row => row.where.length), 5);
	const keysWidth = Math.max(...rows.map(row => row.keys.length), 4);
	const actionWidth = Math.max(10, width - whereWidth - keysWidth - 10);
	// Padded to the widest of all rows, so the columns stay put while scrolling.
	const data = rows
		.slice(first, first + room)
		.map(row => ({where: row.where.padEnd(whereWidth), keys: row.keys.padEnd(keysWidth), action: cut(row.action, actionWidth)}));
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate-end">{`Keys (${first + 1}-${first + data.length} of ${rows.length}: ${hints.help})`}</Text>
			<KeyTable data={data} columns={['where', 'keys', 'action']} />
		</Box>
	);
}
