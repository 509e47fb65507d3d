import {Box, Text} from 'ink';
import {neutralize} from '../../../events/neutralize.js';
import {clientFailures} from '../../../events/hook-time.js';
import {type HookHealth, type HookHealthReport, hookTimeSummary} from '../../../settings/hook-report.js';
import {type Column, Table} from '../../components/Table.js';
import {clockTime, count, duration, tailOf} from '../../format.js';
import {keyOf} from '../../key-hints.js';
import type {HooksState} from './state.js';
import type {Theme} from '../../theme.js';

const show = (text: string) => neutralize(text, true);
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

export function age(ms: number): string {
	const minutes = Math.max(0, Math.round(ms / 60_000));
	if (minutes < 60) return `${minutes}m ago`;
	if (minutes < 48 * 60) return `${Math.round(minutes / 60)}h ago`;
	return `${Math.round(minutes / 1440)}d ago`;
}

/** Where a hook runs, in a few words: "PreToolUse Bash", "+2 more" when configured several times. */
function firedOn(hook: HookHealth): string {
	const first = hook.configured[0];
	const where = first ? `${first.event}${first.matcher ? ` ${first.matcher}` : ''}` : (hook.hookNames[0] ?? '').replace(':', ' ');
	const more = Math.max(hook.configured.length, hook.hookNames.length) - 1;
	return show(`${where}${more > 0 ? ` +${more}` : ''}`);
}

export function hookColumns(theme: Theme, now: number): Array<Column<HookHealth>> {
	return [
		{title: '', width: 1, cell: hook => ({text: hook.failures ? '✗' : '✓', color: hook.failures ? theme.status('error') : theme.status('ok'), bold: true})},
		{title: 'hook command', width: 'fill', cell: hook => ({text: show(hook.command)})},
		{title: 'runs on', width: 18, cell: hook => ({text: firedOn(hook), dim: hook.configured.length === 0})},
		{
			title: 'fails',
			width: 5,
			align: 'right',
			cell: hook => ({text: hook.failures ? count(hook.failures) : '·', color: hook.failures ? theme.status('error') : undefined}),
		},
		{title: 'blk', width: 3, align: 'right', cell: hook => ({text: hook.blocking ? count(hook.blocking) : '·'})},
		{title: 'last', width: 7, align: 'right', cell: hook => ({text: hook.lastFailure ? age(now - hook.lastFailure.ts) : '', dim: true})},
	];
}

/** Claude Code's timing of the hook names a hook runs on: a matcher naming a tool, that tool's; "*" or none, every one of its event. */
function timeLines(hook: HookHealth, report: HookHealthReport): string[] {
	const times = report.time ?? [];
	if (times.length === 0) return [];
	const lines: string[] = [];
	const seen = new Set<string>();
	for (const where of hook.configured) {
		const exact = where.matcher && /^[A-Za-z_][\w-]*$/.test(where.matcher) ? `${where.event}:${where.matcher}` : null;
		for (const time of times) {
			if (time.hookEvent !== where.event || (exact !== null && time.hookName !== exact && time.hookName !== where.event) || seen.has(time.hookName)) continue;
			seen.add(time.hookName);
			const failed = clientFailures(time);
			lines.push(
				`${lines.length === 0 ? 'time' : ''}`.padEnd(12) +
					`${show(time.hookName)}: ${plural(time.runs, 'run')}, ${duration(time.totalMs)}, ${duration(Math.round(time.totalMs / time.runs))} a run (its event's hooks together) · client counted ${failed} failed, ${time.harvested} harvested`,
			);
		}
	}
	return lines;
}

/** The whole hook time in one line: what every hook cost, and eyelet's share. */
export function hookTimeTitle(report: HookHealthReport): string {
	if (!report.time?.length) return '';
	const summary = hookTimeSummary(report);
	const eyelet = summary.eyelet?.fromRuns ? ` (eyelet ~${duration(Math.round(summary.eyelet.shareMs))})` : '';
	return ` · hooks took ${duration(summary.totalMs)} in ${count(summary.runs)} runs${eyelet}`;
}

/** The chosen hook in full: where it is configured, how it failed, its last stderr. Lines of safe text. */
export function hookDetailLines(hook: HookHealth, report: HookHealthReport, now: number, home: string): string[] {
	const tidy = (path: string) =>
		show(path.startsWith(`${report.project}/`) ? path.slice(report.project.length + 1) : path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path);
	const lines = [`command     ${show(hook.command)}`];
	if (hook.configured.length === 0) lines.push('configured  in none of the settings files read (seen only in failures)');
	for (const where of hook.configured)
		lines.push(
			`configured  ${where.scope.padEnd(7)} ${tidy(where.file)}  ${show(where.event)}${where.matcher ? `  ${show(where.matcher)}` : ''}${where.timeout ? `  timeout ${where.timeout}s` : ''}`,
		);
	lines.push(...timeLines(hook, report));
	if (hook.failures === 0) lines.push('failures    none recorded');
	else {
		const kinds = [hook.blocking ? `${hook.blocking} blocking` : '', hook.nonBlocking ? `${hook.nonBlocking} non-blocking` : ''].filter(Boolean).join(', ');
		const codes = Object.entries(hook.exitCodes)
			.map(([code, n]) => `exit ${code} ×${n}`)
			.join(', ');
		lines.push(`failures    ${hook.failures} in ${plural(hook.sessions, 'session')}: ${kinds}${codes ? ` (${codes})` : ''}`);
	}
	const last = hook.lastFailure;
	if (last) {
		const how = last.exitCode !== null ? `exit ${last.exitCode}` : last.blocking ? 'blocked' : 'failed';
		lines.push(
			`last        ${clockTime(last.ts)} (${age(now - last.ts)})  ${show(last.hookName ?? '')}  ${how}  · ${keyOf('hooks', 'open')}: its call in the timeline`,
		);
		const stderr = last.stderr
			.split('\n')
			.map(line => line.trimEnd())
			.filter(Boolean);
		for (const [index, line] of stderr.entries()) lines.push(`${index === 0 ? 'stderr' : ''}`.padEnd(12) + show(line.slice(0, 300)));
		if (stderr.length === 0) lines.push('stderr      (empty)');
	}
	return lines;
}

/** "Which of my hooks is broken": every hook command known, failing ones first, the chosen one below. */
export function HooksView({
	hooks,
	width,
	height,
	listHeight,
	theme,
	now = Date.now(),
	home = process.env['HOME'] ?? '',
}: {
	hooks: HooksState;
	width: number;
	/** Lines of the whole pane, and the most the list may take of them (layout.ts). */
	height: number;
	listHeight: number;
	theme: Theme;
	now?: number;
	home?: string;
}) {
	const report = hooks.report;
	if (!report)
		return (
			<Text dimColor={theme.dim} wrap="truncate-end">
				reading hook settings and failures…
			</Text>
		);
	const failing = report.hooks.filter(hook => hook.failures > 0).length;
	const listRows = Math.max(1, Math.min(report.hooks.length || 1, listHeight));
	const chosen = report.hooks[hooks.cursor];
	const detail = chosen ? hookDetailLines(chosen, report, now, home) : [];
	const room = Math.max(0, height - 2 - listRows - 1);
	const stderrFrom = detail.findIndex(line => line.startsWith('stderr'));
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text bold>{`Hooks for ${tailOf(show(report.project), Math.max(10, width - 40))}`}</Text>
				<Text dimColor={theme.dim}>{`  ${plural(report.hooks.length, 'command')}, `}</Text>
				<Text color={failing ? theme.status('error') : theme.status('ok')}>{`${failing} failing`}</Text>
				<Text dimColor={theme.dim}>{hookTimeTitle(report)}</Text>
				{report.problems.length ? <Text color={theme.tone('warn')}>{`  ⚠ ${show(report.problems[0]!)}`}</Text> : null}
			</Text>
			<Table
				columns={hookColumns(theme, now)}
				rows={report.hooks}
				rowKey={hook => hook.command}
				width={width}
				first={hooks.top}
				height={listRows}
				cursor={hooks.cursor}
				empty="no hook commands configured, and no hook failures recorded"
			/>
			<Text dimColor={theme.dim} wrap="truncate-end">
				{'─'.repeat(width)}
			</Text>
			{detail.slice(0, room).map((line, index) => (
				<Text key={index} wrap="truncate-end" color={stderrFrom >= 0 && index >= stderrFrom ? theme.tone('error') : undefined}>
					{line}
				</Text>
			))}
		</Box>
	);
}
