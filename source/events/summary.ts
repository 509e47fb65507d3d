import {firstRejectedCall} from './batch.js';
import {toolInputSummary} from './tool-input.js';
import {hookFailureSummary} from './hook-failure.js';
import {type HookPayload, isObject, objectField, stringField} from './types.js';

export {toolInputSummary};

const maxSummary = 240;

/** Collapses whitespace to single spaces and bounds the length: a summary is one line. */
export function oneLine(text: string, max = maxSummary): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

// Lines that say where or how a program failed rather than what went wrong: Node's throw site
// ("node:internal/...:1228", the source line, the caret) and npm's script echo ("> app@1.0.0 test").
const preamble = /^(?:(?:node:|file:|\/|[A-Za-z]:\\)\S*:\d+|throw\b.*|\^+|> .*)$/;
const namedError = /^(?:Uncaught )?[A-Z][\w.]*(?:Error|Exception)\b/;

/** The line of an error text that names the failure, skipping tracebacks and throw sites. */
function tellingLine(lines: string[]): string | undefined {
	// Python prints the exception last, after the stack.
	if (lines[0] === 'Traceback (most recent call last):')
		return lines.findLast(line => /^[\w.]+(?::|$)/.test(line) && !line.startsWith('File ')) ?? lines.at(-1);
	const first = lines.findIndex(line => !preamble.test(line));
	if (first > 0) return lines.slice(first, first + 8).find(line => namedError.test(line)) ?? lines[first];
	return lines[0];
}

/**
 * The line that says what went wrong. Claude Code writes Bash failures as "Exit code N\n<stderr>";
 * the bare "Exit code N" says little, so the telling stderr line is joined to it.
 */
export function errorHeadline(error: string): string {
	const lines = error
		.split('\n')
		.map(line => line.trim())
		.filter(Boolean);
	const exit = lines[0] !== undefined && /^Exit code \d+$/.test(lines[0]) ? lines.shift()! : null;
	const line = tellingLine(lines);
	if (exit === null) return line ?? '';
	return line ? `${exit}: ${line}` : exit;
}

function batchSummary(payload: HookPayload): string {
	const calls = Array.isArray(payload['tool_calls']) ? payload['tool_calls'] : [];
	const tools = calls.map(call => stringField(call, 'tool_name') ?? '?');
	const text = `${calls.length} call${calls.length === 1 ? '' : 's'}${tools.length ? `: ${tools.join(', ')}` : ''}`;
	const rejected = firstRejectedCall(payload);
	return rejected ? `${text} · ${rejected.tool ?? '?'} rejected: ${errorHeadline(rejected.rejection ?? '')}` : text;
}

/** The one-line summary shown in every list: what this event was about. */
export function summarize(payload: HookPayload): string {
	const event = stringField(payload, 'hook_event_name');
	const tool = stringField(payload, 'tool_name');
	const input = toolInputSummary(tool, objectField(payload, 'tool_input'));
	const first = (...keys: string[]) => {
		for (const key of keys) {
			const value = stringField(payload, key);
			if (value) return value;
		}
		return '';
	};
	let text: string;
	switch (event) {
		case 'PreToolUse':
		case 'PostToolUse':
		case 'PermissionRequest':
			text = input;
			break;
		case 'PostToolUseFailure': {
			const error = errorHeadline(first('error'));
			text = input ? `${error} ← ${input}` : error;
			break;
		}
		case 'PermissionDenied':
			text = [first('reason'), input].filter(Boolean).join(' ← ');
			break;
		case 'UserPromptSubmit':
		case 'UserPromptExpansion':
			text = first('prompt', 'expanded_prompt');
			break;
		case 'StopFailure':
			text = [first('error'), first('error_details')].filter(Boolean).join(': ');
			break;
		case 'Stop':
		case 'SubagentStop':
			text = first('last_assistant_message');
			break;
		case 'SubagentStart':
			text = [first('agent_type'), first('agent_id')].filter(Boolean).join(' ');
			break;
		case 'SessionStart':
		case 'ConfigChange':
			text = [first('source'), first('file_path')].filter(Boolean).join(' ');
			break;
		case 'SessionEnd':
			text = first('reason');
			break;
		case 'PreCompact':
		case 'PostCompact':
			text = [first('trigger'), first('custom_instructions', 'compact_summary')].filter(Boolean).join(': ');
			break;
		case 'PostToolBatch':
			text = batchSummary(payload);
			break;
		case 'CwdChanged':
			text = `${first('old_cwd')} → ${first('new_cwd')}`;
			break;
		case 'HookFailure':
			text = hookFailureSummary(payload);
			break;
		default:
			text =
				first(
					'message',
					'title',
					'prompt',
					'file_path',
					'directory',
					'task_subject',
					'teammate_name',
					'worktree_path',
					'name',
					'reason',
					'error',
					'trigger',
					'source',
				) || input;
	}
	return oneLine(text);
}

/** Whether a tool's response reports failure in its own words (MCP `is_error`, `success: false`). */
export function responseReportsFailure(response: unknown): boolean {
	if (!isObject(response)) return false;
	return response['is_error'] === true || response['isError'] === true || response['success'] === false;
}
