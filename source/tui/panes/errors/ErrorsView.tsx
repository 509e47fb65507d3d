import {Box, Text} from 'ink';
import {neutralize} from '../../../events/neutralize.js';
import {sparkline} from '../../../events/sparkline.js';
import type {ErrorGroup} from '../../../store/error-groups.js';
import type {TriageState} from '../../../store/triage.js';
import {streamColumns} from '../../components/event-columns.js';
import {type Column, Table} from '../../components/Table.js';
import {clockTime, count, projectName} from '../../format.js';
import {keyOf} from '../../key-hints.js';
import type {Theme} from '../../theme.js';
import type {ErrorsState, HookFacts} from './state.js';

/** How a group's state reads at a glance: a glyph and a colour. A regression outranks its stored state. */
export function stateMark(group: ErrorGroup): {glyph: string; label: string; tone: 'error' | 'warn' | 'ok' | 'dim'} {
	if (group.regression) return {glyph: '↺', label: 'regression', tone: 'error'};
	const marks: Record<TriageState, {glyph: string; label: string; tone: 'error' | 'warn' | 'ok' | 'dim'}> = {
		open: {glyph: '●', label: 'open', tone: 'error'},
		acknowledged: {glyph: '○', label: 'acknowledged', tone: 'warn'},
		resolved: {glyph: '✓', label: 'resolved', tone: 'ok'},
		muted: {glyph: '⊘', label: 'muted', tone: 'dim'},
	};
	return marks[group.state];
}

/** 12s, 5m, 3h, 2d: how long ago, in at most four characters. */
export function ago(ts: number, now: number): string {
	const seconds = Math.max(0, Math.floor((now - ts) / 1000));
	if (seconds < 60) return `${seconds}s`;
	if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
	if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
	return `${Math.floor(seconds / 86_400)}d`;
}

/** A command as a row has room for it: each path shortened to its file name ("node ~/x/check.js" → "node check.js"). */
export const shortCommand = (command: string) => neutralize(command, true).replace(/\S*\/(\S+)/g, '$1');

/** A signature as the list shows it: a hook's command shortened (the payload has it in full). */
export function signatureText(group: ErrorGroup, hook: HookFacts | undefined): string {
	if (hook?.command && group.signature.startsWith(`${hook.command}:`))
		return `${shortCommand(hook.command)}${neutralize(group.signature.slice(hook.command.length), true)}`;
	return neutralize(group.signature, true);
}

/** The group list's columns; narrow terminals drop first-seen and keep the last 12 hours of the sparkline. */
export function groupColumns(width: number, theme: Theme, now: number, hooks: Record<string, HookFacts> = {}): Array<Column<ErrorGroup>> {
	const wide = width >= 100;
	const hours = wide ? 24 : 12;
	const columns: Array<Column<ErrorGroup> | null> = [
		{title: 's', width: 1, cell: group => ({text: stateMark(group).glyph, color: theme.tone(stateMark(group).tone), bold: group.regression})},
		{title: 'count', width: 5, align: 'right', cell: group => ({text: count(group.occurrences)})},
		{title: 'new', width: 4, align: 'right', cell: group => ({text: group.fresh ? count(group.fresh) : '', color: theme.tone('error'), bold: true})},
		wide ? {title: 'first', width: 5, align: 'right', cell: group => ({text: ago(group.firstTs, now), dim: true})} : null,
		{title: 'last', width: 4, align: 'right', cell: group => ({text: ago(group.lastTs, now), dim: true})},
		{title: 'ses/pr', width: 6, align: 'right', cell: group => ({text: `${group.sessions}/${group.projects}`, dim: true})},
		{
			title: wide ? 'last 24h' : 'last 12h',
			width: hours,
			cell: group => ({text: sparkline(group.sparkline.slice(-hours)), color: theme.tone(group.fresh ? 'error' : 'dim')}),
		},
		{
			title: 'signature',
			width: 'fill',
			cell: group => ({text: signatureText(group, hooks[group.signature]), color: group.state === 'muted' ? theme.tone('dim') : undefined}),
		},
	];
	return columns.filter((column): column is Column<ErrorGroup> => column !== null);
}

/** The title line: how much is failing, and what the muted toggle hides. */
export function errorsTitle(errors: ErrorsState): string {
	const counts = errors.counts;
	if (!counts || !errors.groups) return 'Errors';
	const parts = [`${count(counts.groups)} group${counts.groups === 1 ? '' : 's'}`, `${count(counts.occurrences)} errors`, `${count(counts.fresh)} new`];
	if (counts.regressions) parts.push(`${counts.regressions} regressed`);
	const toggle = keyOf('errors', 'toggleMuted');
	const muted = errors.showMuted ? `muted shown (${toggle} hides)` : errors.mutedHidden ? `${errors.mutedHidden} muted hidden (${toggle} shows)` : '';
	return `Errors: ${parts.join(' · ')}${muted ? `  ${muted}` : ''}`;
}

/** The two lines under the list about the selected group: for a hook failure, the hook; else its facts; then its newest error. */
export function groupFacts(group: ErrorGroup, hook: HookFacts | undefined): [string, string] {
	const state = stateMark(group).label;
	let first: string;
	if (hook) {
		const command = hook.command ? shortCommand(hook.command) : '?';
		const blocking = hook.blocking ? `${hook.blocking} blocking` : '';
		const nonBlocking = hook.nonBlocking ? `${hook.nonBlocking} non-blocking${hook.exitCodes.length ? ` (exit ${hook.exitCodes.join(', ')})` : ''}` : '';
		const on = hook.hookNames.map(name => neutralize(name, true)).join(', ');
		first = `${group.id} ${state} · hook ${command} on ${on || '?'} · ${[blocking, nonBlocking].filter(Boolean).join(', ')}`;
	} else {
		first = `${group.id} ${state} · ${group.sessions} session${group.sessions === 1 ? '' : 's'}, ${group.projects} project${group.projects === 1 ? '' : 's'} · last in ${projectName(group.lastProject) || '?'} at ${clockTime(group.lastTs)}`;
	}
	return [first, `latest: ${neutralize(group.lastSummary ?? '', true)}`];
}

interface ErrorsViewProps {
	errors: ErrorsState;
	width: number;
	/** Rows of the group list and of the occurrence list (layout.ts). */
	groupHeight: number;
	occurrenceHeight: number;
	theme: Theme;
	now?: number;
}

function GroupList({errors, width, groupHeight, theme, now}: ErrorsViewProps & {now: number}) {
	const group = errors.groups?.[errors.cursor];
	const [facts, latest] = group ? groupFacts(group, errors.hooks[group.signature]) : ['', ''];
	const empty =
		errors.groups === null
			? 'loading…'
			: errors.mutedHidden
				? `no errors to look at (${keyOf('errors', 'toggleMuted')} shows the muted ones)`
				: 'no errors recorded';
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate-end">
				{errorsTitle(errors)}
			</Text>
			<Table
				columns={groupColumns(width, theme, now, errors.hooks)}
				rows={errors.groups ?? []}
				width={width}
				first={errors.top}
				height={groupHeight}
				cursor={errors.cursor}
				empty={empty}
			/>
			<Box flexGrow={1} />
			<Text wrap="truncate-end" color={theme.tone('label')}>
				{facts}
			</Text>
			<Text wrap="truncate-end" dimColor={theme.dim}>
				{latest}
			</Text>
		</Box>
	);
}

function Occurrences({errors, width, occurrenceHeight, theme}: ErrorsViewProps) {
	const open = errors.open!;
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text bold>{`${open.groupId} `}</Text>
				<Text>{neutralize(open.signature, true)}</Text>
			</Text>
			<Table
				columns={streamColumns(width, theme)}
				rows={open.rows}
				width={width}
				first={open.top}
				height={occurrenceHeight}
				cursor={open.cursor}
				empty={open.request ? 'loading…' : 'no occurrences left (pruned)'}
			/>
		</Box>
	);
}

/** The error pane: the groups, or the open group's occurrences. */
export function ErrorsView(props: ErrorsViewProps) {
	return props.errors.open ? <Occurrences {...props} /> : <GroupList {...props} now={props.now ?? Date.now()} />;
}

/** "3/12" for the footer, as the stream shows its position. */
export function errorsPosition(errors: ErrorsState): string | null {
	if (errors.open) return errors.open.rows.length ? `${errors.open.cursor + 1}/${errors.open.rows.length}${errors.open.hasMore ? '+' : ''}` : null;
	return errors.groups?.length ? `${errors.cursor + 1}/${errors.groups.length}` : null;
}
