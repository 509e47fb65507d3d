import {hostname} from 'node:os';
import {eventRecord, type NormalizedInput, normalizeInput} from '../events/normalize.js';
import {createRedactor, type Redactor} from '../events/redact.js';
import type {EventRecord, HookPayload} from '../events/types.js';
import {type Config, customFieldValues} from '../settings/config.js';

/**
 * The one path from a hook's bytes to the row stored for them, shared by both doors: `eyelet record`
 * (stdin, one process per event) and `eyelet serve` (an HTTP body, one long-lived process). Each
 * door says only where the event happened (project and git state), which it knows differently.
 */

/** What stays the same for every event a process records: built once per process. */
export interface RecordingSetup {
	config: Config;
	/** null when redaction is switched off. */
	redactor: Redactor | null;
	/** JSON text of the custom fields, or null. */
	custom: string | null;
	hostname: string;
	log: (message: string) => void;
}

export function recordingSetup(config: Config, env: NodeJS.ProcessEnv, log: (message: string) => void): RecordingSetup {
	const custom = customFieldValues(config.customFields, env);
	return {
		config,
		redactor: config.redaction.enabled ? createRedactor(config.redaction) : null,
		custom: custom ? JSON.stringify(custom) : null,
		hostname: hostname(),
		log,
	};
}

/** Where an event happened: the door's answer for its payload (null when the input was not an object). */
export interface EventPlace {
	project: string | null;
	gitBranch: string | null;
	gitCommit: string | null;
}

export type PlaceOf = (payload: HookPayload | null) => EventPlace;

export interface BuiltEvent {
	input: NormalizedInput;
	record: EventRecord;
}

const rawLimit = 64 * 1024;

/** The stored fields of input the recorder failed on: the raw bytes (redacted), marked invalid with the error. */
function recorderFailure(bytes: Buffer, total: number, error: unknown, redactor: Redactor | null): NormalizedInput {
	const reason = `recorder error: ${(error as Error)?.message ?? String(error)}`;
	let raw: Buffer | null = bytes.length > 0 ? bytes.subarray(0, rawLimit) : null;
	let redactions = 0;
	if (raw) {
		const redacted = (redactor ?? createRedactor()).redactString(raw.toString('utf8'));
		if (redacted.count > 0) [raw, redactions] = [Buffer.from(redacted.text), redacted.count];
	}
	return {
		status: 'invalid',
		summary: reason.slice(0, 240),
		signature: `invalid: ${reason.slice(0, 120)}`,
		durationMs: null,
		redactions,
		payloadBytes: total,
		truncated: bytes.length > rawLimit,
		payload: null,
		raw,
		searchText: reason,
		object: null,
	};
}

export interface EventOptions {
	now?: number;
	/** The project stored when building the row failed: what the door knows without the payload. */
	fallbackProject?: string | null;
}

/**
 * Bytes of one hook input → the row to store. Never throws: unusable input is an `invalid` row that
 * keeps the raw bytes, and a bug here stores the raw input too, naming the error, rather than
 * losing the event. `total` is the input's size as received (bytes may hold only its start).
 */
export function eventFromBytes(bytes: Buffer, total: number, setup: RecordingSetup, placeOf: PlaceOf, options: EventOptions = {}): BuiltEvent {
	const now = options.now ?? Date.now();
	let input: NormalizedInput;
	try {
		input = normalizeInput(bytes, {redactor: setup.redactor, maxPayloadBytes: setup.config.maxPayloadBytes});
		input.payloadBytes = total;
		if (input.status === 'invalid') setup.log(`stored invalid input: ${input.summary}`);
		const {project, gitBranch, gitCommit} = placeOf(input.object);
		return {
			input,
			record: eventRecord(input, {ts: now, origin: 'hook', project, gitBranch, gitCommit, hostname: setup.hostname, sourceKey: null, custom: setup.custom}),
		};
	} catch (error) {
		return failedEvent(bytes, total, error, setup, {...options, now});
	}
}

/** The row for input that could not be turned into one the usual way: its raw bytes, invalid, naming the error. */
export function failedEvent(bytes: Buffer, total: number, error: unknown, setup: RecordingSetup, options: EventOptions = {}): BuiltEvent {
	setup.log(`recorder error, keeping the raw input: ${(error as Error)?.stack ?? String(error)}`);
	const failed = recorderFailure(bytes, total, error, setup.redactor);
	const context = {
		ts: options.now ?? Date.now(),
		origin: 'hook' as const,
		project: options.fallbackProject ?? null,
		hostname: null,
		gitBranch: null,
		gitCommit: null,
	};
	return {input: failed, record: eventRecord(failed, {...context, sourceKey: null, custom: null})};
}
