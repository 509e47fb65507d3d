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
} from './model.js';

/**
 * JSON OTLP (application/json): the proto3 JSON mapping with OTLP's deviations (hex trace and span
 * ids, integer enums, lowerCamelCase keys; 64-bit integers as numbers or decimal strings). Unknown
 * fields are ignored, as the spec requires. A record that is not an object of the right shape is
 * rejected alone (partial success); a body that is not such a request at all is refused (400).
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown, where: string): unknown[] => {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw new Shape(`${where} is not a list`);
	return value;
};
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const hexId = (value: unknown): string | null => (typeof value === 'string' && /^(?:[0-9a-f]{2})+$/i.test(value) ? value.toLowerCase() : null);

/** A part of the request that is not what OTLP says it is: the record holding it is rejected. */
class Shape extends Error {}

/** Depth of kvlists and arrays inside one value at most: deeper is hostile (the protobuf decoder stops at 100 too). */
const maxDepth = 64;

function anyValue(value: unknown, depth = 0): AnyValue {
	if (!isObject(value)) return null;
	if (depth > maxDepth) throw new Shape('a value nests too deep');
	if ('stringValue' in value) return text(value['stringValue']);
	if ('boolValue' in value) return value['boolValue'] === true;
	if ('intValue' in value) return toNumber(value['intValue']);
	if ('doubleValue' in value) return toNumber(value['doubleValue']);
	if ('arrayValue' in value)
		return list(isObject(value['arrayValue']) ? value['arrayValue']['values'] : [], 'arrayValue.values').map(item => anyValue(item, depth + 1));
	if ('kvlistValue' in value) return attributes(isObject(value['kvlistValue']) ? value['kvlistValue']['values'] : [], depth + 1);
	if ('bytesValue' in value) return text(value['bytesValue']);
	return null;
}

function attributes(keyValues: unknown, depth = 0): Attributes {
	const out: Attributes = {};
	for (const pair of list(keyValues, 'attributes')) {
		if (!isObject(pair) || typeof pair['key'] !== 'string') throw new Shape('an attribute is not {key, value}');
		out[pair['key']] = anyValue(pair['value'], depth);
	}
	return out;
}

function origin(resource: unknown, scope: unknown): Origin {
	return {
		resource: isObject(resource) ? attributes(resource['attributes']) : {},
		scope: isObject(scope) ? text(scope['name']) || null : null,
		scopeVersion: isObject(scope) ? text(scope['version']) || null : null,
	};
}

function logRecord(log: unknown, from: Origin): RecordIn {
	if (!isObject(log)) throw new Shape('a log record is not an object');
	return {
		kind: 'log',
		timeMs: nanosToMs(log['timeUnixNano']),
		observedMs: nanosToMs(log['observedTimeUnixNano']),
		severity: toNumber(log['severityNumber']) ?? 0,
		body: anyValue(log['body']),
		attributes: attributes(log['attributes']),
		traceId: hexId(log['traceId']),
		spanId: hexId(log['spanId']),
		eventName: text(log['eventName']) || null,
		origin: from,
		unknowns: [],
	};
}

function span(value: unknown, from: Origin): RecordIn {
	if (!isObject(value)) throw new Shape('a span is not an object');
	const status = isObject(value['status']) ? value['status'] : {};
	return {
		kind: 'span',
		traceId: hexId(value['traceId']),
		spanId: hexId(value['spanId']),
		parentSpanId: hexId(value['parentSpanId']),
		name: text(value['name']),
		spanKind: toNumber(value['kind']) ?? 0,
		startMs: nanosToMs(value['startTimeUnixNano']),
		endMs: nanosToMs(value['endTimeUnixNano']),
		attributes: attributes(value['attributes']),
		statusCode: toNumber(status['code']) ?? 0,
		statusMessage: text(status['message']),
		events: Array.isArray(value['events']) ? value['events'].length : 0,
		origin: from,
		unknowns: [],
	};
}

const pointTypes = ['sum', 'gauge', 'histogram', 'exponentialHistogram', 'summary'] as const;

function metricPoints(metric: unknown, from: Origin): RecordIn[] {
	if (!isObject(metric)) throw new Shape('a metric is not an object');
	const type = pointTypes.find(name => isObject(metric[name])) ?? 'unknown';
	const data = type === 'unknown' ? {} : (metric[type] as Json);
	return list(data['dataPoints'], 'dataPoints').map(point => {
		if (!isObject(point)) throw new Shape('a data point is not an object');
		const histogram = type === 'histogram' || type === 'exponentialHistogram' || type === 'summary';
		return {
			kind: 'point',
			metric: text(metric['name']),
			unit: text(metric['unit']),
			type,
			startMs: nanosToMs(point['startTimeUnixNano']),
			timeMs: nanosToMs(point['timeUnixNano']),
			value: histogram ? toNumber(point['sum']) : toNumber(point['asDouble'] ?? point['asInt']),
			count: histogram ? toNumber(point['count']) : null,
			attributes: attributes(point['attributes']),
			origin: from,
			unknowns: [],
		};
	});
}

const containers: Record<Signal, {resources: string; scopes: string; items: string}> = {
	logs: {resources: 'resourceLogs', scopes: 'scopeLogs', items: 'logRecords'},
	traces: {resources: 'resourceSpans', scopes: 'scopeSpans', items: 'spans'},
	metrics: {resources: 'resourceMetrics', scopes: 'scopeMetrics', items: 'metrics'},
};

/** A JSON Export*ServiceRequest → its records; what cannot be read is rejected record by record. */
export function decodeJson(signal: Signal, body: Buffer): ExportBatch {
	let request: unknown;
	try {
		request = JSON.parse(body.toString('utf8'));
	} catch (error) {
		throw new OtlpError(400, `the body is not JSON: ${(error as Error).message}`);
	}
	const names = containers[signal];
	if (!isObject(request) || (request[names.resources] !== undefined && !Array.isArray(request[names.resources])))
		throw new OtlpError(400, `the body is not a JSON Export${signalName[signal]}ServiceRequest (no "${names.resources}" list)`);
	const records: RecordIn[] = [];
	let rejected = 0;
	let problem: string | null = null;
	const reject = (error: unknown, count: number) => {
		if (!(error instanceof Shape)) throw error;
		rejected += count;
		problem ??= error.message;
	};
	for (const resource of request[names.resources] as unknown[]) {
		let scopes: unknown[];
		let resourceValue: unknown;
		try {
			if (!isObject(resource)) throw new Shape(`an entry of ${names.resources} is not an object`);
			scopes = list(resource[names.scopes], names.scopes);
			resourceValue = resource['resource'];
		} catch (error) {
			reject(error, 1);
			continue;
		}
		for (const scope of scopes) {
			let items: unknown[];
			let from: Origin;
			try {
				if (!isObject(scope)) throw new Shape(`an entry of ${names.scopes} is not an object`);
				items = list(scope[names.items], names.items);
				from = origin(resourceValue, scope['scope']);
			} catch (error) {
				reject(error, 1);
				continue;
			}
			for (const item of items) {
				try {
					if (signal === 'logs') records.push(logRecord(item, from));
					else if (signal === 'traces') records.push(span(item, from));
					else records.push(...metricPoints(item, from));
				} catch (error) {
					reject(error, 1);
				}
			}
		}
	}
	return {signal, records, rejected, problem};
}
