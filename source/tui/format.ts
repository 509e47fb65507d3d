import {neutralize} from '../events/neutralize.js';
import type {Status} from '../events/types.js';
import type {SessionRow} from '../store/sessions.js';

// Small pure helpers the views share: how times, ids and statuses are written. Sizes are written by
// settings/units.ts (formatBytes) and sparklines by events/sparkline.ts, as the CLI writes them.
// The headless commands use projectName from here too.

const two = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time, HH:MM:SS. */
export function clockTime(ts: number): string {
	const date = new Date(ts);
	return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** Local date and time with milliseconds, for the detail view. */
export function fullTime(ts: number): string {
	const date = new Date(ts);
	return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${clockTime(ts)}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** The first characters of a session id: enough to tell a day's sessions apart. */
export const shortId = (id: string | null, length = 6) => (id ? neutralize(id, true).slice(0, length) : '');

/** A project's last path component, safe to print: what people call it, in the viewer and the CLI's tables. */
export function projectName(project: string | null): string {
	if (!project) return '';
	const parts = project.replace(/\/+$/, '').split(/[/\\]/);
	return neutralize(parts.at(-1) || project, true);
}

/** Live, or ended and why: "● live", "ended prompt_input_exit". */
export function sessionState(row: Pick<SessionRow, 'state' | 'endReason'>): string {
	if (row.state === 'live') return '● live';
	return row.endReason ? `ended ${neutralize(row.endReason, true)}` : 'ended';
}

export function duration(ms: number | null): string {
	if (ms === null) return '';
	if (ms < 1000) return `${ms}ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
	if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m${two(Math.floor((ms % 60_000) / 1000))}`;
	return `${Math.floor(ms / 3_600_000)}h${two(Math.floor((ms % 3_600_000) / 60_000))}`;
}

/** 1234567 → "1,234,567". */
export const count = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

// Short names keep the event column narrow at 80 columns; the detail view shows the full name.
const shortEvents: Record<string, string> = {
	PreToolUse: 'Pre',
	PostToolUse: 'Post',
	PostToolUseFailure: 'PostFail',
	PostToolBatch: 'Batch',
	UserPromptSubmit: 'Prompt',
	SessionStart: 'Start',
	SessionEnd: 'End',
	Stop: 'Stop',
	StopFailure: 'StopFail',
	SubagentStart: 'SubStart',
	SubagentStop: 'SubStop',
	Notification: 'Notify',
	PermissionRequest: 'PermAsk',
	PermissionDenied: 'Denied',
	PreCompact: 'PreCmpct',
	PostCompact: 'PostCmpt',
	ConfigChange: 'Config',
	CwdChanged: 'Cwd',
	DirectoryAdded: 'DirAdded',
	FileChanged: 'FileChg',
	WorktreeCreate: 'WtCreate',
	WorktreeRemove: 'WtRemove',
	Elicitation: 'Elicit',
	ElicitationResult: 'ElicitOk',
	TaskCreated: 'TaskNew',
	TaskCompleted: 'TaskDone',
	TeammateIdle: 'Idle',
};

export function eventLabel(event: string | null, wide: boolean): string {
	if (!event) return '?';
	const safe = neutralize(event, true);
	return wide ? safe : (shortEvents[event] ?? safe);
}

export const statusGlyph: Record<Status, string> = {ok: '✓', error: '✗', denied: '⊘', invalid: '!'};

/** Shortens a path from the left so its end (the file name) stays visible. */
export function tailOf(text: string, width: number): string {
	const chars = [...text];
	return chars.length <= width ? text : `…${chars.slice(chars.length - width + 1).join('')}`;
}

/** Dollars, as precise as the amount needs: $0.0031, $0.42, $12.30, $1,234. */
export function money(usd: number): string {
	if (usd === 0) return '$0';
	if (usd < 0.01) return `$${usd.toFixed(4)}`;
	if (usd < 100) return `$${usd.toFixed(2)}`;
	return `$${count(Math.round(usd))}`;
}

/** Token counts, compactly: 840, 12.3k, 456k, 1.2M. */
export function tokens(n: number): string {
	if (n < 1000) return String(Math.round(n));
	if (n < 100_000) return `${(n / 1000).toFixed(1)}k`;
	if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
	return `${(n / 1_000_000).toFixed(1)}M`;
}
