import {Box, Text} from 'ink';
import {neutralize} from '../../../events/neutralize.js';
import type {SessionRow} from '../../../store/sessions.js';
import {type Column, Table} from '../../components/Table.js';
import {count, duration, money, projectName, sessionState, shortId, tokens} from '../../format.js';
import {hints, keyOf} from '../../key-hints.js';
import type {Theme} from '../../theme.js';
import {sortLabels} from './reduce.js';
import {sessionAtCursor, type SessionsState} from './state.js';
import type {SessionUsage} from '../../../events/telemetry-row.js';

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

/**
 * The sessions table's columns for a width: 80 columns keep every count, wider ones add room and dates,
 * narrower drop branch and start. With telemetry (`usage` for the sessions shown), a cost column; the
 * branch gives way to it below 90 columns.
 */
export function sessionColumns(width: number, theme: Theme, now: number, usage: ReadonlyMap<string, SessionUsage> = new Map()): Array<Column<SessionRow>> {
	const wide = width >= 110;
	const costs = usage.size > 0;
	const columns: Array<Column<SessionRow> | null> = [
		{title: 'sess', width: wide ? 8 : 6, cell: row => ({text: shortId(row.sessionId, wide ? 8 : 6), color: theme.session(row.sessionId)})},
		{title: 'project', width: wide ? 16 : 11, cell: row => ({text: projectName(row.project)})},
		width >= (costs ? 90 : 76)
			? {title: 'branch', width: wide ? 14 : 9, cell: row => ({text: row.gitBranch ? neutralize(row.gitBranch, true) : '', dim: true})}
			: null,
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
		costs
			? {
					title: 'cost',
					width: 7,
					align: 'right',
					cell: row => {
						const found = usage.get(row.sessionId);
						return {text: found ? money(found.costUsd) : '·', dim: !found};
					},
				}
			: null,
		{
			title: 'state',
			width: 'fill',
			cell: row => ({text: sessionState(row), color: row.state === 'live' ? theme.tone('ok') : undefined, dim: row.state !== 'live'}),
		},
	];
	return columns.filter((column): column is Column<SessionRow> => column !== null);
}

/** The selected session's telemetry in one line: what the table has no room for. */
export function usageStrip(session: SessionRow | undefined, usage: ReadonlyMap<string, SessionUsage>): string {
	if (!session) return '';
	const found = usage.get(session.sessionId);
	if (!found) return `${shortId(session.sessionId, 8)}: no telemetry from Claude Code for this session (\`eyelet install --telemetry\` turns it on)`;
	return [
		`${shortId(session.sessionId, 8)}: ${money(found.costUsd)}`,
		`${count(found.apiCalls)} API call${found.apiCalls === 1 ? '' : 's'} ${duration(found.apiMs)}`,
		`${tokens(found.inputTokens)} in, ${tokens(found.outputTokens)} out, ${tokens(found.cacheReadTokens)} cache read`,
		neutralize(found.models.join(', '), true),
	].join(' · ');
}

/** One line saying how many sessions and in what order, the window of rows around the cursor (`height` of them), and the selected one's telemetry. */
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
				columns={sessionColumns(width, theme, now, sessions.usage)}
				rows={sessions.rows}
				rowKey={row => row.sessionId}
				width={width}
				first={Math.max(0, sessions.top - sessions.offset)}
				height={height}
				cursor={sessions.cursor - sessions.offset}
				empty={empty}
			/>
			<Text dimColor={theme.dim} wrap="truncate-end">
				{usageStrip(sessionAtCursor(sessions), sessions.usage) || ' '}
			</Text>
		</Box>
	);
}
