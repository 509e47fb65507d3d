import {subscribe} from 'node:diagnostics_channel';
import type {ClientRequest, IncomingMessage} from 'node:http';
import {OTLPLogExporter as JsonLogExporter} from '@opentelemetry/exporter-logs-otlp-http';
import {OTLPLogExporter as ProtobufLogExporter} from '@opentelemetry/exporter-logs-otlp-proto';
import {OTLPTraceExporter as JsonTraceExporter} from '@opentelemetry/exporter-trace-otlp-http';
import {OTLPTraceExporter as ProtobufTraceExporter} from '@opentelemetry/exporter-trace-otlp-proto';
import {type Resource, resourceFromAttributes} from '@opentelemetry/resources';
import type {ReadableLogRecord} from '@opentelemetry/sdk-logs';
import type {ReadableSpan} from '@opentelemetry/sdk-trace-base';
import type {OtlpSignalTarget} from '../../settings/otlp-export.js';
import type {LogRecordOut, SpanOut} from './model.js';

/**
 * The OpenTelemetry SDK's side: eyelet's records as the SDK's ReadableLogRecord and ReadableSpan,
 * handed to its OTLP exporters' export(). The SDK encodes them (protobuf or JSON), sends them, and
 * retries 429, 502, 503 and 504 within its timeout as the OTLP specification says (Retry-After
 * included). Its batch processors are not used: they drop records on overflow and never say what was
 * acknowledged; delivery (the cursor, the backoff past the SDK's own retries) is eyelet's (pipeline.ts).
 */

export type SendResult = {ok: true} | {ok: false; error: string; retryAfterMs: number | null};

export interface Sender<Item> {
	send(items: readonly Item[]): Promise<SendResult>;
	shutdown(): Promise<void>;
}

/** How long one export() may take, the SDK's own retries included (its default): a longer Retry-After waits in pipeline.ts. */
const exportTimeoutMs = 10_000;

const hrTime = (ms: number): [number, number] => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];

/** Resources by host: the SDK groups records by resource identity, so each host's is made once. */
class Resources {
	private readonly byHost = new Map<string, Resource>();
	constructor(private readonly attributes: Record<string, string>) {}

	of(host: string | null): Resource {
		const key = this.attributes['host.name'] ?? host ?? '';
		let resource = this.byHost.get(key);
		if (!resource) {
			resource = resourceFromAttributes(key ? {...this.attributes, 'host.name': key} : {...this.attributes});
			this.byHost.set(key, resource);
		}
		return resource;
	}
}

/**
 * The Retry-After of the last 429 or 503 from the collector, seen on Node's http diagnostics channel:
 * the SDK honours it within its timeout but does not hand it back when it gives up.
 */
class RetryAfterWatch {
	private last: {at: number; ms: number} | null = null;
	constructor(url: string) {
		const {hostname, pathname} = new URL(url);
		subscribe('http.client.response.finish', message => {
			const {request, response} = message as {request: ClientRequest; response: IncomingMessage};
			if (response.statusCode !== 429 && response.statusCode !== 503) return;
			if (request.path !== pathname || request.host !== hostname.replace(/^\[|\]$/g, '')) return;
			const header = response.headers['retry-after'];
			const ms = retryAfterMs(typeof header === 'string' ? header : undefined);
			if (ms !== null) this.last = {at: Date.now(), ms};
		});
	}

	/** What is left of the last Retry-After, if it came during the export that just failed. */
	since(start: number): number | null {
		if (!this.last || this.last.at < start) return null;
		return Math.max(0, this.last.at + this.last.ms - Date.now());
	}
}

/** Seconds, or an HTTP date (RFC 9110), in milliseconds from now. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | null {
	if (!header) return null;
	if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
	const at = Date.parse(header);
	return Number.isNaN(at) ? null : Math.max(0, at - now);
}

interface SdkExporter<T> {
	export(items: T[], done: (result: {code: number; error?: Error}) => void): void;
	shutdown(): Promise<void>;
}

function sender<Item, T>(exporter: SdkExporter<T>, url: string, convert: (item: Item) => T): Sender<Item> {
	const watch = new RetryAfterWatch(url);
	return {
		send(items) {
			const start = Date.now();
			return new Promise(resolve => {
				exporter.export(items.map(convert), result => {
					if (result.code === 0) return resolve({ok: true});
					const error = result.error?.message || 'the export failed';
					resolve({ok: false, error: error.split('\n')[0]!, retryAfterMs: watch.since(start)});
				});
			});
		},
		shutdown: () => exporter.shutdown(),
	};
}

const exporterConfig = (target: OtlpSignalTarget) => ({url: target.url, headers: target.headers, timeoutMillis: exportTimeoutMs, concurrencyLimit: 4});

const sampled = 1;

export function logSender(target: OtlpSignalTarget, resource: Record<string, string>, version: string): Sender<LogRecordOut> {
	const resources = new Resources(resource);
	const scope = {name: 'eyelet', version};
	const exporter = target.protocol === 'http/json' ? new JsonLogExporter(exporterConfig(target)) : new ProtobufLogExporter(exporterConfig(target));
	return sender<LogRecordOut, ReadableLogRecord>(exporter, target.url, record => ({
		hrTime: hrTime(record.timeMs),
		// The event's own time again: a record exported twice is the same record, byte for byte.
		hrTimeObserved: hrTime(record.timeMs),
		...(record.traceId && record.spanId ? {spanContext: {traceId: record.traceId, spanId: record.spanId, traceFlags: sampled}} : {}),
		severityNumber: record.severityNumber,
		severityText: record.severityText,
		body: record.body,
		resource: resources.of(record.host),
		instrumentationScope: scope,
		attributes: record.attributes,
		droppedAttributesCount: 0,
	}));
}

export function traceSender(target: OtlpSignalTarget, resource: Record<string, string>, version: string): Sender<SpanOut> {
	const resources = new Resources(resource);
	const scope = {name: 'eyelet', version};
	const exporter = target.protocol === 'http/json' ? new JsonTraceExporter(exporterConfig(target)) : new ProtobufTraceExporter(exporterConfig(target));
	return sender<SpanOut, ReadableSpan>(exporter, target.url, span => {
		const context = {traceId: span.traceId, spanId: span.spanId, traceFlags: sampled};
		return {
			name: span.name,
			kind: 0, // INTERNAL
			spanContext: () => context,
			...(span.parentSpanId ? {parentSpanContext: {traceId: span.traceId, spanId: span.parentSpanId, traceFlags: sampled}} : {}),
			startTime: hrTime(span.startMs),
			endTime: hrTime(span.endMs),
			duration: hrTime(span.endMs - span.startMs),
			status: span.status,
			attributes: span.attributes,
			links: [],
			events: span.events.map(event => ({name: event.name, time: hrTime(event.timeMs), attributes: event.attributes})),
			ended: true,
			resource: resources.of(span.host),
			instrumentationScope: scope,
			droppedAttributesCount: 0,
			droppedEventsCount: 0,
			droppedLinksCount: 0,
		};
	});
}
