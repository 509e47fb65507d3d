import {hookFailureSummary} from './hook-failure.js';
import {type HookPayload, isObject, objectField, stringField} from './types.js';

const maxSummary = 240;

/** Collapses whitespace to single spaces and bounds the length: a summary is one line. */
export function oneLine(text: string, max = maxSummary): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * The line that says what went wrong. Claude Code writes Bash failures as "Exit code N\n<stderr>";
 * the bare "Exit code N" says little, so the first stderr line is joined to it.
 */
export function errorHeadline(error: string): string {
	const lines = error.split('\n').map(line => line.trim()).filter(Boolean);
	const first = lines[0] ?? '';
	if (/^Exit code \d+$/.test(first) && lines[1]) return `${first}: ${lines[1]}`;
	return first;
}

/** What a tool call is about: the command, the file, the pattern, the URL. */
export function toolInputSummary(tool: string | null, input: Record<string, unknown> | null): string {
	if (!input) return '';
	const pick = (...keys: string[]) => {
		for (const key of keys) {
			const value = input[key];
			if (typeof value === 'string' && value) return value;
		}
		return null;
	};
	switch (tool) {
		case 'Bash':
			return pick('command') ?? '';
		case 'Read':
		case 'Write':
		case 'Edit':
		case 'MultiEdit':
			return pick('file_path') ?? '';
		case 'NotebookEdit':
			return pick('notebook_path') ?? '';
		case 'Glob':
		case 'Grep': {
			const pattern = pick('pattern') ?? '';
			const path = pick('path');
			return path ? `${pattern} in ${path}` : pattern;
		}
		case 'WebFetch':
			return pick('url') ?? '';
		case 'WebSearch':
			return pick('query') ?? '';
		case 'Agent':
		case 'Task':
			return [pick('subagent_type'), pick('description')].filter(Boolean).join(': ');
	}
	const named = pick('command', 'file_path', 'path', 'url', 'query', 'pattern', 'description', 'title', 'name');
	if (named) return named;
	try {
		return JSON.stringify(input).slice(0, maxSummary);
	} catch {
		return '';
	}
}

function batchSummary(payload: HookPayload): string {
	const calls = Array.isArray(payload['tool_calls']) ? payload['tool_calls'] : [];
	const tools = calls.map(call => stringField(call, 'tool_name') ?? '?');
	return `${calls.length} call${calls.length === 1 ? '' : 's'}${tools.length ? `: ${tools.join(', ')}` : ''}`;
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
			text = first('message', 'title', 'prompt', 'file_path', 'directory', 'task_subject', 'teammate_name', 'worktree_path', 'name', 'reason', 'error', 'trigger', 'source') || input;
	}
	return oneLine(text);
}

/** Whether a tool's response reports failure in its own words (MCP `is_error`, `success: false`). */
export function responseReportsFailure(response: unknown): boolean {
	if (!isObject(response)) return false;
	return response['is_error'] === true || response['isError'] === true || response['success'] === false;
}
