import {type ErrorGroup, groupId} from '../../source/store/error-groups.js';
import type {EventRow} from '../../source/store/events.js';
import type {SessionRow} from '../../source/store/sessions.js';

/** A list row as the store returns it, with realistic defaults. */
export function eventRow(id: number, overrides: Partial<EventRow> = {}): EventRow {
	return {
		id,
		ts: Date.UTC(2026, 10, 27, 12, 0, 0) + id * 1000,
		status: 'ok',
		origin: 'hook',
		session_id: '3a09b9e4-86c9-4992-9703-0045b182d5eb',
		event: 'PreToolUse',
		tool: 'Bash',
		tool_use_id: `toolu_${id}`,
		agent_id: null,
		agent_type: null,
		cwd: '/home/dev/webapp',
		project: '/home/dev/webapp',
		hostname: 'devbox',
		git_branch: 'main',
		git_commit: null,
		duration_ms: null,
		summary: `echo row-${id}`,
		signature: null,
		redactions: 0,
		payload_bytes: 400,
		truncated: 0,
		...overrides,
	};
}

export const eventRows = (from: number, to: number, overrides: Partial<EventRow> = {}) =>
	Array.from({length: to - from + 1}, (_, index) => eventRow(from + index, overrides));

/** An error group as the store lists it. */
export function errorGroup(signature: string, lastId: number, overrides: Partial<ErrorGroup> = {}): ErrorGroup {
	return {
		id: groupId(signature),
		signature,
		occurrences: 3,
		fresh: 3,
		firstId: lastId - 2,
		lastId,
		firstTs: 1_000,
		lastTs: 2_000,
		sessions: 1,
		projects: 1,
		lastSummary: `${signature} (latest)`,
		lastSessionId: 's1',
		lastProject: '/home/dev/webapp',
		state: 'open',
		regression: false,
		triage: null,
		sparkline: new Array<number>(24).fill(0),
		...overrides,
	};
}

/** A session as the store lists it: `session-0007` for 7. */
export function sessionRow(index: number): SessionRow {
	return {
		sessionId: `session-${String(index).padStart(4, '0')}`,
		project: '/home/dev/webapp',
		cwd: '/home/dev/webapp',
		gitBranch: 'main',
		firstTs: 1_000_000 + index,
		lastTs: 2_000_000 + index,
		durationMs: 1_000_000,
		firstId: index,
		lastId: index + 10,
		events: 10,
		prompts: 1,
		toolCalls: 3,
		errors: 0,
		mutedErrors: 0,
		subagents: 0,
		state: 'live',
		endedTs: null,
		endReason: null,
	};
}
