import type {Redactor} from '../../events/redact.js';
import type {PayloadExport} from '../../settings/config.js';
import type {ExportEventRow} from '../../store/export.js';
import {spanIdOf, traceIdOf} from './ids.js';
import {type Attributes, type LogRecordOut, put} from './model.js';

/**
 * One log record per stored event: its time, its summary as the body, Claude Code's attribute names
 * where Claude Code has one (so a backend joins these records to the client's own telemetry) and
 * eyelet's own under `eyelet.`. Everything that leaves goes through the redactor once more, with
 * today's rules: a row recorded under older rules, or with redaction off, leaves redacted all the same.
 */

export interface LogMapping {
	payload: PayloadExport;
	payloadLimit: number;
	redactor: Redactor;
	/** Claude Code's user.id for a session, where its telemetry came to this database. */
	userId: (sessionId: string) => string | null;
	/** The configured host.name (export.otlp.resource or OTEL_RESOURCE_ATTRIBUTES), else each event's own. */
	hostName: string | null;
}

/** Strings of the "summary" payload are cut to this many characters. */
const summaryStringLimit = 200;
const severities = {ok: [9, 'INFO'], denied: [13, 'WARN'], error: [17, 'ERROR'], invalid: [17, 'ERROR']} as const;
const toolEvents = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'PermissionDenied', 'HookFailure']);

export function cut(text: string, limit: number): string {
	return text.length <= limit ? text : `${text.slice(0, limit)}…`;
}

function redacted(redactor: Redactor, text: string): string {
	return redactor.mayFind(text) ? redactor.redactString(text).text : text;
}

const namedSecret = '[REDACTED:named-secret]';

/** A string redacted (under a key that names a secret: replaced whole) and, for "summary", cut short. */
function cleanString(text: string, redactor: Redactor, limit: number | null, key: string | null): string {
	if (key !== null && text && redactor.isSecretKey(key) && !text.startsWith('[REDACTED:')) return namedSecret;
	const clean = redacted(redactor, text);
	return limit === null ? clean : cut(clean, limit);
}

/**
 * Every string of a parsed payload cleaned where it is: the parse made these objects for this call
 * alone, and changing them in place spares a copy of each (a quarter of this function's time).
 */
function cleanInPlace(value: object, redactor: Redactor, limit: number | null): void {
	if (Array.isArray(value)) {
		for (let index = 0; index < value.length; index++) {
			const item: unknown = value[index];
			if (typeof item === 'string') value[index] = cleanString(item, redactor, limit, null);
			else if (item !== null && typeof item === 'object') cleanInPlace(item, redactor, limit);
		}
		return;
	}
	const record = value as Record<string, unknown>;
	for (const key in record) {
		const item = record[key];
		if (typeof item === 'string') record[key] = cleanString(item, redactor, limit, key);
		else if (item !== null && typeof item === 'object') cleanInPlace(item, redactor, limit);
	}
}

/** What "summary" leaves out: the fields each record carries as attributes already (session.id, event.name, ...). */
const asAttributes = ['session_id', 'hook_event_name', 'tool_name', 'tool_use_id', 'prompt_id', 'agent_id', 'agent_type'];

/**
 * The payload attribute. Stored payloads were redacted when they were recorded, but the row does not
 * say with which rules, or whether redaction was on at all (`redaction.enabled: false`,
 * `EYELET_REDACT=0`): so every string is redacted again with today's, as the README promises.
 */
export function payloadAttribute(payload: string | null, mode: PayloadExport, limit: number, redactor: Redactor): string | null {
	if (mode === 'off' || payload === null) return null;
	let parsed: unknown;
	try {
		parsed = JSON.parse(payload);
	} catch {
		return null;
	}
	const summary = mode === 'summary';
	if (typeof parsed === 'string') parsed = cleanString(parsed, redactor, summary ? summaryStringLimit : null, null);
	else if (parsed !== null && typeof parsed === 'object') {
		if (summary && !Array.isArray(parsed)) for (const key of asAttributes) delete (parsed as Record<string, unknown>)[key];
		cleanInPlace(parsed, redactor, summary ? summaryStringLimit : null);
	}
	return cut(JSON.stringify(parsed), limit);
}

/** The span a record belongs to, so a backend can go from the record to the call, prompt or subagent. */
function spanOf(row: ExportEventRow): string | null {
	const session = row.session_id;
	if (!session) return null;
	if (row.tool_use_id && row.event && toolEvents.has(row.event)) return spanIdOf(session, 'tool', row.tool_use_id);
	if (row.agent_id && (row.event === 'SubagentStart' || row.event === 'SubagentStop')) return spanIdOf(session, 'agent', row.agent_id);
	if (row.prompt_id && !row.agent_id) return spanIdOf(session, 'prompt', row.prompt_id);
	return spanIdOf(session, 'session');
}

export function logRecordOf(row: ExportEventRow, mapping: LogMapping): LogRecordOut {
	const {redactor} = mapping;
	const text = (value: string | null) => (value === null ? null : redacted(redactor, value));
	const attributes: Attributes = {'event.name': row.event ?? 'invalid'};
	put(attributes, 'session.id', row.session_id);
	put(attributes, 'prompt.id', row.prompt_id);
	put(attributes, 'tool_use_id', row.tool_use_id);
	put(attributes, 'tool_name', row.tool);
	put(attributes, 'agent_id', row.agent_id);
	put(attributes, 'agent_type', row.agent_type);
	const host = mapping.hostName ?? row.hostname;
	put(attributes, 'host.name', host);
	put(attributes, 'user.id', row.session_id ? mapping.userId(row.session_id) : null);
	attributes['eyelet.event_id'] = row.id;
	attributes['eyelet.status'] = row.status;
	attributes['eyelet.origin'] = row.origin;
	put(attributes, 'eyelet.signature', text(row.signature));
	put(attributes, 'eyelet.project', text(row.project));
	put(attributes, 'eyelet.git.branch', text(row.git_branch));
	put(attributes, 'eyelet.git.commit', row.git_commit);
	put(attributes, 'eyelet.duration_ms', row.duration_ms);
	put(attributes, 'eyelet.hook.command', text(row.hook_command));
	put(attributes, 'eyelet.hook.exit_code', row.hook_exit_code === null ? null : Number(row.hook_exit_code));
	put(attributes, 'eyelet.hook.name', row.hook_name);
	if (row.redactions) attributes['eyelet.redactions'] = row.redactions;
	if (row.truncated) attributes['eyelet.truncated'] = true;
	if (row.custom) {
		try {
			for (const [name, value] of Object.entries(JSON.parse(row.custom) as Record<string, unknown>))
				if (typeof value === 'string') put(attributes, `eyelet.custom.${name}`, text(value));
		} catch {
			// custom fields that are not an object are left out
		}
	}
	put(attributes, 'eyelet.payload', payloadAttribute(row.payload, mapping.payload, mapping.payloadLimit, redactor));
	const [severityNumber, severityText] = severities[row.status as keyof typeof severities] ?? severities.ok;
	return {
		timeMs: row.ts,
		severityNumber,
		severityText,
		body: text(row.summary) ?? row.event ?? '',
		attributes,
		traceId: row.session_id ? traceIdOf(row.session_id) : null,
		spanId: spanOf(row),
		host,
	};
}

/** What a record costs on the wire, roughly: batches are bounded by it. */
export function recordBytes(record: LogRecordOut): number {
	let bytes = 64 + record.body.length;
	for (const [key, value] of Object.entries(record.attributes)) bytes += key.length + (typeof value === 'string' ? value.length : 8) + 4;
	return bytes;
}
