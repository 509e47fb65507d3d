import type {EventRow} from '../../source/store/events.js';

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
