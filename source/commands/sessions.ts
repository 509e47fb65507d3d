import type {SessionUsage} from '../events/telemetry-row.js';
import {listSessions, type SessionRow, type SessionSort, sessionSorts} from '../store/sessions.js';
import {sessionsUsage} from '../store/telemetry.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {dbFlag, openExistingReader, resolveDbPath, writeOut} from './shared.js';
import {duration, money, projectName, tokens} from '../tui/format.js';
import {modelsLine, sessionUsageJson} from './telemetry-json.js';
import {age, compactDuration, textTable} from './text-table.js';
import {isoTime, parseTime} from './time.js';
import {terminalJson} from '../events/neutralize.js';

/** One session as the stable JSON object scripts rely on; `telemetry` is what Claude Code reported it cost, or null. */
export function sessionJson(session: SessionRow, usage?: SessionUsage | null) {
	return {
		session_id: session.sessionId,
		project: session.project,
		cwd: session.cwd,
		git_branch: session.gitBranch,
		first_seen: isoTime(session.firstTs),
		last_seen: isoTime(session.lastTs),
		duration_ms: session.durationMs,
		events: session.events,
		prompts: session.prompts,
		tool_calls: session.toolCalls,
		errors: session.errors,
		muted_errors: session.mutedErrors,
		subagents: session.subagents,
		state: session.state,
		ended_at: session.endedTs === null ? null : isoTime(session.endedTs),
		end_reason: session.endReason,
		telemetry: sessionUsageJson(usage),
	};
}

/** live, or ended with its reason. */
export const sessionState = (session: SessionRow): string => (session.state === 'live' ? 'live' : `ended (${session.endReason ?? 'other'})`);

export function sessionsTable(sessions: readonly SessionRow[], usage: ReadonlyMap<string, SessionUsage> = new Map(), now = Date.now()): string {
	const of = (session: SessionRow) => usage.get(session.sessionId);
	const cell = (session: SessionRow, text: (found: SessionUsage) => string) => {
		const found = of(session);
		return found ? text(found) : '';
	};
	// The telemetry columns only when a session shown has telemetry; the models last, cut to the terminal.
	const telemetry = usage.size
		? [
				{heading: 'COST', cell: (session: SessionRow) => cell(session, found => money(found.costUsd)), align: 'right' as const},
				{heading: 'IN', cell: (session: SessionRow) => cell(session, found => tokens(found.inputTokens)), align: 'right' as const},
				{heading: 'OUT', cell: (session: SessionRow) => cell(session, found => tokens(found.outputTokens)), align: 'right' as const},
				{heading: 'CACHE', cell: (session: SessionRow) => cell(session, found => tokens(found.cacheReadTokens)), align: 'right' as const},
				{heading: 'API', cell: (session: SessionRow) => cell(session, found => String(found.apiCalls)), align: 'right' as const},
				{heading: 'API TIME', cell: (session: SessionRow) => cell(session, found => duration(found.apiMs)), align: 'right' as const},
			]
		: [];
	return textTable(sessions, [
		{heading: 'SESSION', cell: session => session.sessionId.slice(0, 8)},
		{heading: 'PROJECT', cell: session => projectName(session.project)},
		{heading: 'BRANCH', cell: session => session.gitBranch ?? ''},
		{heading: 'STARTED', cell: session => age(session.firstTs, now)},
		{heading: 'LAST', cell: session => age(session.lastTs, now)},
		{heading: 'DURATION', cell: session => compactDuration(session.durationMs), align: 'right'},
		{heading: 'PROMPTS', cell: session => String(session.prompts), align: 'right'},
		{heading: 'TOOLS', cell: session => String(session.toolCalls), align: 'right'},
		{heading: 'ERRORS', cell: session => String(session.errors), align: 'right'},
		{heading: 'AGENTS', cell: session => String(session.subagents), align: 'right'},
		...telemetry,
		{heading: 'STATE', cell: sessionState},
		...(usage.size ? [{heading: 'MODELS', cell: (session: SessionRow) => cell(session, found => modelsLine(found.models))}] : []),
	]);
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

export const command: Command = {
	name: 'sessions',
	summary: 'One line per session: project, branch, activity, counts, live or ended',
	usage: `
  Usage
    $ eyelet sessions [filters] [--sort KEY] [--asc] [--json]

  Newest activity first. \`eyelet session <id>\` shows one session's timeline.

  Filters
    --project P       project path, or its last path component
    --branch NAME     git branch
    --live            sessions without a SessionEnd
    --ended           sessions that ended
    --errors          sessions with at least one error
    --since T         active since 30m, 2h, 7d or an ISO time
    --search TEXT     substring of the session id, project or branch
    --limit N

  Options
    --sort KEY        ${sessionSorts.join(', ')} (default last)
    --asc             smallest / oldest first
    --json            a JSON array of sessions
    --db PATH         database (default: EYELET_DB, config, ~/.local/share/eyelet/events.db)
`,
	flags: {
		...dbFlag,
		project: {type: 'string'},
		branch: {type: 'string'},
		live: {type: 'boolean', default: false},
		ended: {type: 'boolean', default: false},
		errors: {type: 'boolean', default: false},
		since: {type: 'string'},
		search: {type: 'string'},
		limit: {type: 'number'},
		sort: {type: 'string', default: 'last'},
		asc: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
	},
	async run(_input, flags) {
		const sort = String(flags['sort']);
		if (!sessionSorts.includes(sort as SessionSort)) throw new UserError(`--sort "${sort}" is not one of ${sessionSorts.join(', ')}`);
		if (flags['live'] && flags['ended']) throw new UserError('--live and --ended exclude each other');
		const limit = flags['limit'] === undefined ? undefined : Number(flags['limit']);
		if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UserError('--limit must be a positive whole number');
		const since = text(flags['since']);
		const db = openExistingReader(resolveDbPath(flags));
		try {
			const sessions = listSessions(db, {
				filter: {
					project: text(flags['project']),
					branch: text(flags['branch']),
					state: flags['live'] ? 'live' : flags['ended'] ? 'ended' : null,
					withErrors: flags['errors'] === true,
					since: since ? parseTime(since, '--since') : null,
					search: text(flags['search']),
				},
				sort: sort as SessionSort,
				descending: flags['asc'] !== true,
				...(limit === undefined ? {} : {limit}),
			});
			const usage = sessionsUsage(
				db,
				sessions.map(session => session.sessionId),
			);
			if (flags['json'])
				await writeOut(
					`${terminalJson(
						sessions.map(session => sessionJson(session, usage.get(session.sessionId))),
						2,
					)}\n`,
				);
			else await writeOut(sessions.length ? `${sessionsTable(sessions, usage)}\n` : 'no sessions match\n');
			return 0;
		} finally {
			db.close();
		}
	},
};
