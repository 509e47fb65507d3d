import {join} from 'node:path';
import {Worker} from 'node:worker_threads';
import type {Config} from '../../settings/config.js';
import {type OtlpExportSettings, resolveOtlpExport} from '../../settings/otlp-export.js';
import {packageRoot} from '../../settings/paths.js';
import type {ExportStream} from '../../store/export.js';
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

/** The daemon's export: a thread per configured signal, each with its own cursor, and their health together. */
export class ExportThread {
	private readonly workers = new Map<ExportStream, Worker>();
	private readonly streams = new Map<ExportStream, StreamStatus[]>();
	private state: ExportHealth['state'] = 'running';
	private exited: Array<Promise<void>> = [];

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
		/** The daemon's count of hook requests, shared with the threads (ExportWorkerData.hookActivity). */
		hookActivity?: SharedArrayBuffer;
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
			{
				dbPath: options.dbPath,
				settings: resolved.settings,
				redaction: options.config.redaction,
				startAfter: options.startAfter,
				backfill: null,
				hookActivity: options.hookActivity,
			},
			options.log,
		);
		// One thread per signal: sharing one, the logs waited for the traces' work and drained at 6,568 events/s (README, Benchmarks).
		if (resolved.settings.logs) thread.run('otlp/logs');
		if (resolved.settings.traces) thread.run('otlp/traces');
		return thread;
	}

	private run(stream: ExportStream): void {
		const worker = new Worker(exportWorkerFile, {workerData: {...this.data, only: stream} satisfies ExportWorkerData});
		worker.unref();
		this.workers.set(stream, worker);
		worker.on('message', (message: ExportMessage) => {
			if (message.type === 'status') this.streams.set(stream, message.streams);
			else if (message.type === 'log') this.log(message.message);
		});
		worker.on('error', error => this.log(`export: the ${stream} export thread failed (${error.message})`));
		this.exited.push(
			new Promise(resolve =>
				worker.on('exit', code => {
					if (this.workers.get(stream) === worker) {
						this.workers.delete(stream);
						this.state = 'stopped';
						this.log(`export: the ${stream} export thread stopped (exit ${code}); the next start of eyelet serve resumes from the cursor`);
					}
					resolve();
				}),
			),
		);
	}

	health(): ExportHealth {
		const streams = [...this.streams.values()].flat().sort((a, b) => a.stream.localeCompare(b.stream));
		const lag = Math.max(0, ...streams.map(stream => stream.lagMs));
		const errors = streams.filter(stream => stream.lastError && (stream.ackedAt ?? 0) < (stream.lastErrorAt ?? 0));
		return {state: this.state, streams, lagS: Math.round(lag / 100) / 10, lastError: errors[0]?.lastError ?? null};
	}

	/** Stops after the batches in flight; what they send and is not acknowledged yet goes again next time. */
	async close(): Promise<void> {
		const workers = [...this.workers.values()];
		this.workers.clear();
		if (workers.length === 0) return;
		for (const worker of workers) worker.postMessage({type: 'stop'});
		const timeout = new Promise<void>(resolve => setTimeout(resolve, 2_000).unref());
		await Promise.race([Promise.all(this.exited), timeout]);
		await Promise.all(workers.map(worker => worker.terminate()));
	}
}
