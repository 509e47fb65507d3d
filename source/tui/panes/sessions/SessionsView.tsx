import {Box, Text} from 'ink';
import {neutralize} from '../../../events/neutralize.js';
import type {SessionRow} from '../../../store/sessions.js';
import {type Column, Table} from '../../components/Table.js';
import {count, duration, projectName, sessionState, shortId} from '../../format.js';
import {hints, keyOf} from '../../key-hints.js';
import type {Theme} from '../../theme.js';
import {sortLabels} from './reduce.js';
import type {SessionsState} from './state.js';

const two = (n: number) => String(n).padStart(2, '0');

/** When a session was active, in 5 characters: HH:MM today, MM-DD before; with both when there is room. */
export function when(ts: number, now: number, wide: boolean): string {
	const date = new Date(ts);
	const day = `${two(date.getMonth() + 1)}-${two(date.getDate())}`;
	const time = `${two(date.getHours())}:${two(date.getMinutes())}`;
	if (wide) return `${day} ${time}`;
	return new Date(now).toDateString() === date.toDateString() ? time : day;
}

const number = (n: number) => (n === 0 ? '·' : count(n));

/** The sessions table's columns for a width: 80 columns keep every count, wider ones add room and dates, narrower drop branch and start. */
export function sessionColumns(width: number, theme: Theme, now: number): Array<Column<SessionRow>> {
	const wide = width >= 110;
	const columns: Array<Column<SessionRow> | null> = [
		{title: 'sess', width: wide ? 8 : 6, cell: row => ({text: shortId(row.sessionId, wide ? 8 : 6), color: theme.session(row.sessionId)})},
		{title: 'project', width: wide ? 16 : 11, cell: row => ({text: projectName(row.project)})},
		width >= 76 ? {title: 'branch', width: wide ? 14 : 9, cell: row => ({text: row.gitBranch ? neutralize(row.gitBranch, true) : '', dim: true})} : null,
		width >= 66 ? {title: 'start', width: wide ? 11 : 5, cell: row => ({text: when(row.firstTs, now, wide), dim: true})} : null,
		{title: 'last', width: wide ? 11 : 5, cell: row => ({text: when(row.lastTs, now, wide)})},
		{title: 'took', width: 5, align: 'right', cell: row => ({text: duration(row.durationMs), dim: true})},
		{title: 'prm', width: 3, align: 'right', cell: row => ({text: number(row.prompts)})},
		{title: 'calls', width: 5, align: 'right', cell: row => ({text: number(row.toolCalls)})},
		{
			title: 'err',
			width: 3,
			align: 'right',
			cell: row => ({text: number(row.errors), color: row.errors ? theme.status('error') : undefined, bold: row.errors > 0}),
		},
		{title: 'sub', width: 3, align: 'right', cell: row => ({text: number(row.subagents)})},
		{
			title: 'state',
			width: 'fill',
			cell: row => ({text: sessionState(row), color: row.state === 'live' ? theme.tone('ok') : undefined, dim: row.state !== 'live'}),
		},
	];
	return columns.filter((column): column is Column<SessionRow> => column !== null);
}

/** One line saying how many sessions and in what order, then the window of rows around the cursor (`height` of them). */
export function SessionsView({
	sessions,
	width,
	height,
	theme,
	now = Date.now(),
}: {
	sessions: SessionsState;
	width: number;
	height: number;
	theme: Theme;
	now?: number;
}) {
	const order = `by ${sortLabels[sessions.sort]} ${sessions.descending ? '↓' : '↑'}`;
	const empty = !sessions.loaded
		? 'loading…'
		: sessions.filters.length
			? `no sessions match these filters (${keyOf('sessions', 'clearLast')} removes the last one)`
			: 'no sessions yet';
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text bold>{sessions.loaded ? `${count(sessions.total)} session${sessions.total === 1 ? '' : 's'}` : 'sessions'}</Text>
				<Text dimColor={theme.dim}>{`  ${order} · ${hints.sessionsTitle}`}</Text>
			</Text>
			<Table
				columns={sessionColumns(width, theme, now)}
				rows={sessions.rows}
				rowKey={row => row.sessionId}
				width={width}
				first={Math.max(0, sessions.top - sessions.offset)}
				height={height}
				cursor={sessions.cursor - sessions.offset}
				empty={empty}
			/>
		</Box>
	);
}
