import {neutralize, terminalJson} from '../events/neutralize.js';
import {type Count, type EventStats, eventStats} from '../store/stats.js';
import {type CostRow, type CostStats, costStats} from '../store/telemetry.js';
import {duration, money, tokens} from '../tui/format.js';
import {usageJson} from './telemetry-json.js';
import type {Command} from './command.js';
import {fit, formatDuration, localTime} from './event-line.js';
import {filterFlags, filterFromFlags, resolveSession} from './filter-flags.js';
import {dbFlag, openExistingReader, resolveDbPath, writeOut} from './shared.js';
import {isoTime} from './time.js';

const topRows = 10;
const hoursShown = 24;
const barWidth = 40;

const clean = (text: string | null, width = 40) => fit(neutralize(text ?? '(none)', true), width);
const number = (n: number) => n.toLocaleString('en-US');

function table(headings: string[], rows: string[][], rightAligned: number[] = []): string[] {
	const widths = headings.map((heading, column) => Math.max(heading.length, ...rows.map(row => row[column]!.length)));
	const line = (cells: string[]) =>
		cells
			.map((cell, column) => (rightAligned.includes(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
			.join('  ')
			.trimEnd();
	return [line(headings), ...rows.map(line)].map(text => `  ${text}`);
}

function countSection(title: string, counts: Count[], total: number): string[] {
	if (counts.length === 0) return [];
	const shown = counts.slice(0, topRows);
	const rows = shown.map(count => [clean(count.key, 60), number(count.events), `${((count.events / total) * 100).toFixed(1)}%`]);
	const more = counts.length > topRows ? [`  … and ${counts.length - topRows} more`] : [];
	return [title, ...table(['', 'EVENTS', 'SHARE'], rows, [1, 2]).slice(1), ...more, ''];
}

function hourSection(stats: EventStats): string[] {
	if (stats.perHour.length === 0) return [];
	const last = stats.perHour.at(-1)!.hour;
	const byHour = new Map(stats.perHour.map(entry => [entry.hour, entry.events]));
	const hours = Array.from({length: hoursShown}, (_, i) => last - (hoursShown - 1 - i) * 3_600_000).filter(hour => hour >= stats.perHour[0]!.hour);
	const peak = Math.max(...hours.map(hour => byHour.get(hour) ?? 0), 1);
	const rows = hours.map(hour => {
		const events = byHour.get(hour) ?? 0;
		return `  ${localTime(hour, true).slice(5, 16)}  ${number(events).padStart(7)}  ${'█'.repeat(Math.round((events / peak) * barWidth))}`;
	});
	return [`Events per hour (last ${hours.length} h of the range)`, ...rows, ''];
}

/** Cost and tokens per day, project and model, from Claude Code's telemetry. */
function costSection(cost: CostStats | null): string[] {
	if (!cost || cost.total.apiCalls === 0) return [];
	const rows = (list: CostRow[], what: (key: string | null) => string) =>
		list.map(row => [
			clean(what(row.key), 40),
			money(row.costUsd),
			number(row.apiCalls),
			tokens(row.inputTokens),
			tokens(row.outputTokens),
			tokens(row.cacheReadTokens),
			tokens(row.cacheCreationTokens),
			duration(row.apiMs),
		]);
	const headings = (first: string) => [first, 'COST', 'CALLS', 'IN', 'OUT', 'CACHE READ', 'CACHE WRITE', 'API TIME'];
	const right = [1, 2, 3, 4, 5, 6, 7];
	return [
		`Cost (Claude Code's telemetry): ${money(cost.total.costUsd)} in ${number(cost.total.apiCalls)} API calls, ${tokens(cost.total.inputTokens)} tokens in, ${tokens(cost.total.outputTokens)} out, ${tokens(cost.total.cacheReadTokens)} cache read`,
		...table(
			headings('DAY'),
			rows(cost.byDay, key => key ?? '?'),
			right,
		),
		'',
		...table(
			headings('PROJECT'),
			rows(cost.byProject.slice(0, topRows), key => key ?? '(no hook events)'),
			right,
		),
		'',
		...table(
			headings('MODEL'),
			rows(cost.byModel, key => key ?? '?'),
			right,
		),
		'',
	];
}

/** The plain-text report. */
export function formatStats(stats: EventStats, cost: CostStats | null = null): string {
	if (stats.total === 0 && !cost?.total.apiCalls) return 'No events match.\n';
	if (stats.total === 0) return `${costSection(cost).join('\n').trimEnd()}\n`;
	const lines = [
		`${number(stats.total)} events, ${localTime(stats.firstTs!, true)} to ${localTime(stats.lastTs!, true)}`,
		'',
		...countSection('By status', stats.byStatus, stats.total),
		...countSection('By event', stats.byEvent, stats.total),
		...countSection(
			'By tool',
			stats.byTool.filter(count => count.key !== null),
			stats.total,
		),
		...countSection('By project', stats.byProject, stats.total),
		...hourSection(stats),
	];
	if (stats.durations.length > 0) {
		const rows = stats.durations.map(d => [clean(d.tool, 30), number(d.calls), formatDuration(d.p50), formatDuration(d.p95), formatDuration(d.max)]);
		lines.push('Duration per tool', ...table(['TOOL', 'CALLS', 'P50', 'P95', 'MAX'], rows, [1, 2, 3, 4]), '');
	}
	if (stats.errorRates.length > 0) {
		const rows = stats.errorRates.map(e => [clean(e.tool, 30), number(e.calls), number(e.errors), `${(e.errorRate * 100).toFixed(1)}%`, number(e.denied)]);
		lines.push('Errors per tool (finished calls)', ...table(['TOOL', 'CALLS', 'ERRORS', 'RATE', 'DENIED'], rows, [1, 2, 3, 4]), '');
	}
	if (stats.slowest.length > 0) {
		const rows = stats.slowest.map(s => [String(s.id), localTime(s.ts, true), clean(s.tool, 20), formatDuration(s.duration_ms), clean(s.summary, 70)]);
		lines.push('Slowest calls', ...table(['ID', 'TIME', 'TOOL', 'DURATION', 'SUMMARY'], rows, [0, 3]), '');
	}
	lines.push(...costSection(cost));
	return `${lines.join('\n').trimEnd()}\n`;
}

function costJson(cost: CostStats | null) {
	if (!cost) return null;
	const row = (name: string) => (entry: CostRow) => ({[name]: entry.key, ...usageJson(entry)});
	return {
		total: usageJson(cost.total),
		by_day: cost.byDay.map(row('day')),
		by_project: cost.byProject.map(row('project')),
		by_model: cost.byModel.map(row('model')),
	};
}

/** The --json shape: the same figures, times as ISO 8601 UTC; `cost` is null without telemetry. */
export function statsJson(stats: EventStats, cost: CostStats | null = null): unknown {
	const iso = (ms: number | null) => (ms === null ? null : isoTime(ms));
	return {
		total: stats.total,
		first: iso(stats.firstTs),
		last: iso(stats.lastTs),
		by_status: stats.byStatus,
		by_event: stats.byEvent,
		by_tool: stats.byTool,
		by_project: stats.byProject,
		per_hour: stats.perHour.map(entry => ({hour: iso(entry.hour), events: entry.events})),
		duration_ms: stats.durations,
		errors: stats.errorRates.map(e => ({tool: e.tool, calls: e.calls, errors: e.errors, denied: e.denied, error_rate: e.errorRate})),
		slowest: stats.slowest.map(s => ({id: s.id, time: iso(s.ts), session_id: s.session_id, tool: s.tool, duration_ms: s.duration_ms, summary: s.summary})),
		cost: costJson(cost),
	};
}

export const command: Command = {
	name: 'stats',
	summary: 'Counts, events per hour, durations and error rates',
	usage: `
  Usage
    $ eyelet stats [--since T] [filters] [--json]

  Counts by status, event, tool and project; events per hour; p50/p95/max duration per tool; error
  rate per tool (PostToolUse and PostToolUseFailure events with status error, over all of them);
  the slowest calls. Over all events unless filtered. With Claude Code's telemetry on (\`eyelet
  install --telemetry\`): cost and tokens per day, project and model (--since, --until, --project
  and --session apply to them too).

  Options
    --since T         only events since 30m, 2h, 7d or an ISO time
    --json            the same figures as one JSON object
    --db PATH         database

  Filters (as in query)
    --session ID  --event NAME  --tool NAME  --status LIST  --project P  --until T  --search TEXT

  Examples
    $ eyelet stats --since 7d
    $ eyelet stats --project webapp --json | jq '.errors[] | select(.error_rate > 0.1)'
`,
	flags: {...dbFlag, ...filterFlags, json: {type: 'boolean', default: false}},
	async run(_input, flags) {
		const db = openExistingReader(resolveDbPath(flags));
		try {
			const filter = resolveSession(db, filterFromFlags(flags));
			const stats = eventStats(db, filter);
			const cost = costStats(db, {since: filter.since, until: filter.until, project: filter.project, sessionId: filter.sessionId});
			await writeOut(flags['json'] ? `${terminalJson(statsJson(stats, cost), 2)}\n` : formatStats(stats, cost));
			return 0;
		} finally {
			db.close();
		}
	},
};
