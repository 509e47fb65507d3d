import type {Redactor} from './redact.js';
import {deriveStatus, durationOf} from './status.js';
import {errorSignature, payloadSignature} from './signature.js';
import {oneLine, summarize} from './summary.js';
import {type EventRecord, type HookPayload, type Status, isObject} from './types.js';

export interface NormalizeOptions {
	/** null when redaction is switched off. */
	redactor: Redactor | null;
	/** Stored payloads larger than this are cut down to it (strings first) and marked truncated. */
	maxPayloadBytes: number;
}

/** Everything the recorder derives from the input alone, before context (clock, git, host) is added. */
export interface NormalizedInput {
	status: Status;
	summary: string;
	signature: string | null;
	durationMs: number | null;
	redactions: number;
	payloadBytes: number;
	truncated: boolean;
	/** JSON text of the redacted, capped payload; null when the input was not JSON. */
	payload: string | null;
	raw: Buffer | null;
	searchText: string;
	/** The parsed payload when it is an object (for the caller's context: cwd, transcript path). */
	object: HookPayload | null;
}

/** Payloads nest a few levels; deeper than this is hostile or broken, and SQLite's JSON stops at 1000. */
export const maxDepth = 100;
const rawLimit = 64 * 1024;
const searchLimit = 4096;
const depthMarker = `[eyelet: nesting deeper than ${maxDepth} levels cut]`;
// Identity fields are filtered by their own columns; keeping them out of the text index keeps it small.
const unsearched = new Set([
	'session_id',
	'transcript_path',
	'cwd',
	'hook_event_name',
	'permission_mode',
	'prompt_id',
	'tool_use_id',
	'agent_transcript_path',
	'transcript_uuid',
	'hook_event',
]);
const utf8 = new TextDecoder('utf-8', {fatal: true});

type Container = Record<string, unknown> | unknown[];

const namedSecretMarker = '[REDACTED:named-secret]';

/** Whether a value under a secret's name has anything to hide: booleans, null, empties and markers do not. */
function holdsSecret(value: unknown, redactor: Redactor): boolean {
	if (typeof value === 'string') return value !== '' && !value.startsWith('[REDACTED:') && !redactor.isAllowed(value);
	if (typeof value === 'number' || typeof value === 'bigint') return !redactor.isAllowed(String(value));
	if (Array.isArray(value)) return value.length > 0;
	return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}

function cutMarker(removed: number): string {
	return `…[eyelet: cut ${removed} chars]`;
}

/**
 * One pass over every value, without recursion (inputs can nest 100,000 deep): cuts subtrees below
 * maxDepth, cuts strings far beyond the size cap, redacts secrets and gathers searchable text.
 * Mutates `holder.value` in place; JSON.parse gave us a private copy.
 */
function sweep(holder: {value: unknown}, options: NormalizeOptions) {
	const {redactor} = options;
	const precut = options.maxPayloadBytes + 8192;
	let redactions = 0;
	let truncated = false;
	let searchBudget = searchLimit;
	const search: string[] = [];
	const stack: Array<[Container, string | number, number]> = [[holder as unknown as Container, 'value', 0]];
	while (stack.length > 0) {
		const [container, key, depth] = stack.pop()!;
		let value = (container as Record<string | number, unknown>)[key];
		if (redactor && typeof key === 'string' && redactor.isSecretKey(key) && holdsSecret(value, redactor)) {
			// The whole value goes, whatever its type: a numeric password, a credentials object.
			value = (container as Record<string | number, unknown>)[key] = namedSecretMarker;
			redactions++;
		}
		if (typeof value === 'string') {
			let text = value;
			if (text.length > precut) {
				text = text.slice(0, precut) + cutMarker(text.length - precut);
				truncated = true;
			}
			if (redactor && text !== namedSecretMarker) {
				const result = redactor.redactString(text);
				text = result.text;
				redactions += result.count;
			}
			if (text !== value) (container as Record<string | number, unknown>)[key] = text;
			if (searchBudget > 0 && !(typeof key === 'string' && unsearched.has(key))) {
				const part = text.slice(0, searchBudget);
				search.push(part);
				searchBudget -= part.length + 1;
			}
		} else if (typeof value === 'object' && value !== null) {
			if (depth >= maxDepth) {
				(container as Record<string | number, unknown>)[key] = depthMarker;
				truncated = true;
				continue;
			}
			if (Array.isArray(value)) {
				for (let index = value.length - 1; index >= 0; index--) stack.push([value, index, depth + 1]);
			} else {
				const keys = Object.keys(value);
				for (let index = keys.length - 1; index >= 0; index--) stack.push([value as Container, keys[index]!, depth + 1]);
			}
		}
	}
	return {redactions, truncated, searchText: search.join(' ')};
}

interface StringSlot {
	container: Record<string | number, unknown>;
	key: string | number;
	length: number;
}

function stringSlots(root: unknown): StringSlot[] {
	const slots: StringSlot[] = [];
	const stack: Array<[Record<string | number, unknown>, string | number]> = [[{root} as Record<string, unknown>, 'root']];
	while (stack.length > 0) {
		const [container, key] = stack.pop()!;
		const value = container[key];
		if (typeof value === 'string') slots.push({container, key, length: value.length});
		else if (typeof value === 'object' && value !== null) {
			for (const child of Object.keys(value)) stack.push([value as Record<string, unknown>, Array.isArray(value) ? Number(child) : child]);
		}
	}
	return slots;
}

/** Longest string length L such that cutting every string to L frees at least `excess` characters. */
function cutLength(slots: StringSlot[], excess: number): number {
	let low = 0;
	let high = Math.max(0, ...slots.map(slot => slot.length));
	const freed = (limit: number) => slots.reduce((sum, slot) => sum + Math.max(0, slot.length - limit - 40), 0);
	while (low < high) {
		const mid = Math.ceil((low + high) / 2);
		if (freed(mid) >= excess) low = mid;
		else high = mid - 1;
	}
	return low;
}

/**
 * Serializes the payload within the size cap: the longest strings are cut first, so identity fields
 * and structure survive. If strings alone cannot make it fit, keeps the identity fields and an excerpt.
 */
function serializeCapped(value: unknown, maxBytes: number): {json: string; truncated: boolean} {
	let json = JSON.stringify(value);
	if (Buffer.byteLength(json) <= maxBytes) return {json, truncated: false};
	for (let attempt = 0; attempt < 3; attempt++) {
		const slots = stringSlots(value);
		// Bytes can exceed characters (UTF-8, escapes): aim below the cap with a margin that grows.
		const excess = Buffer.byteLength(json) - maxBytes + 1024 * (attempt + 1) * 4;
		const limit = cutLength(slots, excess);
		for (const slot of slots) {
			if (slot.length > limit + 40) {
				const text = slot.container[slot.key] as string;
				slot.container[slot.key] = text.slice(0, limit) + cutMarker(text.length - limit);
			}
		}
		json = JSON.stringify(value);
		if (Buffer.byteLength(json) <= maxBytes) return {json, truncated: true};
	}
	const skeleton: Record<string, unknown> = {};
	if (isObject(value)) {
		for (const key of ['session_id', 'hook_event_name', 'tool_name', 'tool_use_id', 'agent_id', 'agent_type', 'cwd', 'transcript_path']) {
			if (typeof value[key] === 'string') skeleton[key] = (value[key] as string).slice(0, 4096);
		}
	}
	skeleton['eyelet_truncated'] = {excerpt: json.slice(0, Math.max(0, Math.floor(maxBytes / 2) - 8192))};
	return {json: JSON.stringify(skeleton), truncated: true};
}

function invalid(reason: string, bytes: Buffer, options: NormalizeOptions, payload: string | null = null, searchText = ''): NormalizedInput {
	let raw: Buffer | null = bytes.length > 0 ? bytes.subarray(0, rawLimit) : null;
	let redactions = 0;
	if (raw && options.redactor && payload === null) {
		// Raw bytes may hold secrets too; rewrite them only when something was found.
		const result = options.redactor.redactString(raw.toString('utf8'));
		if (result.count > 0) {
			raw = Buffer.from(result.text);
			redactions = result.count;
		}
	}
	if (payload !== null) raw = null;
	const summary = oneLine(`invalid: ${reason}`);
	return {
		status: 'invalid',
		summary,
		signature: errorSignature('invalid', reason),
		durationMs: null,
		redactions,
		payloadBytes: bytes.length,
		truncated: bytes.length > rawLimit && payload === null,
		payload,
		raw,
		searchText: searchBody(summary, searchText),
		object: null,
	};
}

/**
 * The text search indexes: the summary, then the payload strings. The summary usually repeats one
 * of those strings (a command, a path, a prompt), and every trigram indexed costs write time (the
 * text index was over half of an import's per-row SQLite work), so it is left out when the payload
 * text already holds it: every phrase in it is still found.
 */
export function searchBody(summary: string, payloadText: string): string {
	return (payloadText.includes(summary) ? payloadText : `${summary} ${payloadText}`).slice(0, searchLimit);
}

function describeJson(value: unknown): string {
	if (Array.isArray(value)) return 'a JSON array';
	if (value === null) return 'JSON null';
	return `a JSON ${typeof value}`;
}

/** Turns a parsed payload (any JSON value) into stored fields: the path shared by record and import. */
export function normalizeValue(parsed: unknown, bytes: Buffer, options: NormalizeOptions): NormalizedInput {
	const holder = {value: parsed};
	const swept = sweep(holder, options);
	const value = holder.value;
	const {json, truncated} = serializeCapped(value, options.maxPayloadBytes);
	const problem = !isObject(value)
		? `payload is ${describeJson(value)}, not an object`
		: typeof value['hook_event_name'] !== 'string'
			? 'payload has no hook_event_name'
			: typeof value['session_id'] !== 'string'
				? 'payload has no session_id'
				: null;
	if (problem) {
		const result = invalid(problem, bytes, options, json, swept.searchText);
		return {...result, redactions: result.redactions + swept.redactions, truncated: truncated || swept.truncated, object: isObject(value) ? value : null};
	}
	const payload = value as HookPayload;
	const summary = summarize(payload);
	return {
		status: deriveStatus(payload),
		summary,
		signature: payloadSignature(payload),
		durationMs: durationOf(payload),
		redactions: swept.redactions,
		payloadBytes: bytes.length,
		truncated: truncated || swept.truncated,
		payload: json,
		raw: null,
		searchText: searchBody(summary, swept.searchText),
		object: payload,
	};
}

/** What a row holds besides what its input gives: where, when and how it was recorded. */
export type RecordContext = Pick<EventRecord, 'ts' | 'origin' | 'project' | 'hostname' | 'gitBranch' | 'gitCommit' | 'sourceKey' | 'custom'>;

/** The row for a normalised input in its context: the one place input fields become columns. */
export function eventRecord(input: NormalizedInput, context: RecordContext): EventRecord {
	// Field by field, not a spread: spreading a context object took ~15 µs a row in a long-lived process (profiled).
	return {
		ts: context.ts,
		origin: context.origin,
		project: context.project,
		hostname: context.hostname,
		gitBranch: context.gitBranch,
		gitCommit: context.gitCommit,
		sourceKey: context.sourceKey,
		custom: context.custom,
		status: input.status,
		durationMs: input.durationMs,
		summary: input.summary,
		signature: input.signature,
		redactions: input.redactions,
		payloadBytes: input.payloadBytes,
		truncated: input.truncated,
		raw: input.raw,
		payload: input.payload,
		searchText: input.searchText,
	};
}

/** Bytes as read from stdin (or a file line) → stored fields. Never throws: bad input becomes an invalid row. */
export function normalizeInput(bytes: Buffer, options: NormalizeOptions): NormalizedInput {
	let text: string;
	try {
		text = utf8.decode(bytes);
	} catch {
		return invalid('input is not valid UTF-8', bytes, options);
	}
	if (text.trim() === '') return invalid(bytes.length === 0 ? 'empty input' : 'input is only whitespace', bytes, options);
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		const position = /position (\d+)/.exec((error as Error).message)?.[1];
		const why = text.trimStart().startsWith('{') || text.trimStart().startsWith('[') ? 'truncated or malformed JSON' : 'not JSON';
		return invalid(position ? `${why} (at byte ${position})` : why, bytes, options);
	}
	return normalizeValue(parsed, bytes, options);
}
