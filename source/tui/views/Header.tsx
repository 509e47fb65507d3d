import {Box, Text} from 'ink';
import {neutralize} from '../../events/neutralize.js';
import {sparkline} from '../../events/sparkline.js';
import {count, duration, tailOf} from '../format.js';
import type {ErrorCounts} from '../../store/error-groups.js';
import type {FilterTerm} from '../filters.js';
import type {PaneId} from '../navigation.js';
import type {StreamState} from '../panes/stream/state.js';
import type {HeaderStats} from '../state.js';
import type {Theme} from '../theme.js';

const paneTitles: Record<PaneId, string> = {stream: 'Stream', errors: 'Errors', sessions: 'Sessions', hooks: 'Hooks'};

/** Line one's parts as they fit a width; empty ones are left out. */
export interface HeaderParts {
	path: string;
	count: string;
	spark: string;
	rate: string;
	state: string;
	spool: string;
	serve: string;
	/** The export's lag, then its last error (the error is cut first when the line is too long). */
	export: string;
}

const joined = (parts: HeaderParts) =>
	['eyelet', parts.path, parts.count, [parts.spark, parts.rate].filter(Boolean).join(' '), parts.state, parts.spool, parts.serve, parts.export]
		.filter(Boolean)
		.join('  ');

/** The daemon in a few characters: `serve ● 12/s` (its queue when events wait), or `serve ○ down`. */
export function serveText(serve: HeaderStats['serve']): string {
	if (!serve) return '';
	if (!serve.running) return 'serve ○ down';
	return `serve ● ${serve.perSecond}/s${serve.queue ? ` q${serve.queue}` : ''}`;
}

/** The export in a few characters: `export lag 0s`, or `export ✗ lag 4m12 · <the last error>` while it fails. */
export function exportText(serve: HeaderStats['serve']): string {
	const status = serve?.running ? serve.export : null;
	if (!status) return '';
	const lag = `lag ${status.lagMs === 0 ? '0s' : duration(status.lagMs)}`;
	return status.error ? `export ✗ ${lag} · ${cutEnd(neutralize(status.error, true), errorLength)}` : `export ${lag}`;
}

/** The most of the export's error the header gives room to: the rest is in doctor and /health. */
const errorLength = 60;

/** `text` cut to `length` characters with an ellipsis; the export's error goes no shorter than its lag (before " · "). */
function cutEnd(text: string, length: number): string {
	if ([...text].length <= length) return text;
	const keep = text.indexOf(' · ');
	if (keep >= 0 && length <= keep + 6) return text.slice(0, keep);
	return `${[...text].slice(0, Math.max(1, length - 1)).join('')}…`;
}

/** The shortest a cut path gets before it goes: enough for "…/events.db". */
const shortestPath = 12;
/** The fewest minutes the sparkline keeps before it goes. */
const fewestMinutes = 10;

/**
 * Line one as it fits `width`, never wider: the path gives way first (cut from the left, so its file
 * name stays), then the sparkline's oldest minutes, then the path, the sparkline and the rate go, and
 * last the export's error is cut. The count, follow state, spool, daemon and export lag stay as long as anything does.
 */
export function headerParts(stats: HeaderStats, following: boolean, dbPath: string, width: number): HeaderParts {
	const path = neutralize(dbPath, true);
	const minutes = sparkline(stats.perMinute);
	const parts: HeaderParts = {
		path,
		count: `${stats.total === null ? '…' : count(stats.total)} events`,
		spark: minutes,
		rate: `${stats.perMinute.at(-1) ?? 0}/min`,
		state: following ? '● following' : '❚❚ paused',
		spool: stats.spool ? `spool ${stats.spool}` : '',
		serve: serveText(stats.serve),
		export: exportText(stats.serve),
	};
	const exportError = parts.export;
	const over = () => [...joined(parts)].length - width;
	const cutPath = (length: number) => (parts.path = tailOf(path, Math.max(1, length)));
	const steps = [
		() => cutPath(Math.max(shortestPath, [...parts.path].length - over())),
		() => (parts.spark = [...minutes].slice(-Math.max(fewestMinutes, [...parts.spark].length - over())).join('')),
		() => (parts.path = ''),
		() => (parts.spark = ''),
		() => (parts.rate = ''),
		() => (parts.export = cutEnd(exportError, [...exportError].length - over())),
	];
	for (const step of steps) {
		if (over() <= 0) break;
		step();
	}
	return parts;
}

/** Line one: where, how much, how fast, live or paused. Line two: panes and active filters. Neither ever wraps. */
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
	const parts = headerParts(stats, stream.following, props.dbPath, width);
	// Error counts ride on the pane tabs (muted groups excluded).
	const errors = props.errors;
	const tabNote = (pane: PaneId) => (pane === 'errors' && errors ? ` ✗${count(errors.occurrences)}${errors.fresh ? ` (${count(errors.fresh)} new)` : ''}` : '');
	const gap = (text: string) => (text ? '  ' : '');
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text bold color={theme.tone('title')}>
					eyelet
				</Text>
				<Text dimColor={theme.dim}>{`${gap(parts.path)}${parts.path}`}</Text>
				<Text>{`  ${parts.count}`}</Text>
				<Text color={theme.tone('ok')}>{`${gap(parts.spark)}${parts.spark}`}</Text>
				<Text>{parts.rate ? `${parts.spark ? ' ' : '  '}${parts.rate}` : ''}</Text>
				<Text color={stream.following ? theme.tone('ok') : theme.tone('warn')} bold>{`  ${parts.state}`}</Text>
				<Text color={theme.tone('warn')}>{`${gap(parts.spool)}${parts.spool}`}</Text>
				<Text color={stats.serve?.running ? theme.tone('ok') : theme.tone('warn')}>{`${gap(parts.serve)}${parts.serve}`}</Text>
				<Text color={stats.serve?.export?.error ? theme.tone('error') : theme.tone('ok')}>{`${gap(parts.export)}${parts.export}`}</Text>
			</Text>
			<Text wrap="truncate-end">
				{props.panes.length > 1 &&
					props.panes.map(pane => (
						<Text
							key={pane}
							inverse={pane === props.pane}
							bold={pane === props.pane}
							color={pane === 'errors' && errors?.fresh ? theme.tone('error') : undefined}
						>
							{` ${paneTitles[pane]}${tabNote(pane)} `}
						</Text>
					))}
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
	);
}
