import {Box, Text} from 'ink';
import {neutralize} from '../../../events/neutralize.js';
import {type Column, Table} from '../../components/Table.js';
import {clockTime, count, duration, money, projectName, sessionState, shortId} from '../../format.js';
import type {Theme} from '../../theme.js';
import type {LineTone, TimelineLine} from './lines.js';
import type {TimelineState} from './state.js';

const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

function toneColor(tone: LineTone, theme: Theme): string | undefined {
	switch (tone) {
		case 'error':
			return theme.tone('error');
		case 'warn':
			return theme.tone('warn');
		case 'running':
			return theme.tone('key');
		case 'dim':
			return theme.tone('dim');
		default:
			return undefined;
	}
}

/** Time, what, and the duration; with telemetry, the hooks' time and (when some call waited) the wait for permission. */
export function timelineColumns(theme: Theme, lines: readonly TimelineLine[] = []): Array<Column<TimelineLine>> {
	const hooks = lines.some(line => line.hooks != null);
	const waits = lines.some(line => line.wait != null);
	const columns: Array<Column<TimelineLine> | null> = [
		{title: 'time', width: 8, cell: line => ({text: clockTime(line.ts), dim: true})},
		{
			title: 'what',
			width: 'fill',
			cell: line => ({text: `${'  '.repeat(line.depth)}${line.mark} ${line.text}`, color: toneColor(line.tone, theme), bold: line.tone === 'prompt'}),
		},
		// The timeline shows no column titles: the letter says what the number is (the title line names them).
		waits
			? {title: 'wait', width: 7, align: 'right', cell: line => ({text: line.wait == null ? '' : `p:${duration(line.wait)}`, color: theme.tone('warn')})}
			: null,
		hooks ? {title: 'hooks', width: 7, align: 'right', cell: line => ({text: line.hooks == null ? '' : `h:${duration(line.hooks)}`, dim: true})} : null,
		{title: 'took', width: 6, align: 'right', cell: line => ({text: duration(line.took), dim: true})},
	];
	return columns.filter((column): column is Column<TimelineLine> => column !== null);
}

/** The title line: which session, where, live or ended, and what it holds. */
export function timelineTitle(timeline: TimelineState): string {
	const session = timeline.session;
	const parts = [`session ${shortId(timeline.sessionId, 8)}`];
	if (timeline.usage) parts.push(`${money(timeline.usage.costUsd)} in ${plural(timeline.usage.apiCalls, 'API call')}`);
	if (session) {
		parts.push(`${projectName(session.project) || '?'}${session.gitBranch ? ` (${neutralize(session.gitBranch, true)})` : ''}`, sessionState(session));
		parts.push(
			`${plural(session.prompts, 'prompt')}, ${plural(session.toolCalls, 'call')}, ${plural(session.errors, 'error')}, ${plural(session.subagents, 'subagent')}`,
		);
	}
	const lines = timeline.lines ?? [];
	if (lines.some(line => line.hooks != null)) parts.push(`h: hook time${lines.some(line => line.wait != null) ? ', p: wait for permission' : ''}`);
	if (timeline.omitted) parts.push(`${count(timeline.omitted)} older events not shown`);
	return parts.join(' · ');
}

/** A session as the chain it was (`height` rows under the title): prompts, paired calls, batches, nested subagents, hook failures, endings. */
export function TimelineView({timeline, width, height, theme}: {timeline: TimelineState; width: number; height: number; theme: Theme}) {
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate-end" color={theme.session(timeline.sessionId)}>
				{timelineTitle(timeline)}
			</Text>
			<Table
				columns={timelineColumns(theme, timeline.lines ?? [])}
				rows={timeline.lines ?? []}
				rowKey={line => line.key}
				width={width}
				first={timeline.top}
				height={height}
				cursor={timeline.cursor}
				showHeader={false}
				empty={timeline.lines === null ? 'loading…' : 'no events recorded for this session'}
			/>
		</Box>
	);
}
