/**
 * What the export sends, before the OpenTelemetry SDK turns it into OTLP (sdk.ts): log records and
 * spans as plain values. The mapping (logs.ts, traces.ts) builds these; the SDK owns the wire format.
 */

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

export interface LogRecordOut {
	timeMs: number;
	severityNumber: number;
	severityText: string;
	body: string;
	attributes: Attributes;
	traceId: string | null;
	spanId: string | null;
	/** The machine the event was recorded on: the resource's host.name unless the config names one. */
	host: string | null;
}

/** OTLP's status codes. */
export const StatusCode = {unset: 0, ok: 1, error: 2} as const;

export interface SpanEventOut {
	name: string;
	timeMs: number;
	attributes: Attributes;
}

export interface SpanOut {
	traceId: string;
	spanId: string;
	parentSpanId: string | null;
	name: string;
	startMs: number;
	endMs: number;
	status: {code: 0 | 1 | 2; message?: string};
	attributes: Attributes;
	events: SpanEventOut[];
	host: string | null;
}

/** Sets an attribute only when there is a value: OTLP has no null. */
export function put(attributes: Attributes, key: string, value: AttributeValue | null | undefined): void {
	if (value === null || value === undefined || value === '') return;
	attributes[key] = value;
}
