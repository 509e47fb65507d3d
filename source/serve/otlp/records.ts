import {hash} from 'node:crypto';
import type {Redactor} from '../../events/redact.js';
import type {ApiRequestFacts, HookRunFacts, TelemetryRow, ToolFacts} from '../../events/telemetry-row.js';
import type {AnyValue, Attributes, ExportBatch, RecordIn} from './model.js';
import {toNumber} from './model.js';

/**
 * The processor: decoded OTLP records → the rows eyelet stores. Every string is redacted, every record
 * bounded, and each gets a key from its content so a retried request adds nothing. What joins and what
 * people look at (API calls, tool calls, hook runs, spans) is pulled out into facts of its own; the
 * whole record, whatever it is, is kept as JSON beside them.
 */

/** A string longer than this is cut; a record's JSON longer than recordLimit is kept as its start. */
export const stringLimit = 4096;
export const recordLimit = 64 * 1024;
const listLimit = 200;

// The same short strings come in every record (session and user ids, model, event and hook names,
// resource attributes): each is redacted once per process, not once per record.
const caches = new WeakMap<Redactor, Map<string, {text: string; count: number}>>();
const cachedLength = 256;
const cacheSize = 20_000;

function redactOnce(redactor: Redactor, text: string): {text: string; count: number} {
	if (text.length > cachedLength) return redactor.redactString(text);
	let cache = caches.get(redactor);
	if (!cache) caches.set(redactor, (cache = new Map()));
	let result = cache.get(text);
	if (!result) {
		if (cache.size >= cacheSize) cache.clear();
		result = redactor.redactString(text);
		cache.set(text, result);
	}
	return result;
}

// Attribute names repeat in every record: whether each names a secret (its last dotted part, as
// `api_key` in `auth.api_key`) is decided once.
const secretKeys = new WeakMap<Redactor, Map<string, boolean>>();
function secretKey(redactor: Redactor, key: string): boolean {
	let known = secretKeys.get(redactor);
	if (!known) secretKeys.set(redactor, (known = new Map()));
	let secret = known.get(key);
	if (secret === undefined) {
		if (known.size >= cacheSize) known.clear();
		secret = redactor.isSecretKey(key.slice(key.lastIndexOf('.') + 1));
		known.set(key, secret);
	}
	return secret;
}

/** Redacts and bounds every string in a value, counting what it did. */
class Cleaner {
	redactions = 0;
	truncated = false;
	constructor(private readonly redactor: Redactor | null) {}

	text(value: string, key?: string): string {
		let text = value;
		if (text.length > stringLimit) {
			text = `${text.slice(0, stringLimit)}…[eyelet: cut ${text.length - stringLimit} chars]`;
			this.truncated = true;
		}
		if (!this.redactor) return text;
		if (key !== undefined && text && secretKey(this.redactor, key) && !text.startsWith('[REDACTED:')) {
			this.redactions++;
			return '[REDACTED:named-secret]';
		}
		const result = redactOnce(this.redactor, text);
		this.redactions += result.count;
		return result.text;
	}

	value(value: AnyValue, key?: string): AnyValue {
		if (typeof value === 'string') return this.text(value, key);
		if (Array.isArray(value)) {
			if (value.length > listLimit) this.truncated = true;
			return value.slice(0, listLimit).map(item => this.value(item));
		}
		if (value !== null && typeof value === 'object') return this.attributes(value);
		return value;
	}

	/** Cleans in place (the decoded request is this process's own copy): no second object per record. */
	attributes(attributes: Attributes): Attributes {
		for (const key of Object.keys(attributes)) {
			const value = attributes[key]!;
			const cleaned = typeof value === 'number' || typeof value === 'boolean' || value === null ? value : this.value(value, key);
			const name = this.text(key);
			if (name !== key) delete attributes[key];
			attributes[name] = cleaned;
		}
		return attributes;
	}
}

const str = (attributes: Attributes, key: string): string | null => {
	const value = attributes[key];
	return typeof value === 'string' && value !== '' ? value : null;
};
const num = (attributes: Attributes, key: string): number | null => toNumber(attributes[key]);
const int = (attributes: Attributes, key: string): number => Math.round(num(attributes, key) ?? 0);
const bool = (attributes: Attributes, key: string): boolean | null => {
	const value = attributes[key];
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	return null;
};

function apiRequest(a: Attributes): ApiRequestFacts {
	const micros = num(a, 'cost_usd_micros');
	return {
		agentId: str(a, 'agent_id'),
		model: str(a, 'model'),
		inputTokens: int(a, 'input_tokens'),
		outputTokens: int(a, 'output_tokens'),
		cacheReadTokens: int(a, 'cache_read_tokens'),
		cacheCreationTokens: int(a, 'cache_creation_tokens'),
		costUsd: num(a, 'cost_usd') ?? (micros === null ? 0 : micros / 1e6),
		durationMs: num(a, 'duration_ms'),
		ttftMs: num(a, 'ttft_ms'),
		querySource: str(a, 'query_source'),
	};
}

function hookRun(a: Attributes, ts: number): HookRunFacts | undefined {
	const hookEvent = str(a, 'hook_event');
	if (!hookEvent) return undefined;
	const durationMs = Math.max(0, int(a, 'total_duration_ms'));
	return {
		agentId: str(a, 'agent_id'),
		hookEvent,
		hookName: str(a, 'hook_name') ?? hookEvent,
		startMs: ts - durationMs,
		endMs: ts,
		durationMs,
		hooks: int(a, 'num_hooks'),
		succeeded: int(a, 'num_success'),
		blocking: int(a, 'num_blocking'),
		nonBlocking: int(a, 'num_non_blocking_error'),
		cancelled: int(a, 'num_cancelled'),
	};
}

function toolFacts(name: string, a: Attributes, spanId: string | null): ToolFacts | undefined {
	const toolUseId = str(a, 'tool_use_id');
	if (!toolUseId) return undefined;
	const result = name === 'tool_result';
	return {
		toolUseId,
		tool: str(a, 'tool_name'),
		agentId: str(a, 'agent_id'),
		success: result ? bool(a, 'success') : null,
		durationMs: result ? num(a, 'duration_ms') : null,
		decision: result ? null : str(a, 'decision'),
		decisionSource: result ? null : str(a, 'source'),
		decisionSpanId: result ? null : spanId,
	};
}

// A content key, not a secret: SHA-1 through the one-shot crypto.hash (no Hash object per record).
const keyOf = (signal: string, name: string, ts: number, data: string): Buffer =>
	(hash('sha1', `${signal}\0${name}\0${ts}\0${data}`, 'buffer') as unknown as Buffer).subarray(0, 16);

/** The record as JSON, its scope's resource (the same for every record of it) spliced in as text, written once. */
function bounded(value: Record<string, unknown>, resource: string, cleaner: Cleaner): string {
	const fields = JSON.stringify(value);
	const json = `${fields.slice(0, -1)}${fields.length > 2 ? ',' : ''}"resource":${resource}}`;
	if (json.length <= recordLimit) return json;
	cleaner.truncated = true;
	return JSON.stringify({cut: true, bytes: json.length, head: json.slice(0, recordLimit)});
}

function row(record: RecordIn, redactor: Redactor | null, resources: Map<object, string>): TelemetryRow {
	const cleaner = new Cleaner(redactor);
	const attributes = cleaner.attributes(record.attributes);
	// Every record of a scope shares its resource: cleaned and written once.
	let resource = resources.get(record.origin);
	if (resource === undefined) resources.set(record.origin, (resource = JSON.stringify(cleaner.attributes(record.origin.resource))));
	const scope = {name: record.origin.scope, version: record.origin.scopeVersion};
	const sessionId = str(attributes, 'session.id');
	const promptId = str(attributes, 'prompt.id');
	if (record.kind === 'log') {
		const body = cleaner.value(record.body);
		const name = str(attributes, 'event.name') ?? (record.eventName ? cleaner.text(record.eventName) : null) ?? (typeof body === 'string' ? body : 'log');
		const data = bounded(
			{
				attributes,
				body,
				scope,
				severity: record.severity,
				observed: record.observedMs,
				traceId: record.traceId,
				spanId: record.spanId,
				unknowns: record.unknowns,
			},
			resource,
			cleaner,
		);
		const out: TelemetryRow = {
			key: keyOf('log', name, record.timeMs, data),
			signal: 'log',
			name,
			ts: record.timeMs,
			sessionId,
			promptId,
			redactions: cleaner.redactions,
			truncated: cleaner.truncated,
			data,
		};
		if (name === 'api_request') out.api = apiRequest(attributes);
		else if (name === 'hook_execution_complete') out.hook = hookRun(attributes, record.timeMs);
		else if (name === 'tool_result' || name === 'tool_decision') out.tool = toolFacts(name, attributes, record.spanId);
		return out;
	}
	if (record.kind === 'span') {
		const name = cleaner.text(record.name) || 'span';
		const statusMessage = cleaner.text(record.statusMessage);
		const data = bounded(
			{
				attributes,
				scope,
				traceId: record.traceId,
				spanId: record.spanId,
				parentSpanId: record.parentSpanId,
				kind: record.spanKind,
				end: record.endMs,
				status: {code: record.statusCode, message: statusMessage},
				events: record.events,
				unknowns: record.unknowns,
			},
			resource,
			cleaner,
		);
		const out: TelemetryRow = {
			key: keyOf('span', name, record.startMs, data),
			signal: 'span',
			name,
			ts: record.startMs,
			sessionId,
			promptId,
			redactions: cleaner.redactions,
			truncated: cleaner.truncated,
			data,
		};
		if (record.spanId)
			out.span = {
				spanId: record.spanId,
				traceId: record.traceId,
				parentSpanId: record.parentSpanId,
				name,
				startMs: record.startMs,
				endMs: Math.max(record.startMs, record.endMs),
				toolUseId: str(attributes, 'tool_use_id'),
				decision: str(attributes, 'decision'),
				decisionSource: str(attributes, 'source'),
			};
		return out;
	}
	const name = cleaner.text(record.metric) || 'metric';
	const data = bounded(
		{
			attributes,
			scope,
			unit: record.unit,
			type: record.type,
			start: record.startMs,
			value: record.value,
			count: record.count,
			unknowns: record.unknowns,
		},
		resource,
		cleaner,
	);
	return {
		key: keyOf('metric', name, record.timeMs, data),
		signal: 'metric',
		name,
		ts: record.timeMs,
		sessionId,
		promptId,
		redactions: cleaner.redactions,
		truncated: cleaner.truncated,
		data,
	};
}

/** The rows of a decoded export request, in its order. */
export function telemetryRows(batch: ExportBatch, redactor: Redactor | null): TelemetryRow[] {
	const resources = new Map<object, string>();
	return batch.records.map(record => row(record, redactor, resources));
}
