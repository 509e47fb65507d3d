import {toolInputSummary} from './tool-input.js';
import {type HookPayload, isObject, objectField, stringField} from './types.js';

/** One entry of a PostToolBatch's `tool_calls`. */
export interface BatchCall {
	toolUseId: string | null;
	tool: string | null;
	/** One line: the command, the file, the pattern. */
	input: string;
	/**
	 * The error text when Claude Code rejected the call before running it (input validation, e.g. an Edit
	 * whose old_string is not in the file). Such calls fire no PreToolUse and no PostToolUseFailure: the
	 * batch is their only trace, with the response wrapped in <tool_use_error>.
	 */
	rejection: string | null;
}

const rejected = /^\s*<tool_use_error>([\s\S]*?)(?:<\/tool_use_error>\s*)?$/;

/** The text inside <tool_use_error>…</tool_use_error>, or null when the response is not one. */
export function toolUseError(response: unknown): string | null {
	if (typeof response !== 'string') return null;
	const match = rejected.exec(response);
	return match ? match[1]!.trim() : null;
}

/** The calls a PostToolBatch lists, in order; [] when the payload has none. */
export function batchCalls(payload: HookPayload): BatchCall[] {
	const calls = payload['tool_calls'];
	if (!Array.isArray(calls)) return [];
	return calls.filter(isObject).map(call => {
		const tool = stringField(call, 'tool_name');
		return {
			toolUseId: stringField(call, 'tool_use_id'),
			tool,
			input: toolInputSummary(tool, objectField(call, 'tool_input')),
			rejection: toolUseError(call['tool_response']),
		};
	});
}

/** The first call of a batch that Claude Code rejected before running it, if any. */
export function firstRejectedCall(payload: HookPayload): BatchCall | null {
	if (stringField(payload, 'hook_event_name') !== 'PostToolBatch') return null;
	return batchCalls(payload).find(call => call.rejection !== null) ?? null;
}
