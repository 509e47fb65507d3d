import {join} from 'node:path';
import {Worker} from 'node:worker_threads';
import type {TelemetryRow} from '../../events/telemetry-row.js';
import type {Config} from '../../settings/config.js';
import {packageRoot} from '../../settings/paths.js';
import {type ExportBatch, OtlpError, type Signal} from './model.js';
import type {Encoding} from './response.js';
import type {DecodeReply} from './worker-protocol.js';

/** The decoding thread's bundle (package.json's bundle:otlp-worker). */
const workerFile = join(packageRoot, 'dist', 'otlp-worker.cjs');

export interface Decoded {
	batch: Pick<ExportBatch, 'rejected' | 'problem'>;
	rows: TelemetryRow[];
}

/**
 * The receiver and processor on a thread of their own, started on the first OTLP request: the event
 * loop that answers hooks only hands bodies over and gets rows back.
 */
export class DecoderThread {
	private worker: Worker | null = null;
	private next = 0;
	private readonly waiting = new Map<number, {resolve: (decoded: Decoded) => void; reject: (error: Error) => void}>();
	/** How long the protobuf decoders took to load in the thread; null until a protobuf request. */
	decoderLoadMs: number | null = null;

	constructor(
		private readonly redaction: Config['redaction'],
		private readonly log: (message: string) => void,
	) {}

	private start(): Worker {
		if (this.worker) return this.worker;
		const worker = new Worker(workerFile, {workerData: {redaction: this.redaction}});
		worker.unref();
		worker.on('message', (reply: DecodeReply) => {
			this.decoderLoadMs = reply.decoderLoadMs ?? this.decoderLoadMs;
			const waiting = this.waiting.get(reply.id);
			if (!waiting) return;
			this.waiting.delete(reply.id);
			if ('error' in reply) waiting.reject(new OtlpError(reply.error.status, reply.error.message));
			else {
				// Buffers arrive as plain Uint8Arrays: viewed as Buffers in place, not copied.
				for (const row of reply.rows) row.key = Buffer.from(row.key.buffer, row.key.byteOffset, row.key.byteLength);
				waiting.resolve({batch: {rejected: reply.rejected, problem: reply.problem}, rows: reply.rows});
			}
		});
		const fail = (why: string) => {
			this.log(`serve: the OTLP decoding thread stopped (${why}); the next request starts another`);
			this.worker = null;
			for (const waiting of this.waiting.values()) waiting.reject(new OtlpError(503, `the decoding thread stopped (${why})`));
			this.waiting.clear();
		};
		worker.on('error', error => fail(error.message));
		worker.on('exit', code => this.worker === worker && fail(`exit ${code}`));
		this.worker = worker;
		return worker;
	}

	decode(signal: Signal, encoding: Encoding, contentEncoding: string | undefined, body: Buffer): Promise<Decoded> {
		const worker = this.start();
		const id = ++this.next;
		return new Promise((resolve, reject) => {
			this.waiting.set(id, {resolve, reject});
			worker.postMessage({id, signal, encoding, contentEncoding, body});
		});
	}

	async close(): Promise<void> {
		const worker = this.worker;
		this.worker = null;
		if (worker) await worker.terminate();
	}
}
