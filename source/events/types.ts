/** A hook payload as Claude Code sends it: a JSON object; fields are read through the helpers below. */
export type HookPayload = Record<string, unknown>;

export type Status = 'ok' | 'error' | 'denied' | 'invalid';

/**
 * hook: live from `eyelet record` or `eyelet serve`; import: brought in by `eyelet import`; harvest: a
 * hook failure read from a transcript; transcript: an event whose http delivery failed, rebuilt from the transcript.
 */
export type Origin = 'hook' | 'import' | 'harvest' | 'transcript';

/** One row of the events table, as the store writes it (the generated columns come from `payload`). */
export interface EventRecord {
	ts: number;
	status: Status;
	origin: Origin;
	project: string | null;
	hostname: string | null;
	gitBranch: string | null;
	gitCommit: string | null;
	durationMs: number | null;
	summary: string | null;
	signature: string | null;
	redactions: number;
	payloadBytes: number;
	truncated: boolean;
	sourceKey: string | null;
	/** JSON text of the custom fields, or null. */
	custom: string | null;
	/** Bounded bytes of input that was not a usable payload. */
	raw: Buffer | null;
	/** JSON text of the redacted, size-capped payload, or null when the input was not JSON. */
	payload: string | null;
	/** What text search sees: summary and payload strings, bounded. */
	searchText: string;
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function stringField(payload: unknown, key: string): string | null {
	if (!isObject(payload)) return null;
	const value = payload[key];
	return typeof value === 'string' ? value : null;
}

export function objectField(payload: unknown, key: string): Record<string, unknown> | null {
	if (!isObject(payload)) return null;
	const value = payload[key];
	return isObject(value) ? value : null;
}
