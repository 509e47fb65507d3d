import {Box, Text} from 'ink';
import {neutralize} from '../../events/neutralize.js';
import {sparkline} from '../../events/sparkline.js';
import {count, tailOf} from '../format.js';
import type {ErrorCounts} from '../../store/errors.js';
import type {FilterTerm} from '../filters.js';
import type {PaneId} from '../navigation.js';
import type {StreamState} from '../panes/stream/state.js';
import type {HeaderStats} from '../state.js';
import type {Theme} from '../theme.js';

const paneTitles: Record<PaneId, string> = {stream: 'Stream', errors: 'Errors', sessions: 'Sessions', hooks: 'Hooks'};

/** Line one: where, how much, how fast, live or paused. Line two: panes and active filters. */
export function Header(props: {
	dbPath: string;
	stats: HeaderStats;
	stream: StreamState;
	panes: PaneId[];
	pane: PaneId;
	filters: FilterTerm[];
	errors?: ErrorCounts | null;
	width: number;
	theme: Theme;
	/** The keys that set this pane's filters, offered while none is set. */
	hint: string;
}) {
	const {stats, stream, theme, width} = props;
	const rate = stats.perMinute.at(-1) ?? 0;
	const state = stream.following ? '● following' : '❚❚ paused';
	const total = stats.total === null ? '…' : count(stats.total);
	const fixed = `eyelet  ${total} events  ${sparkline(stats.perMinute)} ${rate}/min  ${state}${stats.spool ? `  spool ${stats.spool}` : ''}  `;
	// Error counts ride on the pane tabs (muted groups excluded); line one is full at 80 columns.
	const errors = props.errors;
	const tabNote = (pane: PaneId) => (pane === 'errors' && errors ? ` ✗${count(errors.occurrences)}${errors.fresh ? ` (${count(errors.fresh)} new)` : ''}` : '');
	const path = tailOf(neutralize(props.dbPath, true), Math.max(10, width - fixed.length - 1));
	return (
		<Box flexDirection="column" width={width}>
			<Box flexDirection="row" height={1}>
				<Text bold color={theme.tone('title')}>
					eyelet{' '}
				</Text>
				<Text dimColor={theme.dim}>{` ${path} `}</Text>
				<Text>{` ${total} events `}</Text>
				<Text color={theme.tone('ok')}>{` ${sparkline(stats.perMinute)}`}</Text>
				<Text>{` ${rate}/min `}</Text>
				<Text color={stream.following ? theme.tone('ok') : theme.tone('warn')} bold>{` ${state}`}</Text>
				{stats.spool > 0 ? <Text color={theme.tone('warn')}>{`  spool ${stats.spool}`}</Text> : null}
			</Box>
			<Box flexDirection="row" height={1}>
				{props.panes.length > 1 &&
					props.panes.map(pane => (
						<Box key={pane} flexShrink={0}>
							<Text inverse={pane === props.pane} bold={pane === props.pane} color={pane === 'errors' && errors?.fresh ? theme.tone('error') : undefined}>
								{` ${paneTitles[pane]}${tabNote(pane)} `}
							</Text>
						</Box>
					))}
				<Text wrap="truncate-end">
					{props.filters.length === 0 ? (
						<Text dimColor={theme.dim}>{` no filters · ${props.hint}`}</Text>
					) : (
						<>
							<Text dimColor={theme.dim}> filters: </Text>
							{props.filters.map((filter, index) => (
								<Text key={filter.kind} color={theme.tone('key')}>
									{`${index > 0 ? ' › ' : ''}${neutralize(filter.label, true)}`}
								</Text>
							))}
						</>
					)}
				</Text>
			</Box>
		</Box>
	);
}
