/**
 * What an OTLP export request holds, once decoded, whichever encoding it came in (JSON or protobuf):
 * its records with their attributes as plain values. The receiver's output and the processor's input.
 */

export type Signal = 'logs' | 'traces' | 'metrics';

/** An OTLP AnyValue as a plain value: kvlists become objects, bytes become base64 text. */
export type AnyValue = string | number | boolean | null | AnyValue[] | {[key: string]: AnyValue};
export type Attributes = Record<string, AnyValue>;

/** Where a record came from: its resource's attributes and its instrumentation scope. */
export interface Origin {
	resource: Attributes;
	scope: string | null;
	scopeVersion: string | null;
}

/** Fields of the wire format this eyelet does not know, kept as base64 so a later one can read them. */
export type Unknowns = string[];

export interface LogIn {
	kind: 'log';
	timeMs: number;
	observedMs: number;
	severity: number;
	body: AnyValue;
	attributes: Attributes;
	/** Lowercase hex, or null when unset. */
	traceId: string | null;
	spanId: string | null;
	eventName: string | null;
	origin: Origin;
	unknowns: Unknowns;
}

export interface SpanIn {
	kind: 'span';
	traceId: string | null;
	spanId: string | null;
	parentSpanId: string | null;
	name: string;
	spanKind: number;
	startMs: number;
	endMs: number;
	attributes: Attributes;
	statusCode: number;
	statusMessage: string;
	events: number;
	origin: Origin;
	unknowns: Unknowns;
}

export interface PointIn {
	kind: 'point';
	metric: string;
	unit: string;
	type: 'sum' | 'gauge' | 'histogram' | 'exponentialHistogram' | 'summary' | 'unknown';
	startMs: number;
	timeMs: number;
	/** The value of a sum or gauge point; a histogram's sum. */
	value: number | null;
	/** A histogram's or summary's count. */
	count: number | null;
	attributes: Attributes;
	origin: Origin;
	unknowns: Unknowns;
}

export type RecordIn = LogIn | SpanIn | PointIn;

export interface ExportBatch {
	signal: Signal;
	records: RecordIn[];
	/** Records the request held that could not be read (a partial success). */
	rejected: number;
	/** Why, in one line, for the partial_success message. */
	problem: string | null;
}

/** A request that cannot be taken: the HTTP status and the message of the google.rpc.Status answered. */
export class OtlpError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

/** 64-bit integers arrive as numbers, decimal strings (JSON) or Long objects (protobuf): one number. */
export function toNumber(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string') {
		if (value.trim() === '') return null;
		const n = Number(value);
		return Number.isFinite(n) ? n : null;
	}
	if (typeof value === 'object' && value !== null && 'low' in value && 'high' in value) {
		const {low, high, unsigned} = value as {low: number; high: number; unsigned?: boolean};
		return unsigned || high >= 0 ? (high >>> 0) * 4294967296 + (low >>> 0) : high * 4294967296 + (low >>> 0);
	}
	return null;
}

/**
 * Nanoseconds since the epoch → milliseconds (whole); 0 when unset. In integers: today's nanoseconds
 * (~1.8e18) are past a double's 2^53, and `Math.floor(Number('1796131951170000000') / 1e6)` gives
 * ...169, so two records a millisecond apart got the same time, and the same content key.
 */
export function nanosToMs(value: unknown): number {
	if (typeof value === 'string' && /^\d{1,30}$/.test(value)) return Number(BigInt(value) / 1_000_000n);
	if (typeof value === 'object' && value !== null && 'low' in value && 'high' in value) {
		const {low, high, unsigned} = value as {low: number; high: number; unsigned?: boolean};
		const nanos = (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
		return Number((unsigned || high >= 0 ? nanos : nanos - (1n << 64n)) / 1_000_000n);
	}
	const nanos = toNumber(value) ?? 0;
	const ms = Math.round(nanos / 1e6);
	return ms * 1e6 > nanos ? ms - 1 : ms;
}

/** The signal's word in OTLP's message names: ExportLogsServiceRequest, ExportTraceServiceRequest, ... */
export const signalName: Record<Signal, string> = {logs: 'Logs', traces: 'Trace', metrics: 'Metrics'};

/** OTLP/HTTP's default paths, and the signal each carries. */
export const otlpPaths: ReadonlyMap<string, Signal> = new Map([
	['/v1/logs', 'logs'],
	['/v1/traces', 'traces'],
	['/v1/metrics', 'metrics'],
]);

/** What a body may hold after gzip is undone: the specification's recommended 64 MiB. */
export const otlpBodyLimit = 64 * 1024 * 1024;
