import {neutralize, terminalJson} from '../events/neutralize.js';
import {type CallTelemetry, joinTelemetry, type PromptTelemetry, type TimelineTelemetry, waitedForPermission} from '../events/telemetry-join.js';
import type {SessionUsage} from '../events/telemetry-row.js';
import {buildTimeline, type CallItem, type CallStatus, flattenTimeline, type TimelineItem, type TimelineRow} from '../events/timeline.js';
import type {ReadDb} from '../store/db.js';
import {AmbiguousSessionError, resolveSessionId, type SessionRow} from '../store/sessions.js';
import {sessionTelemetry} from '../store/telemetry.js';
import {sessionEvents} from '../store/timeline.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {sessionJson, sessionState} from './sessions.js';
import {dbFlag, openExistingReader, resolveDbPath, writeOut} from './shared.js';
import {duration, projectName} from '../tui/format.js';
import {callTelemetryJson, modelsLine, promptTelemetryJson, usageLine} from './telemetry-json.js';
import {compactDuration, localClock, localMinute} from './text-table.js';
import {isoTime} from './time.js';

/** The full id behind an id or prefix, or a one-line error naming what to do. */
export function sessionFor(db: ReadDb, ref: string): string {
	try {
		const id = resolveSessionId(db, ref);
		if (id === null) throw new UserError(`no session "${neutralize(ref, true)}": run \`eyelet sessions\` for the ids`);
		return id;
	} catch (error) {
		if (error instanceof AmbiguousSessionError) throw new UserError(`"${neutralize(ref, true)}" matches several sessions: give more of the id`);
		throw error;
	}
}

const noTelemetry: TimelineTelemetry = {prompts: new Map(), calls: new Map()};

/** A timeline item as the stable JSON object scripts rely on; nested items nest. `telemetry`: what the client reported of it, or null. */
export function itemJson(item: TimelineItem, joined: TimelineTelemetry = noTelemetry): Record<string, unknown> {
	const nested = (child: TimelineItem) => itemJson(child, joined);
	switch (item.kind) {
		case 'prompt':
			return {
				kind: 'prompt',
				event_id: item.eventId,
				time: isoTime(item.ts),
				text: item.text,
				notification: item.notification,
				prompt_id: item.promptId,
				telemetry: promptTelemetryJson(joined.prompts.get(item.key)),
			};
		case 'call':
			return {
				kind: 'call',
				tool_use_id: item.toolUseId,
				tool: item.tool,
				input: item.input,
				status: item.status,
				error: item.error,
				started: isoTime(item.startTs),
				ended: item.endTs === null ? null : isoTime(item.endTs),
				duration_ms: item.durationMs,
				agent_id: item.agentId,
				start_id: item.startId,
				end_id: item.endId,
				event_ids: item.eventIds,
				hook_errors: item.hookErrors,
				telemetry: callTelemetryJson(joined.calls.get(item.key)),
				subagents: item.subagents.map(nested),
			};
		case 'batch':
			return {kind: 'batch', event_id: item.eventId, started: isoTime(item.startTs), calls: item.calls.map(nested)};
		case 'subagent':
			return {
				kind: 'subagent',
				agent_id: item.agentId,
				agent_type: item.agentType,
				status: item.status,
				started: isoTime(item.startTs),
				ended: item.endTs === null ? null : isoTime(item.endTs),
				event_ids: item.eventIds,
				result: item.result,
				items: item.items.map(nested),
			};
		case 'marker':
			return {kind: 'marker', event: item.event, event_id: item.eventId, time: isoTime(item.ts), status: item.status, text: item.text};
		case 'event':
			return {kind: 'event', event: item.event, event_id: item.eventId, time: isoTime(item.ts), status: item.status, tool: item.tool, text: item.text};
	}
}

const callMarks: Record<CallStatus, string> = {ok: '✓', error: '✗', interrupted: '✗', rejected: '✗', denied: '⊘', running: '…', unfinished: '?'};

/** What the client said of a call: its hooks' time, and its wait for permission when it waited. */
function callCost(telemetry: CallTelemetry | undefined): string {
	if (!telemetry) return '';
	const parts = [telemetry.hookMs === null ? '' : `hooks ${duration(telemetry.hookMs)}`];
	const tool = telemetry.tool;
	if (tool && waitedForPermission(tool))
		parts.push(
			`waited ${duration(tool.permissionWaitMs!)} for permission${tool.decisionSource ? ` (${tool.decision ?? 'decided'} by ${tool.decisionSource})` : ''}`,
		);
	const shown = parts.filter(Boolean);
	return shown.length ? ` · ${shown.join(' · ')}` : '';
}

function callLine(call: CallItem, telemetry?: CallTelemetry): string {
	const outcome = [call.status, call.durationMs === null ? '' : compactDuration(call.durationMs)].filter(Boolean).join(' ');
	const error = call.error ? ` — ${call.error}` : '';
	const hooks = call.hookErrors ? ` (${call.hookErrors} hook error${call.hookErrors === 1 ? '' : 's'})` : '';
	return `${callMarks[call.status]} ${call.tool ?? '?'}  ${call.input}  [${outcome}${callCost(telemetry)}]${error}${hooks}`;
}

const promptCost = (prompt: PromptTelemetry | undefined) =>
	prompt && prompt.apiCalls > 0 ? `  [${usageLine(prompt)}${prompt.hookMs === null ? '' : ` · hooks ${duration(prompt.hookMs)}`}]` : '';

const firstLine = (text: string) =>
	text
		.split('\n')
		.find(line => line.trim() !== '')
		?.trim() ?? '';

/** One timeline row as a line of text: time, indentation by depth, what happened; cut to `width` when given. */
export function rowLine(row: TimelineRow, width = 0, joined: TimelineTelemetry = noTelemetry): string {
	const {item} = row;
	let ts: number;
	let text: string;
	switch (item.kind) {
		case 'prompt':
			ts = item.ts;
			text = `❯ ${item.notification ? 'task notification: ' : ''}${firstLine(item.text)}${promptCost(joined.prompts.get(item.key))}`;
			break;
		case 'call':
			ts = item.startTs;
			text = callLine(item, joined.calls.get(item.key));
			break;
		case 'batch':
			ts = item.startTs;
			text = `┬ ${item.calls.length} calls in one batch`;
			break;
		case 'subagent':
			ts = item.startTs;
			text = `↳ subagent ${item.agentType ?? ''} ${item.agentId}  [${item.status}]${item.result ? ` — ${firstLine(item.result)}` : ''}`;
			break;
		case 'marker':
			ts = item.ts;
			text = `■ ${item.event}${item.text ? `  ${firstLine(item.text)}` : ''}`;
			break;
		case 'event':
			ts = item.ts;
			text = `· ${item.event ?? '?'}${item.tool ? ` ${item.tool}` : ''}${item.text ? `  ${item.text}` : ''}`;
			break;
	}
	const line = [...`${localClock(ts)}  ${'  '.repeat(row.depth)}${neutralize(text, true)}`];
	const max = width > 0 ? width : 400;
	return line.length > max ? `${line.slice(0, max - 1).join('')}…` : line.join('');
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function header(session: SessionRow | undefined, sessionId: string, omitted: number, usage: SessionUsage | null): string {
	const lines = [`session ${sessionId}`];
	if (session) {
		lines.push(
			`  ${neutralize(projectName(session.project), true)}${session.gitBranch ? ` on ${neutralize(session.gitBranch, true)}` : ''} · ${localMinute(session.firstTs)} for ${compactDuration(session.durationMs)} · ${neutralize(sessionState(session), true)}`,
			`  ${[count(session.prompts, 'prompt'), count(session.toolCalls, 'tool call'), count(session.errors, 'error'), count(session.subagents, 'subagent'), count(session.events, 'event')].join(' · ')}`,
		);
	}
	if (usage) lines.push(`  ${usageLine(usage)} · ${modelsLine(usage.models)}`);
	if (omitted) lines.push(`  (${omitted} older events not shown)`);
	return `${lines.join('\n')}\n`;
}

export const command: Command = {
	name: 'session',
	summary: "One session's timeline: prompts, paired tool calls, batches, subagents, endings",
	usage: `
  Usage
    $ eyelet session <id> [--json] [--limit N]

  <id> is a session id or a unique prefix of one (as \`eyelet sessions\` shows it). Each tool call is
  one line: its PreToolUse paired with its PostToolUse or PostToolUseFailure by tool_use_id, with
  status (ok, error, interrupted, denied, rejected, running, unfinished) and duration. Calls of one
  batch are grouped; a subagent's events are nested under the Agent call that started it.

  Options
    --json        {session, omitted, timeline}: the timeline as nested items with their event ids
    --limit N     the newest N events (default 10000)
    --db PATH     database (default: EYELET_DB, config, ~/.local/share/eyelet/events.db)
`,
	flags: {...dbFlag, json: {type: 'boolean', default: false}, limit: {type: 'number', default: 10_000}},
	async run(input, flags) {
		const ref = input[0];
		if (!ref) throw new UserError('which session? `eyelet session <id>`, ids from `eyelet sessions`');
		const limit = Number(flags['limit']);
		if (!(Number.isInteger(limit) && limit > 0)) throw new UserError('--limit must be a positive whole number');
		const db = openExistingReader(resolveDbPath(flags));
		try {
			const sessionId = sessionFor(db, ref);
			const {session, events, omitted} = sessionEvents(db, sessionId, {limit});
			const timeline = buildTimeline(events, {sessionEnded: session?.state === 'ended'});
			const rows = flattenTimeline(timeline);
			const telemetry = sessionTelemetry(db, sessionId);
			const joined = joinTelemetry(rows, telemetry);
			if (flags['json']) {
				const json = {
					session: session ? sessionJson(session, telemetry.usage) : {session_id: sessionId},
					omitted,
					timeline: timeline.map(item => itemJson(item, joined)),
				};
				await writeOut(`${terminalJson(json, 2)}\n`);
				return 0;
			}
			await writeOut(header(session, neutralize(sessionId, true), omitted, telemetry.usage));
			const width = process.stdout.isTTY ? process.stdout.columns : 0;
			await writeOut(`${rows.map(row => rowLine(row, width, joined)).join('\n')}\n`);
			return 0;
		} finally {
			db.close();
		}
	},
};
