import {gunzip} from 'node:zlib';
import {decodeJson} from './json.js';
import {type ExportBatch, OtlpError, otlpBodyLimit, type Signal} from './model.js';
import {decodeProtobuf} from './protobuf.js';
import type {Encoding} from './response.js';

/**
 * The OTLP receiver: a request's path, content type and body → its records. The three paths of
 * OTLP/HTTP, either encoding, gzip when the client says so; anything else is an OtlpError with the
 * status to answer.
 */

function inflate(body: Buffer): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		gunzip(body, {maxOutputLength: otlpBodyLimit}, (error, result) => {
			if (!error) return resolve(result);
			if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
				reject(new OtlpError(413, `the body is larger than ${otlpBodyLimit} bytes once unzipped`));
			else reject(new OtlpError(400, `the body is not valid gzip: ${error.message}`));
		}),
	);
}

export async function receiveOtlp(signal: Signal, encoding: Encoding, contentEncoding: string | undefined, body: Buffer): Promise<ExportBatch> {
	const coding = (contentEncoding ?? '').trim().toLowerCase();
	if (coding !== '' && coding !== 'identity' && coding !== 'gzip') throw new OtlpError(415, `content-encoding "${coding}" is not supported: send gzip or none`);
	const bytes = coding === 'gzip' ? await inflate(body) : body;
	return encoding === 'json' ? decodeJson(signal, bytes) : decodeProtobuf(signal, bytes);
}
