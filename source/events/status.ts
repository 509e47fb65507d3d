import {firstRejectedCall} from './batch.js';
import {responseReportsFailure} from './summary.js';
import {type HookPayload, type Status, stringField} from './types.js';

/**
 * Which rows are errors: failures, and input that was not a usable payload. The one home of this rule:
 * the error pane's groups, a session's error count, the stream's errors filter and e/E all read it,
 * and SQL spells it with store/events.ts isErrorSql (migration 0002's error_occurrences trigger holds a
 * copy that test/store/error-rule.test.ts checks against it).
 */
export const errorStatuses = ['error', 'invalid'] as const satisfies readonly Status[];

export const isErrorStatus = (status: string | null): boolean => (errorStatuses as readonly (string | null)[]).includes(status);

/** error for failures Claude Code reports, a tool result admits or a batch shows; denied for PermissionDenied. */
export function deriveStatus(payload: HookPayload): Status {
	switch (stringField(payload, 'hook_event_name')) {
		case 'PostToolUseFailure':
		case 'StopFailure':
		case 'HookFailure':
			return 'error';
		case 'PermissionDenied':
			return 'denied';
		case 'PostToolUse':
			return responseReportsFailure(payload['tool_response']) ? 'error' : 'ok';
		case 'PostToolBatch':
			// A call rejected before it ran leaves no other trace: without this it would be missed as an error.
			return firstRejectedCall(payload) ? 'error' : 'ok';
		default:
			return 'ok';
	}
}

/** duration_ms when the payload carries a usable one. */
export function durationOf(payload: HookPayload): number | null {
	const value = payload['duration_ms'];
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
}
