import {normalizeValue} from './normalize.js';
import type {Redactor} from './redact.js';

/** The text a stored row (or a spooled event) holds, as `eyelet redact` reads it back. */
export interface StoredText {
	/** JSON text of the stored payload; null for input that was not JSON. */
	payload: string | null;
	summary: string | null;
	signature: string | null;
	raw: Buffer | null;
	truncated: boolean;
}

/** What the current rules make of it: the new text, how many secrets they found, and the new search body (null: unchanged). */
export interface Rescanned extends StoredText {
	searchText: string | null;
	redactions: number;
}

const options = (redactor: Redactor | null, maxPayloadBytes: number) => ({redactor, maxPayloadBytes});

/**
 * Applies the current rules to text stored under older ones; null when they find nothing new.
 * The summary and signature are derived again from the redacted payload when the stored ones are
 * what today's code derives from the stored payload (so a changed summary rule rewrites nothing);
 * otherwise the stored text itself is redacted.
 */
export function rescanStored(stored: StoredText, redactor: Redactor, maxPayloadBytes: number): Rescanned | null {
	let redactions = 0;
	let payload = stored.payload;
	let raw = stored.raw;
	let summary = stored.summary;
	let signature = stored.signature;
	let truncated = stored.truncated;
	let searchText: string | null = null;
	const derived = {summary: false, signature: false};
	if (payload !== null && redactor.mayFind(payload)) {
		const after = normalizeValue(JSON.parse(payload), Buffer.alloc(0), options(redactor, maxPayloadBytes));
		if (after.redactions > 0) {
			const before = normalizeValue(JSON.parse(payload), Buffer.alloc(0), options(null, maxPayloadBytes));
			redactions += after.redactions;
			payload = after.payload;
			truncated ||= after.truncated;
			searchText = after.searchText;
			if (summary === before.summary) [summary, derived.summary] = [after.summary, true];
			if (signature === before.signature) [signature, derived.signature] = [after.signature, true];
		}
	}
	if (raw !== null && redactor.mayFind(raw.toString('utf8'))) {
		const result = redactor.redactString(raw.toString('utf8'));
		if (result.count > 0) [raw, redactions] = [Buffer.from(result.text), redactions + result.count];
	}
	for (const field of ['summary', 'signature'] as const) {
		const text = field === 'summary' ? summary : signature;
		if (text === null || derived[field]) continue;
		const result = redactor.redactString(text);
		if (result.count === 0) continue;
		redactions += result.count;
		if (field === 'summary') summary = result.text;
		else signature = result.text;
	}
	if (redactions === 0) return null;
	if (searchText === null && summary !== stored.summary) searchText = searchTextOf(payload, summary, maxPayloadBytes);
	return {payload, summary, signature, raw, truncated, redactions, searchText};
}

/** The search body of a row whose summary changed and payload did not: what the recorder indexes for it. */
function searchTextOf(payload: string | null, summary: string | null, maxPayloadBytes: number): string {
	if (payload === null) return summary ?? '';
	const derived = normalizeValue(JSON.parse(payload), Buffer.alloc(0), options(null, maxPayloadBytes));
	return summary === derived.summary ? derived.searchText : `${summary ?? ''} ${derived.searchText}`.trim();
}

/**
 * A stored telemetry record (its JSON, `data` in migration 0009) under the current rules, as the
 * daemon cleans one on the way in: every string redacted, and a string under a key that names a
 * secret (its last dotted part: `api_key` in `auth.api_key`) replaced whole. Null when nothing changes.
 */
export function rescanTelemetry(data: string, redactor: Redactor): {data: string; redactions: number} | null {
	if (!redactor.mayFind(data)) return null;
	let parsed: unknown;
	try {
		parsed = JSON.parse(data);
	} catch {
		// Not JSON (no writer stores that, but the file is the user's): the text as a whole.
		const result = redactor.redactString(data);
		return result.count ? {data: result.text, redactions: result.count} : null;
	}
	let redactions = 0;
	const text = (value: string, key: string | null): string => {
		if (key !== null && value && !value.startsWith('[REDACTED:') && redactor.isSecretKey(key.slice(key.lastIndexOf('.') + 1))) {
			redactions++;
			return '[REDACTED:named-secret]';
		}
		const result = redactor.redactString(value);
		redactions += result.count;
		return result.text;
	};
	const walk = (value: unknown, key: string | null): unknown => {
		if (typeof value === 'string') return text(value, key);
		if (Array.isArray(value)) return value.map(item => walk(item, null));
		if (value === null || typeof value !== 'object') return value;
		const out: Record<string, unknown> = {};
		for (const [name, inner] of Object.entries(value)) out[text(name, null)] = walk(inner, name);
		return out;
	};
	const cleaned = walk(parsed, null);
	return redactions ? {data: JSON.stringify(cleaned), redactions} : null;
}
