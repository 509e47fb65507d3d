import {guardedEvent, hookFailureHeadline} from '../events/hook-failure.js';
import type {HookFailureStat, LastHookFailure} from '../events/hook-health.js';
import type {ReadDb, SqlValue} from './db.js';
import {eventColumns, type EventFilter, type EventRow, filterClause} from './events.js';
import {type HookTime, hookTimes} from './telemetry.js';

/**
 * Queries over harvested hook failures (events with event = 'HookFailure'): the error pane's hook
 * groups, the jump from a failure to the tool call it guarded, and the failures per command that the
 * hooks view (settings/hook-report.ts) sets beside the configured hooks.
 */

/** An error-pane group of hook failures: one signature (command + masked first stderr line). */
export interface HookFailureGroup {
	signature: string;
	command: string | null;
	/** The latest occurrence's first stderr line (raw: neutralize() before showing). */
	headline: string;
	count: number;
	blocking: number;
	nonBlocking: number;
	/** What the hook ran on: PreToolUse, PostToolUse...; PreToolUse:Bash...; the guarded tools. */
	hookEvents: string[];
	hookNames: string[];
	tools: string[];
	exitCodes: number[];
	sessions: number;
	firstTs: number;
	lastTs: number;
	/** The latest occurrence (by time): open it, or pass it to guardedToolCall. */
	lastId: number;
}

interface GroupRow {
	signature: string;
	count: number;
	blocking: number | null;
	hook_events: string;
	hook_names: string;
	tools: string;
	exit_codes: string;
	sessions: number;
	first_ts: number;
	last_ts: number;
}

interface LatestRow {
	id: number;
	ts: number;
	group_key: string | null;
	session_id: string | null;
	tool_use_id: string | null;
	project: string | null;
	command: string | null;
	hook_name: string | null;
	blocking: number | null;
	exit_code: number | null;
	stderr: string | null;
}

// Stderr beyond this is not needed for a headline or a "last stderr" line.
const stderrExcerpt = 4096;

const distinct = (json: string): string[] => (JSON.parse(json) as unknown[]).filter((value): value is string => typeof value === 'string');

function where(filter: EventFilter, signatures?: readonly string[]): {sql: string; params: SqlValue[]} {
	const clause = filterClause(filter);
	let sql = `event = 'HookFailure' AND ${clause.sql}`;
	const params = [...clause.params];
	if (signatures) {
		sql += ` AND signature IN (${signatures.map(() => '?').join(', ') || 'NULL'})`;
		params.push(...signatures);
	}
	return {sql, params};
}

/** The latest failure per `key` (an SQL expression over the events row). */
function latestBy(db: ReadDb, key: string, condition: {sql: string; params: SqlValue[]}): Map<string | null, LatestRow> {
	const rows = db.all<LatestRow>(
		`SELECT id, ts, group_key, session_id, tool_use_id, project, payload ->> '$.command' AS command, payload ->> '$.hook_name' AS hook_name,
  payload ->> '$.blocking' AS blocking, payload ->> '$.exit_code' AS exit_code, substr(payload ->> '$.stderr', 1, ${stderrExcerpt}) AS stderr
FROM (SELECT *, ${key} AS group_key, row_number() OVER (PARTITION BY ${key} ORDER BY ts DESC, id DESC) AS rank FROM events WHERE ${condition.sql})
WHERE rank = 1`,
		condition.params,
	);
	return new Map(rows.map(row => [row.group_key, row]));
}

function lastFailure(row: LatestRow): LastHookFailure {
	const blocking = row.blocking === 1;
	return {
		id: row.id,
		ts: row.ts,
		hookName: row.hook_name,
		blocking,
		exitCode: row.exit_code,
		stderr: row.stderr ?? '',
		headline: hookFailureHeadline({stderr: row.stderr, exit_code: row.exit_code, blocking}),
		sessionId: row.session_id,
		toolUseId: row.tool_use_id,
		project: row.project,
	};
}

/**
 * Hook failures grouped as the error pane groups errors (by signature), with what only hook failures
 * have: the hook events, tools and exit codes they fired with, and how many blocked. Newest first.
 * `signatures` limits the answer to the groups the pane is showing.
 */
export function hookFailureGroups(db: ReadDb, options: {filter?: EventFilter; signatures?: readonly string[]} = {}): HookFailureGroup[] {
	const condition = where(options.filter ?? {}, options.signatures);
	const groups = db.all<GroupRow>(
		`SELECT signature, count(*) AS count, sum(payload ->> '$.blocking') AS blocking,
  json_group_array(DISTINCT payload ->> '$.hook_event') AS hook_events, json_group_array(DISTINCT payload ->> '$.hook_name') AS hook_names,
  json_group_array(DISTINCT tool) AS tools, json_group_array(DISTINCT payload ->> '$.exit_code') AS exit_codes,
  count(DISTINCT session_id) AS sessions, min(ts) AS first_ts, max(ts) AS last_ts
FROM events WHERE ${condition.sql} GROUP BY signature ORDER BY last_ts DESC`,
		condition.params,
	);
	const latest = latestBy(db, 'signature', condition);
	return groups.map(group => {
		const last = latest.get(group.signature)!;
		const blocking = group.blocking ?? 0;
		return {
			signature: group.signature,
			command: last.command,
			headline: lastFailure(last).headline,
			count: group.count,
			blocking,
			nonBlocking: group.count - blocking,
			hookEvents: distinct(group.hook_events),
			hookNames: distinct(group.hook_names),
			tools: distinct(group.tools),
			exitCodes: (JSON.parse(group.exit_codes) as unknown[]).filter((code): code is number => typeof code === 'number').sort((a, b) => a - b),
			sessions: group.sessions,
			firstTs: group.first_ts,
			lastTs: group.last_ts,
			lastId: last.id,
		};
	});
}

export interface GuardedToolCall {
	failure: EventRow & {hook_event: string | null};
	/** Every recorded event of the call the hook guarded (same session and tool_use_id), oldest first. */
	events: EventRow[];
	/**
	 * Where to land in the session timeline: the event the hook ran for; for a hook without a tool
	 * call (Stop, SessionStart...), the session's event of that kind nearest in time. null if none was recorded.
	 */
	target: EventRow | null;
}

/** From a HookFailure event to the tool call it guarded. undefined when the id is not a hook failure. */
export function guardedToolCall(db: ReadDb, failureId: number): GuardedToolCall | undefined {
	const failure = db.get<EventRow & {hook_event: string | null}>(
		`SELECT ${eventColumns}, payload ->> '$.hook_event' AS hook_event FROM events WHERE id = ? AND event = 'HookFailure'`,
		[failureId],
	);
	if (!failure) return undefined;
	if (failure.tool_use_id) {
		const events = db.all<EventRow>(
			`SELECT ${eventColumns} FROM events WHERE tool_use_id = ? AND session_id IS ? AND event IS NOT 'HookFailure' ORDER BY ts, id`,
			[failure.tool_use_id, failure.session_id],
		);
		return {failure, events, target: guardedEvent(failure.hook_event, events)};
	}
	const target =
		failure.session_id && failure.hook_event
			? (db.get<EventRow>(`SELECT ${eventColumns} FROM events WHERE session_id = ? AND event = ? ORDER BY abs(ts - ?), id LIMIT 1`, [
					failure.session_id,
					failure.hook_event,
					failure.ts,
				]) ?? null)
			: null;
	return {failure, events: [], target};
}

interface StatRow {
	command: string | null;
	failures: number;
	blocking: number | null;
	hook_names: string;
	projects: string;
	sessions: number;
	first_ts: number;
	last_ts: number;
}

/** Failures per recorded hook command, most recent first. */
export function hookFailureStats(db: ReadDb): HookFailureStat[] {
	const condition = where({});
	const command = "payload ->> '$.command'";
	const stats = db.all<StatRow>(
		`SELECT ${command} AS command, count(*) AS failures, sum(payload ->> '$.blocking') AS blocking,
  json_group_array(DISTINCT payload ->> '$.hook_name') AS hook_names, json_group_array(DISTINCT project) AS projects,
  count(DISTINCT session_id) AS sessions, min(ts) AS first_ts, max(ts) AS last_ts
FROM events WHERE ${condition.sql} GROUP BY 1 ORDER BY last_ts DESC`,
		condition.params,
	);
	const codes = db.all<{command: string | null; code: number; count: number}>(
		`SELECT ${command} AS command, payload ->> '$.exit_code' AS code, count(*) AS count FROM events
WHERE ${condition.sql} AND payload ->> '$.exit_code' IS NOT NULL GROUP BY 1, 2`,
		condition.params,
	);
	const latest = latestBy(db, command, condition);
	return stats.map(stat => {
		const exitCodes: Record<string, number> = {};
		for (const row of codes) if (row.command === stat.command) exitCodes[String(row.code)] = row.count;
		const blocking = stat.blocking ?? 0;
		return {
			command: stat.command,
			failures: stat.failures,
			blocking,
			nonBlocking: stat.failures - blocking,
			exitCodes,
			hookNames: distinct(stat.hook_names),
			projects: distinct(stat.projects),
			sessions: stat.sessions,
			firstTs: stat.first_ts,
			lastTs: stat.last_ts,
			last: lastFailure(latest.get(stat.command)!),
		};
	});
}

/** What the hooks report needs of the database: the failures harvested and Claude Code's timing of the runs (none without a database). */
export const recordedHookFacts = (db: ReadDb | null): {failures: HookFailureStat[]; time: HookTime[]} =>
	db ? {failures: hookFailureStats(db), time: hookTimes(db)} : {failures: [], time: []};
