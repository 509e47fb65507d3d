import {firstRejectedCall} from './batch.js';
import {hookFailureHeadline} from './hook-failure.js';
import {errorHeadline, responseReportsFailure} from './summary.js';
import {type HookPayload, isObject, objectField, stringField} from './types.js';

type Replacement = string | ((match: string) => string);

const pathChar = String.raw`[\w.@+~%-]`;

// Applied in order: quoted values first (they may hold paths and numbers), then URLs, times, ids, hex,
// paths and numbers. A mask must not eat text that tells two failures apart: error codes glued to
// letters (E0425, TS2345, python3) stay; an apostrophe inside a word (can't) is not a quote.
const masks: Array<[RegExp, Replacement]> = [
	[/"[^"\n]*"|(?<!\w)'[^'\n]*'(?!\w)|`[^`\n]*`|“[^”\n]*”|‘[^’\n]*’/g, '<q>'],
	[/\b[a-z][a-z0-9+.-]*:\/\/[^\s<>]+/gi, '<url>'],
	[/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g, '<time>'],
	[/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>'],
	[/\b(?:toolu|msg|req|agent|call|srvtoolu|chatcmpl|run|sess)_[A-Za-z0-9_-]+/g, '<id>'],
	[/\b0x[0-9a-f]+\b|\b[0-9a-f]{7,}\b/gi, hex => (/\d/.test(hex) ? '<hex>' : hex)],
	// Long tokens mixing letters and digits: request ids, tokens, generated names.
	[/\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{16,}\b/g, '<id>'],
	[new RegExp(String.raw`(?:~|\.{1,2}|\b${pathChar}+)?(?:\/${pathChar}+)+\/?|\b[A-Za-z]:\\\S*`, 'g'), '<path>'],
	// JSON-RPC error codes (MCP error -32603) name the kind of failure: they stay.
	[/(?<![A-Za-z_\d]|MCP error -)\d+(?:[.:]\d+)*/g, '<n>'],
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

const shellSeparators = /&&|\|\||[;|\n]/;
const wrappers = new Set(['sudo', 'env', 'time', 'nice', 'nohup', 'exec', 'command', 'timeout']);

/**
 * The program a shell command line runs, as a short name: `cd app && FOO=1 npm test | tail` → npm.
 * Used to tell apart Bash failures that say nothing but "Exit code 1" (grep finding nothing, a failing
 * test runner): without it they would all fall into one group.
 */
export function commandProgram(command: string): string | null {
	for (const segment of command.split(shellSeparators)) {
		const words = segment.trim().split(/\s+/).filter(Boolean);
		while (words.length && (/^\w+=/.test(words[0]!) || wrappers.has(words[0]!) || /^-/.test(words[0]!) || /^\d+$/.test(words[0]!))) words.shift();
		const program = words[0]?.replace(/^[({]+|[)}]+$/g, '');
		if (!program || program === 'cd') continue;
		const name = program.split('/').filter(Boolean).at(-1);
		if (name && /^[\w.+-]+$/.test(name)) return name.slice(0, 40);
	}
	return null;
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

function failureSignature(payload: HookPayload, subject: string): string {
	const signature = errorSignature(subject, stringField(payload, 'error') ?? '');
	if (subject !== 'Bash' || !/: Exit code <n>$/.test(signature)) return signature;
	const program = commandProgram(stringField(objectField(payload, 'tool_input'), 'command') ?? '');
	return program ? `${signature} from ${program}` : signature;
}

/** The signature of a failed event, or null when the payload is not a failure. */
export function payloadSignature(payload: HookPayload): string | null {
	const event = stringField(payload, 'hook_event_name') ?? '?';
	const subject = stringField(payload, 'tool_name') ?? event;
	switch (event) {
		case 'PostToolUseFailure':
			return failureSignature(payload, subject);
		case 'StopFailure':
			return errorSignature(subject, stringField(payload, 'error') ?? '');
		case 'HookFailure':
			// The command is the hook's identity; the same stderr from two hooks is two problems.
			return errorSignature((stringField(payload, 'command') ?? stringField(payload, 'hook_name') ?? subject).slice(0, 300), hookFailureHeadline(payload));
		case 'PostToolUse':
			return responseReportsFailure(payload['tool_response']) ? errorSignature(subject, responseError(payload['tool_response'])) : null;
		case 'PostToolBatch': {
			const rejected = firstRejectedCall(payload);
			return rejected ? errorSignature(rejected.tool ?? event, rejected.rejection ?? '') : null;
		}
		default:
			return null;
	}
}
