import {existsSync} from 'node:fs';
import {homedir} from 'node:os';
import {resolve} from 'node:path';
import {clientFailures} from '../events/hook-time.js';
import {neutralize, terminalJson} from '../events/neutralize.js';
import {duration} from '../tui/format.js';
import {projectRoot} from '../settings/claude-settings.js';
import {openReader, type ReadDb} from '../store/db.js';
import {type HookHealth, hookHealth, type HookHealthReport, hookTimeSummary} from '../settings/hook-report.js';
import {recordedHookFacts} from '../store/hooks.js';
import {hasEventsTable} from '../store/migrate.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {dbFlag, resolveDbPath, writeOut} from './shared.js';
import {isoTime} from './time.js';

/** The database if it exists and holds events; the hooks view still lists configured hooks without one. */
function openIfPresent(path: string): ReadDb | null {
	if (!existsSync(path)) return null;
	try {
		const db = openReader(path);
		if (hasEventsTable(db)) return db;
		db.close();
		return null;
	} catch (error) {
		throw new UserError(`cannot read ${path}: ${(error as Error).message}`);
	}
}

function age(ms: number): string {
	const minutes = Math.max(0, Math.round(ms / 60_000));
	if (minutes < 60) return `${minutes}m ago`;
	if (minutes < 48 * 60) return `${Math.round(minutes / 60)}h ago`;
	return `${Math.round(minutes / 1440)}d ago`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function failureLine(hook: HookHealth): string {
	if (hook.failures === 0) return 'none recorded';
	const kinds = [hook.blocking ? `${hook.blocking} blocking` : '', hook.nonBlocking ? `${hook.nonBlocking} non-blocking` : ''].filter(Boolean).join(', ');
	const codes = Object.entries(hook.exitCodes)
		.map(([code, count]) => `exit ${code} ×${count}`)
		.join(', ');
	return `${hook.failures} in ${plural(hook.sessions, 'session')}: ${kinds}${codes ? ` (${codes})` : ''}`;
}

const failuresText = (client: number, harvested: number) => (client === harvested ? `${client}` : `${client} (${harvested} harvested)`);

/** What hooks cost, as Claude Code timed them: per event, per tool, eyelet's own share, failures reconciled. */
function hookTimeLines(report: HookHealthReport): string[] {
	if (!report.time?.length) return [];
	const show = (text: string) => neutralize(text, true);
	const summary = hookTimeSummary(report);
	const lines = [
		`Hook time, as Claude Code timed it: ${summary.runs} runs, ${duration(summary.totalMs)} (each run is all of an event's hooks, run in parallel)`,
	];
	if (summary.eyelet?.fromRuns === 0) lines.push("  eyelet's own hook: not measurable: every run had other hooks too (its share shows where it runs alone)");
	else if (summary.eyelet)
		lines.push(
			`  eyelet's own hook: ${duration(Math.round(summary.eyelet.perRunMs))} a run (from ${summary.eyelet.fromRuns} runs where it ran alone), about ${duration(Math.round(summary.eyelet.shareMs))} of the ${duration(summary.totalMs)}; your hooks the rest`,
		);
	lines.push(
		`  failures the client counted: ${summary.clientFailures}; harvested from the transcripts: ${summary.harvested}${summary.clientFailures > summary.harvested ? ' (the rest not yet harvested, or eyelet deliveries that failed and were rebuilt)' : ''}`,
		'',
	);
	const rows = (items: Array<{key: string; runs: number; total: number; per: number; failures: string}>, heading: string) => {
		const width = Math.max(heading.length, ...items.map(item => [...item.key].length));
		lines.push(`  ${heading.padEnd(width)}  ${'RUNS'.padStart(6)}  ${'TOTAL'.padStart(8)}  ${'EACH'.padStart(7)}  FAILURES`);
		for (const item of items)
			lines.push(
				`  ${show(item.key).padEnd(width)}  ${String(item.runs).padStart(6)}  ${duration(item.total).padStart(8)}  ${duration(Math.round(item.per)).padStart(7)}  ${item.failures}`,
			);
		lines.push('');
	};
	rows(
		summary.byEvent.map(group => ({
			key: group.key,
			runs: group.runs,
			total: group.totalMs,
			per: group.totalMs / group.runs,
			failures: failuresText(group.clientFailures, group.harvested),
		})),
		'PER EVENT',
	);
	if (summary.byTool.length)
		rows(
			summary.byTool.map(group => ({
				key: group.key,
				runs: group.calls,
				total: group.totalMs,
				per: group.calls ? group.totalMs / group.calls : 0,
				failures: failuresText(group.clientFailures, group.harvested),
			})),
			'PER TOOL CALL',
		);
	rows(
		(report.time ?? []).map(time => ({
			key: time.hookName,
			runs: time.runs,
			total: time.totalMs,
			per: time.totalMs / time.runs,
			failures: failuresText(clientFailures(time), time.harvested),
		})),
		'PER HOOK NAME',
	);
	return lines;
}

/** The hooks view as text: one block per command, failing ones first. Every string from files or payloads is neutralized. */
export function renderHookHealth(report: HookHealthReport, context: {now: number; home: string}): string {
	const show = (text: string) => neutralize(text, true);
	const tidy = (path: string) => {
		if (path.startsWith(`${report.project}/`)) return show(path.slice(report.project.length + 1));
		return show(path.startsWith(`${context.home}/`) ? `~${path.slice(context.home.length)}` : path);
	};
	const lines: string[] = [`Hooks for ${show(report.project)}`];
	lines.push(`  settings: ${report.files.map(file => `${file.scope} ${tidy(file.path)}${file.exists ? '' : ' (none)'}`).join(', ')}`, '');
	if (report.hooks.length === 0) lines.push('No hook commands configured, and no hook failures recorded.');
	for (const hook of report.hooks) {
		lines.push(`${hook.failures ? '✗' : '✓'} ${show(hook.command)}`);
		if (hook.configured.length === 0) lines.push('    configured  in none of these settings files (seen only in failures)');
		for (const where of hook.configured) {
			lines.push(`    configured  ${where.scope.padEnd(7)} ${tidy(where.file)}  ${show(where.event)}${where.matcher ? `  ${show(where.matcher)}` : ''}`);
		}
		lines.push(`    failures    ${failureLine(hook)}`);
		const last = hook.lastFailure;
		if (last) {
			const how = last.exitCode !== null ? `exit ${last.exitCode}` : last.blocking ? 'blocked' : 'failed';
			lines.push(`    last        ${isoTime(last.ts)} (${age(context.now - last.ts)})  ${show(last.hookName ?? '')}  ${how}`);
			const stderr = last.stderr
				.split('\n')
				.map(line => line.trimEnd())
				.filter(Boolean);
			for (const [index, line] of stderr.slice(0, 3).entries()) lines.push(`    ${index === 0 ? 'stderr    ' : '          '}  ${show(line.slice(0, 200))}`);
			if (stderr.length > 3) lines.push(`                … ${plural(stderr.length - 3, 'more line')}`);
		}
		lines.push('');
	}
	lines.push(...hookTimeLines(report));
	return `${lines.join('\n').trimEnd()}\n`;
}

function hookTimeJson(report: HookHealthReport) {
	if (!report.time?.length) return null;
	const summary = hookTimeSummary(report);
	const group = (g: {key: string; runs: number; totalMs: number; clientFailures: number; harvested: number}) => ({
		runs: g.runs,
		total_ms: g.totalMs,
		client_failures: g.clientFailures,
		harvested_failures: g.harvested,
	});
	return {
		runs: summary.runs,
		total_ms: summary.totalMs,
		// null when eyelet's hooks are not configured; per_run_ms and share_ms null when it never ran alone.
		eyelet: summary.eyelet && {
			per_run_ms: summary.eyelet.fromRuns ? summary.eyelet.perRunMs : null,
			from_runs: summary.eyelet.fromRuns,
			share_ms: summary.eyelet.fromRuns ? summary.eyelet.shareMs : null,
		},
		client_failures: summary.clientFailures,
		harvested_failures: summary.harvested,
		by_event: summary.byEvent.map(g => ({event: g.key, ...group(g)})),
		by_tool: summary.byTool.map(g => ({tool: g.key, calls: g.calls, ...group(g)})),
		by_hook_name: (report.time ?? []).map(time => ({
			hook_name: time.hookName,
			event: time.hookEvent,
			runs: time.runs,
			hooks: time.hooks,
			total_ms: time.totalMs,
			max_ms: time.maxMs,
			solo_runs: time.soloRuns,
			solo_ms: time.soloMs,
			blocking: time.blocking,
			non_blocking: time.nonBlocking,
			cancelled: time.cancelled,
			harvested_failures: time.harvested,
		})),
	};
}

/** The hooks view as the stable JSON scripts rely on. */
export function hookHealthJson(report: HookHealthReport): unknown {
	return {
		hook_time: hookTimeJson(report),
		project: report.project,
		files: report.files,
		problems: report.problems,
		hooks: report.hooks.map(hook => ({
			command: hook.command,
			configured: hook.configured,
			failures: hook.failures,
			blocking: hook.blocking,
			non_blocking: hook.nonBlocking,
			exit_codes: hook.exitCodes,
			hook_names: hook.hookNames,
			sessions: hook.sessions,
			first_failure: hook.firstFailureTs === null ? null : isoTime(hook.firstFailureTs),
			last_failure: hook.lastFailure && {
				id: hook.lastFailure.id,
				time: isoTime(hook.lastFailure.ts),
				hook_name: hook.lastFailure.hookName,
				blocking: hook.lastFailure.blocking,
				exit_code: hook.lastFailure.exitCode,
				stderr: hook.lastFailure.stderr,
				session_id: hook.lastFailure.sessionId,
				tool_use_id: hook.lastFailure.toolUseId,
				project: hook.lastFailure.project,
			},
		})),
	};
}

export const command: Command = {
	name: 'hooks',
	summary: 'Every hook command configured or seen failing, with its failures',
	usage: `
  Usage
    $ eyelet hooks [--json] [--project DIR] [--db PATH]

  Which of my hooks is broken? Lists every hook command known: from the Claude Code settings of all
  scopes (~/.claude/settings.json, and the project's .claude/settings.json and settings.local.json)
  and from the hook failures recorded. For each: where it is configured (file, event, matcher), its
  failures (blocking, non-blocking, exit codes), and the last failure with its stderr. Commands that
  failed most recently come first.

  Hook failures come from the session transcripts: the recorder reads them at the end of each turn,
  and \`eyelet harvest\` brings in older ones.

  Options
    --json           one JSON object: project, files, problems, hooks
    --project DIR    the project whose settings to read (default: the git root of the current folder)
    --db PATH        database (default: EYELET_DB, config, ~/.local/share/eyelet/events.db)
`,
	flags: {...dbFlag, json: {type: 'boolean', default: false}, project: {type: 'string'}},
	async run(_input, flags) {
		const project = projectRoot(typeof flags['project'] === 'string' && flags['project'] ? resolve(flags['project']) : process.cwd());
		const home = process.env['HOME'] || homedir();
		const db = openIfPresent(resolveDbPath(flags));
		let report: HookHealthReport;
		try {
			report = hookHealth(recordedHookFacts(db), {project, home});
		} finally {
			db?.close();
		}
		if (flags['json']) {
			await writeOut(`${terminalJson(hookHealthJson(report), 2)}\n`);
			return 0;
		}
		for (const problem of report.problems) process.stderr.write(`eyelet: ${neutralize(problem, true)}\n`);
		await writeOut(renderHookHealth(report, {now: Date.now(), home}));
		return 0;
	},
};
