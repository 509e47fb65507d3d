import {type HookPayload, stringField} from './types.js';

// Interpreters whose first argument is the script that names the hook better than they do.
const interpreters = new Set([
	'bash',
	'sh',
	'zsh',
	'node',
	'python',
	'python3',
	'uv',
	'uvx',
	'npx',
	'bunx',
	'bun',
	'deno',
	'ruby',
	'perl',
	'pnpm',
	'npm',
	'yarn',
]);

const lastComponent = (token: string) =>
	token
		.replace(/^["']|["']$/g, '')
		.replace(/\/+$/, '')
		.split('/')
		.at(-1)!
		.replace(/["']/g, '');

/** A short name for a hook command: the script's file name ("guard.sh"), or the program and its first argument. */
export function hookCommandLabel(command: string | null): string {
	const tokens = (command ?? '').trim().split(/\s+/).filter(Boolean);
	if (tokens.length === 0) return 'hook';
	const first = lastComponent(tokens[0]!);
	const label = interpreters.has(first) && tokens[1] && !tokens[1].startsWith('-') ? `${first} ${lastComponent(tokens[1])}` : first;
	return label.length > 40 ? `${label.slice(0, 39)}…` : label || 'hook';
}

const exitCodeOf = (payload: HookPayload): number | null => (typeof payload['exit_code'] === 'number' ? payload['exit_code'] : null);

/** What a failed hook said: its first stderr line, else how it ended. */
export function hookFailureHeadline(payload: HookPayload): string {
	const line = (stringField(payload, 'stderr') ?? '')
		.split('\n')
		.map(part => part.trim())
		.find(Boolean);
	if (line) return line;
	const exitCode = exitCodeOf(payload);
	if (exitCode !== null) return `exit ${exitCode}, no stderr`;
	return payload['blocking'] === true ? 'blocked, no stderr' : 'failed, no stderr';
}

/** "exit 1", "blocked": how the hook ended, as the summary shows it. */
export function hookFailureOutcome(payload: HookPayload): string {
	const exitCode = exitCodeOf(payload);
	if (exitCode !== null) return `exit ${exitCode}`;
	return payload['blocking'] === true ? 'blocked' : 'failed';
}

/** "PreToolUse:Bash guard.sh exit 1: guard: refusing because of policy X" */
export function hookFailureSummary(payload: HookPayload): string {
	const hook = stringField(payload, 'hook_name') ?? stringField(payload, 'hook_event') ?? 'hook';
	return `${hook} ${hookCommandLabel(stringField(payload, 'command'))} ${hookFailureOutcome(payload)}: ${hookFailureHeadline(payload)}`;
}

/** The fields of a row that placing a failure beside its call needs (EventRow has them). */
export interface PlaceableRow {
	id: number;
	ts: number;
	event: string | null;
	session_id: string | null;
	tool_use_id: string | null;
}

/**
 * Moves each HookFailure next to the event it belongs to, in rows listed oldest first: after the
 * latest event of its tool call (same session and tool_use_id) recorded at or before the failure,
 * else just before the call's earliest event. Harvested failures are stored when the turn ends, so
 * by id they trail the turn; this puts them back where they happened. Other rows keep their order;
 * a failure whose call is not among the rows stays where it is.
 */
export function placeHookFailures<Row extends PlaceableRow>(rows: readonly Row[]): Row[] {
	const callKey = (row: Row) => (row.tool_use_id ? `${row.session_id ?? ''}\u0000${row.tool_use_id}` : null);
	const calls = new Map<string, Row[]>();
	for (const row of rows) {
		const key = callKey(row);
		if (!key || row.event === 'HookFailure') continue;
		const call = calls.get(key);
		if (call) call.push(row);
		else calls.set(key, [row]);
	}
	const later = (a: Row, b: Row) => a.ts > b.ts || (a.ts === b.ts && a.id > b.id);
	const attached = new Map<Row, {before: Row[]; after: Row[]}>();
	const moved = new Set<Row>();
	for (const row of rows) {
		const key = callKey(row);
		const call = row.event === 'HookFailure' && key ? calls.get(key) : undefined;
		if (!call) continue;
		let anchor: Row | null = null;
		for (const event of call) if (event.ts <= row.ts && (!anchor || later(event, anchor))) anchor = event;
		const target = anchor ?? call.reduce((earliest, event) => (later(earliest, event) ? event : earliest));
		const slot = attached.get(target) ?? {before: [], after: []};
		attached.set(target, slot);
		(anchor ? slot.after : slot.before).push(row);
		moved.add(row);
	}
	const placed: Row[] = [];
	for (const row of rows) {
		if (moved.has(row)) continue;
		const slot = attached.get(row);
		placed.push(...(slot?.before ?? []), row, ...(slot?.after ?? []));
	}
	return placed;
}

/**
 * Of the events of the tool call a hook guarded, the one to land on: the event the hook ran for
 * (PreToolUse, PostToolUse, or PostToolUseFailure for a PostToolUse hook), else the call's first event.
 */
export function guardedEvent<Row extends {event: string | null}>(hookEvent: string | null, callEvents: readonly Row[]): Row | null {
	const wanted = hookEvent === 'PostToolUse' ? ['PostToolUse', 'PostToolUseFailure'] : [hookEvent];
	return callEvents.find(row => wanted.includes(row.event)) ?? callEvents[0] ?? null;
}
