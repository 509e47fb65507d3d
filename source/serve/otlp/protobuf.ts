import {
	type AnyValue,
	type Attributes,
	type ExportBatch,
	nanosToMs,
	type Origin,
	OtlpError,
	type RecordIn,
	type Signal,
	signalName,
	toNumber,
	type Unknowns,
} from './model.js';

/**
 * Binary OTLP (application/x-protobuf): decoded by the static decoders protobuf.js generates from the
 * official OTLP definitions (proto/, scripts/generate-otlp.mjs), on its protobufjs/minimal runtime.
 * Loaded on the first protobuf request, so a daemon that only takes hooks never pays for it.
 */

/** The generated module, as far as this file reads it. */
interface Decoder {
	decode(bytes: Uint8Array): Message;
}
type Message = Record<string, unknown> & {$unknowns?: Uint8Array[]};
interface Generated {
	opentelemetry: {
		proto: {
			collector: {
				logs: {v1: {ExportLogsServiceRequest: Decoder}};
				trace: {v1: {ExportTraceServiceRequest: Decoder}};
				metrics: {v1: {ExportMetricsServiceRequest: Decoder}};
			};
		};
	};
}

let generated: Generated | null = null;
/** How long loading the decoders took, in ms (reported by /health). */
export let decoderLoadMs: number | null = null;

function decoders(): Generated {
	if (!generated) {
		const started = performance.now();
		// 64-bit fields as plain numbers instead of Long objects (one allocation less per time and
		// integer; a nanosecond time keeps far more than millisecond precision). Set before the
		// decoders load: their defaults are read from it then.
		const runtime = require('protobufjs/minimal') as {util: {Long: unknown; oneOfSetter: unknown}; configure(): void};
		runtime.util.Long = null;
		runtime.configure();
		// Each oneof's name is kept behind a setter that deletes the oneof's other fields on every
		// decode (an eighth of the decoding time, measured). This file reads the fields themselves, so
		// the classes are built with a setter that does nothing; the runtime's own is put back after.
		const setter = runtime.util.oneOfSetter;
		runtime.util.oneOfSetter = () => () => {};
		try {
			generated = require('./generated/otlp-decode.cjs') as Generated;
		} finally {
			runtime.util.oneOfSetter = setter;
		}
		decoderLoadMs = Math.round((performance.now() - started) * 10) / 10;
	}
	return generated;
}

const list = (value: unknown): Message[] => (Array.isArray(value) ? (value as Message[]) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const hex = (value: unknown): string | null =>
	value instanceof Uint8Array && value.length > 0 ? Buffer.from(value.buffer, value.byteOffset, value.length).toString('hex') : null;
const unknownsOf = (message: Message | null | undefined): Unknowns =>
	message?.$unknowns ? message.$unknowns.map(bytes => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64')) : [];

// The oneof's fields are read directly: the generated `value` getter lists the message's own keys on
// every read (Object.keys per attribute: a tenth of the decoding time, measured). Unset fields are
// null on the prototype.
function anyValue(value: Message | null | undefined): AnyValue {
	if (!value) return null;
	if (value['stringValue'] != null) return text(value['stringValue']);
	if (value['intValue'] != null) return toNumber(value['intValue']);
	if (value['boolValue'] != null) return value['boolValue'] === true;
	if (value['doubleValue'] != null) return typeof value['doubleValue'] === 'number' && Number.isFinite(value['doubleValue']) ? value['doubleValue'] : null;
	if (value['arrayValue'] != null) return list((value['arrayValue'] as Message)['values']).map(anyValue);
	if (value['kvlistValue'] != null) return attributes((value['kvlistValue'] as Message)['values']);
	if (value['bytesValue'] != null) return value['bytesValue'] instanceof Uint8Array ? Buffer.from(value['bytesValue']).toString('base64') : null;
	return null;
}

function attributes(keyValues: unknown): Attributes {
	const out: Attributes = {};
	for (const pair of list(keyValues)) out[text(pair['key'])] = anyValue(pair['value'] as Message | null);
	return out;
}

function origin(resource: Message | null | undefined, scope: Message | null | undefined): Origin {
	return {resource: attributes(resource?.['attributes']), scope: text(scope?.['name']) || null, scopeVersion: text(scope?.['version']) || null};
}

function logs(request: Message): RecordIn[] {
	const records: RecordIn[] = [];
	for (const resourceLogs of list(request['resourceLogs']))
		for (const scopeLogs of list(resourceLogs['scopeLogs'])) {
			const from = origin(resourceLogs['resource'] as Message, scopeLogs['scope'] as Message);
			for (const log of list(scopeLogs['logRecords']))
				records.push({
					kind: 'log',
					timeMs: nanosToMs(log['timeUnixNano']),
					observedMs: nanosToMs(log['observedTimeUnixNano']),
					severity: toNumber(log['severityNumber']) ?? 0,
					body: anyValue(log['body'] as Message),
					attributes: attributes(log['attributes']),
					traceId: hex(log['traceId']),
					spanId: hex(log['spanId']),
					eventName: text(log['eventName']) || null,
					origin: from,
					unknowns: unknownsOf(log),
				});
		}
	return records;
}

function spans(request: Message): RecordIn[] {
	const records: RecordIn[] = [];
	for (const resourceSpans of list(request['resourceSpans']))
		for (const scopeSpans of list(resourceSpans['scopeSpans'])) {
			const from = origin(resourceSpans['resource'] as Message, scopeSpans['scope'] as Message);
			for (const span of list(scopeSpans['spans'])) {
				const status = span['status'] as Message | null;
				records.push({
					kind: 'span',
					traceId: hex(span['traceId']),
					spanId: hex(span['spanId']),
					parentSpanId: hex(span['parentSpanId']),
					name: text(span['name']),
					spanKind: toNumber(span['kind']) ?? 0,
					startMs: nanosToMs(span['startTimeUnixNano']),
					endMs: nanosToMs(span['endTimeUnixNano']),
					attributes: attributes(span['attributes']),
					statusCode: toNumber(status?.['code']) ?? 0,
					statusMessage: text(status?.['message']),
					events: list(span['events']).length,
					origin: from,
					unknowns: unknownsOf(span),
				});
			}
		}
	return records;
}

const pointTypes = ['sum', 'gauge', 'histogram', 'exponentialHistogram', 'summary'] as const;

function points(request: Message): RecordIn[] {
	const records: RecordIn[] = [];
	for (const resourceMetrics of list(request['resourceMetrics']))
		for (const scopeMetrics of list(resourceMetrics['scopeMetrics'])) {
			const from = origin(resourceMetrics['resource'] as Message, scopeMetrics['scope'] as Message);
			for (const metric of list(scopeMetrics['metrics'])) {
				const type = pointTypes.find(name => metric['data'] === name) ?? 'unknown';
				const data = type === 'unknown' ? null : (metric[type] as Message | null);
				for (const point of list(data?.['dataPoints'])) {
					const value =
						point['value'] === 'asInt' ? toNumber(point['asInt']) : point['value'] === 'asDouble' ? toNumber(point['asDouble']) : toNumber(point['sum']);
					records.push({
						kind: 'point',
						metric: text(metric['name']),
						unit: text(metric['unit']),
						type,
						startMs: nanosToMs(point['startTimeUnixNano']),
						timeMs: nanosToMs(point['timeUnixNano']),
						value: type === 'sum' || type === 'gauge' || point['sum'] !== undefined ? value : null,
						count: type === 'histogram' || type === 'exponentialHistogram' || type === 'summary' ? toNumber(point['count']) : null,
						attributes: attributes(point['attributes']),
						origin: from,
						unknowns: unknownsOf(point),
					});
				}
			}
		}
	return records;
}

/** A binary Export*ServiceRequest → its records. Throws OtlpError(400) when the bytes are not one. */
export function decodeProtobuf(signal: Signal, body: Buffer): ExportBatch {
	const collector = decoders().opentelemetry.proto.collector;
	const decoder =
		signal === 'logs'
			? collector.logs.v1.ExportLogsServiceRequest
			: signal === 'traces'
				? collector.trace.v1.ExportTraceServiceRequest
				: collector.metrics.v1.ExportMetricsServiceRequest;
	let request: Message;
	try {
		request = decoder.decode(body);
	} catch (error) {
		throw new OtlpError(400, `the body is not a protobuf Export${signalName[signal]}ServiceRequest: ${(error as Error).message}`);
	}
	const records = signal === 'logs' ? logs(request) : signal === 'traces' ? spans(request) : points(request);
	return {signal, records, rejected: 0, problem: null};
}
