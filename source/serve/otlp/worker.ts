import {parentPort, workerData} from 'node:worker_threads';
import {createRedactor} from '../../events/redact.js';
import type {Config} from '../../settings/config.js';
import {OtlpError, type Signal} from './model.js';
import {decoderLoadMs} from './protobuf.js';
import {receiveOtlp} from './receive.js';
import {telemetryRows} from './records.js';
import type {Encoding} from './response.js';
import type {DecodeReply, DecodeRequest} from './worker-protocol.js';

/**
 * The daemon's decoding thread (dist/otlp-worker.cjs): OTLP bodies in, redacted rows out. Decoding and
 * redacting cost more than writing, and a large request would otherwise hold the event loop that
 * answers hooks; here it never does, and it runs beside the writes on the other core.
 */

const setup = workerData as {redaction: Config['redaction']};
const redactor = setup.redaction.enabled ? createRedactor(setup.redaction) : null;

parentPort!.on('message', async (request: DecodeRequest) => {
	let reply: DecodeReply;
	try {
		const batch = await receiveOtlp(request.signal as Signal, request.encoding as Encoding, request.contentEncoding, Buffer.from(request.body));
		reply = {id: request.id, rows: telemetryRows(batch, redactor), rejected: batch.rejected, problem: batch.problem, decoderLoadMs};
	} catch (error) {
		const known = error instanceof OtlpError;
		reply = {id: request.id, error: {status: known ? error.status : 500, message: (error as Error)?.message ?? String(error)}, decoderLoadMs};
	}
	parentPort!.postMessage(reply);
});
