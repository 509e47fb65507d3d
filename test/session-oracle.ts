import assert from 'node:assert/strict';
import type {EventRecord, Status} from '../source/events/types.js';
import type {ReadDb} from '../source/store/db.js';
import {recordOf} from './fixture-db.js';

/**
 * What the sessions table must hold, computed here from the events rows with nothing of the store's
 * code: the documented rules, written plainly. Property tests compare every writer's summaries with it.
 */

interface Row {
	id: number;
	ts: number;
	session_id: string;
	event: string | null;
	status: string;
	project: string | null;
	cwd: string | null;
	git_branch: string | null;
	reason: string | null;
}

/** The sessions rows a recompute from the events must give, ordered by session id. */
export function expectedSessions(db: ReadDb): Array<Record<string, unknown>> {
	const rows = db.all<Row>(
		"SELECT id, ts, session_id, event, status, project, cwd, git_branch, CAST(payload ->> '$.reason' AS TEXT) AS reason FROM events WHERE session_id IS NOT NULL",
	);
	const bySession = new Map<string, Row[]>();
	for (const row of rows) bySession.set(row.session_id, [...(bySession.get(row.session_id) ?? []), row]);
	return [...bySession.keys()].sort().map(session => {
		const inTime = bySession.get(session)!.sort((a, b) => a.ts - b.ts || a.id - b.id);
		const count = (wanted: (row: Row) => boolean) => inTime.filter(wanted).length;
		const first = (column: 'project' | 'cwd' | 'git_branch') => inTime.find(row => row[column] !== null)?.[column] ?? null;
		const latest = (column: 'git_branch') => [...inTime].reverse().find(row => row[column] !== null)?.[column] ?? null;
		const boundary = [...inTime].reverse().find(row => row.event === 'SessionStart' || row.event === 'SessionEnd');
		const ended = boundary?.event === 'SessionEnd';
		return {
			session_id: session,
			project: first('project'),
			cwd: first('cwd'),
			git_branch: latest('git_branch'),
			first_ts: Math.min(...inTime.map(row => row.ts)),
			last_ts: Math.max(...inTime.map(row => row.ts)),
			first_id: Math.min(...inTime.map(row => row.id)),
			last_id: Math.max(...inTime.map(row => row.id)),
			events: inTime.length,
			prompts: count(row => row.event === 'UserPromptSubmit'),
			tool_calls: count(row => row.event === 'PreToolUse'),
			errors: count(row => row.status === 'error' || row.status === 'invalid'),
			subagents: count(row => row.event === 'SubagentStart'),
			ended_ts: ended ? boundary.ts : null,
			end_reason: ended ? (boundary.reason ?? 'other') : null,
		};
	});
}

export const storedSessions = (db: ReadDb): Array<Record<string, unknown>> => db.all('SELECT * FROM sessions ORDER BY session_id');

/** The stored summaries are what the rows say, after `step`. */
export function assertSummaries(db: ReadDb, step: string): void {
	assert.deepEqual(storedSessions(db), expectedSessions(db), `summaries after ${step}`);
}

/** A small seeded generator (mulberry32), so a failing case can be run again. */
export function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

export function shuffle<T>(random: () => number, items: readonly T[]): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

const events = ['SessionStart', 'SessionEnd', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'SubagentStart', 'Stop', 'Notification'];

/** One random hook event of one of the sessions: the payload and the context the row is stored with. */
export interface StreamEvent {
	payload: Record<string, unknown>;
	ts: number;
	project: string | null;
	gitBranch: string | null;
	/** Forced now and then to exercise every status the error rule knows. */
	status: Status | null;
}

/**
 * Random events of `sessions` between `from` and `from + spanMs`: times often equal (ties go by id),
 * projects, folders and branches that change or are missing, sessions that end, resume and end again.
 */
export function randomStream(random: () => number, options: {sessions: readonly string[]; count: number; from: number; spanMs: number}): StreamEvent[] {
	return Array.from({length: options.count}, (_, n) => {
		const event = pick(random, events);
		const payload: Record<string, unknown> = {session_id: pick(random, options.sessions), hook_event_name: event, n};
		const cwd = pick(random, ['/work/a', '/work/b', null]);
		if (cwd) payload['cwd'] = cwd;
		if (event === 'SessionEnd' && random() < 0.7) payload['reason'] = pick(random, ['logout', 'clear', 'prompt_input_exit']);
		if (event === 'SessionStart') payload['source'] = pick(random, ['startup', 'resume']);
		if (event.includes('ToolUse')) Object.assign(payload, {tool_name: 'Bash', tool_input: {command: `echo ${n}`}, tool_use_id: `toolu_${n}`});
		if (event === 'PostToolUseFailure') payload['error'] = `Exit code 1\nfailure ${n % 3}`;
		if (event === 'UserPromptSubmit') payload['prompt'] = `prompt ${n}`;
		if (event === 'SubagentStart') Object.assign(payload, {agent_id: `agent-${n}`, agent_type: 'Explore'});
		return {
			payload,
			ts: options.from + Math.floor(random() * options.spanMs),
			project: pick(random, ['/srv/app', '/srv/other', null]),
			gitBranch: pick(random, ['main', 'feature', null]),
			status: random() < 0.05 ? pick(random, ['invalid', 'denied'] as const) : null,
		};
	});
}

/** The row `eyelet record` would store for a stream event (with the event's own clock). */
export function streamRecord(event: StreamEvent, extra: Partial<EventRecord> = {}): EventRecord {
	const record = recordOf(event.payload, event.ts, event.project ?? '/unused');
	return {...record, project: event.project, gitBranch: event.gitBranch, ...(event.status ? {status: event.status} : {}), ...extra};
}
