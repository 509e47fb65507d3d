import {join} from 'node:path';
import {Worker} from 'node:worker_threads';
import type {Config} from '../../settings/config.js';
import {type OtlpExportSettings, resolveOtlpExport} from '../../settings/otlp-export.js';
import {packageRoot} from '../../settings/paths.js';
import type {ExportHealth, ExportMessage, ExportWorkerData, StreamStatus} from './protocol.js';

/** The export thread's bundle (package.json's bundle:export-worker): it alone loads the OpenTelemetry SDK. */
export const exportWorkerFile = join(packageRoot, 'dist', 'export-worker.cjs');

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || host.startsWith('127.');

/** An endpoint that is this daemon itself (OTEL_EXPORTER_OTLP_ENDPOINT as `install --telemetry` sets it for Claude Code). */
export function pointsAtSelf(settings: OtlpExportSettings, self: {host: string; port: number}): string | null {
	for (const target of [settings.logs, settings.traces]) {
		if (!target) continue;
		const url = new URL(target.url);
		const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
		if (port === self.port && (url.hostname === self.host || (isLoopback(url.hostname) && isLoopback(self.host)))) return target.url;
	}
	return null;
}

export class ExportThread {
	private worker: Worker | null = null;
	private streams: StreamStatus[] = [];
	private state: ExportHealth['state'] = 'running';
	private exited: Promise<void> = Promise.resolve();

	private constructor(
		private readonly data: ExportWorkerData,
		private readonly log: (message: string) => void,
	) {}

	/** Starts the export when the config asks for it; the health of an export that is off or misconfigured otherwise. */
	static start(options: {
		dbPath: string;
		config: Config;
		env: NodeJS.ProcessEnv;
		/** The newest event id before the daemon took any request (null when the database could not be read). */
		startAfter: number | null;
		self: {host: string; port: number};
		log: (message: string) => void;
	}): ExportThread | ExportHealth {
		const resolved = resolveOtlpExport(options.config, options.env);
		if (resolved.status === 'off') return {state: 'off', streams: [], lagS: 0, lastError: null};
		if (resolved.status === 'invalid') {
			options.log(`export: off (${resolved.problem})`);
			return {state: 'invalid', problem: resolved.problem, streams: [], lagS: 0, lastError: null};
		}
		const self = pointsAtSelf(resolved.settings, options.self);
		if (self) {
			const problem = `the export endpoint ${self} is this eyelet serve itself: point export.otlp.endpoint at your collector`;
			options.log(`export: off (${problem})`);
			return {state: 'invalid', problem, streams: [], lagS: 0, lastError: null};
		}
		const thread = new ExportThread(
			{dbPath: options.dbPath, settings: resolved.settings, redaction: options.config.redaction, startAfter: options.startAfter, backfill: null},
			options.log,
		);
		thread.run();
		return thread;
	}

	private run(): void {
		const worker = new Worker(exportWorkerFile, {workerData: this.data});
		worker.unref();
		this.worker = worker;
		worker.on('message', (message: ExportMessage) => {
			if (message.type === 'status') this.streams = message.streams;
			else if (message.type === 'log') this.log(message.message);
		});
		worker.on('error', error => this.log(`export: the export thread failed (${error.message})`));
		this.exited = new Promise(resolve =>
			worker.on('exit', code => {
				if (this.worker === worker) {
					this.worker = null;
					this.state = 'stopped';
					this.log(`export: the export thread stopped (exit ${code}); the next start of eyelet serve resumes from the cursor`);
				}
				resolve();
			}),
		);
	}

	health(): ExportHealth {
		const lag = Math.max(0, ...this.streams.map(stream => stream.lagMs));
		const errors = this.streams.filter(stream => stream.lastError && (stream.ackedAt ?? 0) < (stream.lastErrorAt ?? 0));
		return {state: this.state, streams: this.streams, lagS: Math.round(lag / 100) / 10, lastError: errors[0]?.lastError ?? null};
	}

	/** Stops after the batch in flight; what it sends and is not acknowledged yet goes again next time. */
	async close(): Promise<void> {
		const worker = this.worker;
		if (!worker) return;
		this.worker = null;
		worker.postMessage({type: 'stop'});
		const timeout = new Promise<void>(resolve => setTimeout(resolve, 2_000).unref());
		await Promise.race([this.exited, timeout]);
		await worker.terminate();
	}
}
