import type {Signal} from './model.js';

/**
 * What the daemon answers an OTLP request (the OTLP/HTTP specification, "OTLP/HTTP Response"): on
 * success an Export*ServiceResponse, with partial_success set when records were rejected; on failure
 * a google.rpc.Status. Both in the encoding the request came in. Field numbers are those of
 * proto/opentelemetry/proto/collector/<signal>/v1/<signal>_service.proto and google/rpc/status.proto.
 */

export type Encoding = 'json' | 'protobuf';

export interface Answer {
	status: number;
	type: string;
	body: Buffer;
}

const contentTypes: Record<Encoding, string> = {json: 'application/json', protobuf: 'application/x-protobuf'};
const rejectedField: Record<Signal, string> = {logs: 'rejectedLogRecords', traces: 'rejectedSpans', metrics: 'rejectedDataPoints'};

/** protobuf.js's writer (its minimal runtime, the one the decoders use), loaded when first needed. */
function writer() {
	const {Writer} = require('protobufjs/minimal') as typeof import('protobufjs/minimal');
	return Writer.create();
}

/** Export*ServiceResponse: empty on full success; partial_success {rejected_<signal> = 1, error_message = 2} otherwise. */
export function exportAnswer(signal: Signal, encoding: Encoding, rejected: number, message: string | null): Answer {
	const partial = rejected > 0 || message !== null;
	if (encoding === 'json') {
		const body = partial ? {partialSuccess: {[rejectedField[signal]]: String(rejected), errorMessage: message ?? ''}} : {};
		return {status: 200, type: contentTypes.json, body: Buffer.from(JSON.stringify(body))};
	}
	if (!partial) return {status: 200, type: contentTypes.protobuf, body: Buffer.alloc(0)};
	const w = writer();
	w.uint32((1 << 3) | 2).fork();
	if (rejected > 0) w.uint32((1 << 3) | 0).int64(rejected);
	if (message) w.uint32((2 << 3) | 2).string(message);
	w.ldelim();
	return {status: 200, type: contentTypes.protobuf, body: Buffer.from(w.finish())};
}

// google.rpc.Code for each HTTP status the daemon answers with (the OTLP spec does not use the code; it is for logs).
const rpcCodes: Record<number, number> = {400: 3, 401: 16, 403: 7, 404: 5, 405: 12, 413: 8, 415: 3, 500: 13, 503: 14};

/** google.rpc.Status {code = 1, message = 2}: the body of every 4xx and 5xx OTLP answer. */
export function statusAnswer(status: number, encoding: Encoding, message: string): Answer {
	const code = rpcCodes[status] ?? 2;
	if (encoding === 'json') return {status, type: contentTypes.json, body: Buffer.from(JSON.stringify({code, message}))};
	const w = writer();
	w.uint32((1 << 3) | 0).int32(code);
	w.uint32((2 << 3) | 2).string(message);
	return {status, type: contentTypes.protobuf, body: Buffer.from(w.finish())};
}

/** The encoding a Content-Type names, or null when it is neither of OTLP/HTTP's two. */
export function encodingOf(contentType: string | undefined): Encoding | null {
	const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
	if (type === 'application/json') return 'json';
	if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
	return null;
}
