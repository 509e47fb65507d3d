import {hookFailureHeadline} from './hook-failure.js';
import {errorHeadline, responseReportsFailure} from './summary.js';
import {type HookPayload, isObject, stringField} from './types.js';

type Replacement = string | ((match: string) => string);

// Applied in order: quoted values first (they may hold paths and numbers), then ids, paths, numbers.
const masks: Array<[RegExp, Replacement]> = [
	[/"[^"]*"|'[^']*'|`[^`]*`/g, '<q>'],
	[/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>'],
	[/\b(?:toolu|msg|req|agent|call)_[A-Za-z0-9_]+/g, '<id>'],
	[/\b(?:0x)?[0-9a-f]{7,}\b/gi, hex => (/\d/.test(hex) ? '<hex>' : hex)],
	[/(?:~|\.{1,2})?(?:\/[\w.@+-]+)+\/?|[A-Za-z]:\\\S*/g, '<path>'],
	[/\d+(?:\.\d+)?/g, '<n>'],
];

/** Masks the volatile parts of an error line (numbers, hex, ids, paths, quoted values) so that repeats group. */
export function maskVolatile(line: string): string {
	let out = line;
	for (const [pattern, replacement] of masks) {
		out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
	}
	return out.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** The grouping key of an error: the tool (or event) plus the masked first line of the error. */
export function errorSignature(subject: string, errorText: string): string {
	return `${subject}: ${maskVolatile(errorHeadline(errorText))}`;
}

function responseError(response: unknown): string {
	if (!isObject(response)) return '';
	for (const key of ['error', 'message', 'content']) {
		const value = response[key];
		if (typeof value === 'string') return value;
		if (Array.isArray(value)) {
			const text = value.map(part => stringField(part, 'text')).find(Boolean);
			if (text) return text;
		}
	}
	return 'tool reported failure';
}

/** The signature of a failed event, or null when the payload is not a failure. */
export function payloadSignature(payload: HookPayload): string | null {
	const event = stringField(payload, 'hook_event_name') ?? '?';
	const subject = stringField(payload, 'tool_name') ?? event;
	switch (event) {
		case 'PostToolUseFailure':
			return errorSignature(subject, stringField(payload, 'error') ?? '');
		case 'StopFailure':
			return errorSignature(subject, stringField(payload, 'error') ?? '');
		case 'HookFailure':
			// The command is the hook's identity; the same stderr from two hooks is two problems.
			return errorSignature((stringField(payload, 'command') ?? stringField(payload, 'hook_name') ?? subject).slice(0, 300), hookFailureHeadline(payload));
		case 'PostToolUse':
			return responseReportsFailure(payload['tool_response']) ? errorSignature(subject, responseError(payload['tool_response'])) : null;
		default:
			return null;
	}
}
