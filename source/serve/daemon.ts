import type {Server} from 'node:http';
import {eventFromBytes, recordingSetup} from '../recorder/event-from-bytes.js';
import {harvestingEvents} from '../recorder/harvest-step.js';
import {spoolBacklog} from '../spool/spool.js';
import type {Config} from '../settings/config.js';
import {removeServeState, runningDaemon, type ServeState, writeServeState} from '../settings/serve-file.js';
import {newestEventId} from '../store/export.js';
import {liveSessionCount} from '../store/sessions.js';
import {type Checkpointer, startCheckpointer} from './checkpointer.js';
import {LoadPolicy} from './load-policy.js';
import {createIntake, servedHosts} from './intake.js';
import {ensureServeKey} from './key.js';
import {HttpPlaces} from './place.js';
import {EventRate} from './rate.js';
import {DaemonStore} from './store.js';
import {GroupWriter} from './writer.js';
import {DecoderThread} from './otlp/decoder-thread.js';
import {OtlpError} from './otlp/model.js';
import {exportAnswer, statusAnswer} from './otlp/response.js';
import {TelemetryWriter} from './telemetry-writer.js';
import type {ExportHealth} from './export/protocol.js';
import {ExportThread} from './export/thread.js';

export interface DaemonOptions {
	dbPath: string;
	config: Config;
	/** 127.0.0.1 unless the user passed --listen. */
	host: string;
	/** --port: listen here instead of the port the database's serve file names. */
	port: number | null;
	/** Exit after this long without a request while no session is live. */
	idleMs: number;
	version: string;
	log: (message: string) => void;
}

export interface Daemon {
	port: number;
	host: string;
	/** Stops taking requests, writes what is queued, closes the database. */
	close(reason: string): Promise<void>;
	/** Resolves when the daemon has stopped (closed, or idle for long enough). */
	stopped: Promise<string>;
}

export type StartResult = {status: 'started'; daemon: Daemon} | {status: 'running'; state: ServeState} | {status: 'failed'; message: string};

/** Rows per transaction at most, and their payload bytes: a batch holds the write lock a few milliseconds. */
const batchLimits = {maxBatch: 512, maxBatchBytes: 8 << 20, lingerAfterRows: 8, lingerMs: 2};
/**
 * Telemetry rows per transaction while hooks come: 2-4 ms of writing at rest, so a hook never waits
 * longer than that for it. With no hook for a quarter of a second, 1,000 at a time (fewer commits).
 */
const telemetryChunk = 100;
/** What a body may hold before the rest is counted and dropped: what `eyelet record` keeps of stdin. */
const keepLimit = 64 * 1024 * 1024;
/** A session with no SessionEnd that has been silent this long is taken for gone (crashed, killed). */
const liveWindowMs = 24 * 3_600_000;
const idleCheckMs = 30_000;
/** How long the harvest of live sessions' transcripts may hold the daemon when it starts. */
const startupHarvestMs = 1_000;

function listen(server: Server, port: number, host: string): Promise<NodeJS.ErrnoException | null> {
	return new Promise(resolve => {
		const onError = (error: NodeJS.ErrnoException) => resolve(error);
		server.once('error', onError);
		server.listen({port, host, exclusive: true}, () => {
			server.off('error', onError);
			resolve(null);
		});
	});
}

export async function startDaemon(options: DaemonOptions): Promise<StartResult> {
	const {dbPath, config, host, log} = options;
	const already = runningDaemon(dbPath);
	if (already && already.pid !== process.pid) return {status: 'running', state: already};
	const key = await ensureServeKey(dbPath, host, options.port);
	const port = options.port ?? key.port;

	const setup = recordingSetup(config, process.env, log);
	const store = new DaemonStore(dbPath, config, log, {host: '127.0.0.1', port: key.port});
	const writer = new GroupWriter(store, {...batchLimits, budgetMs: config.recorder.budgetMs});
	const decoder = new DecoderThread(config.redaction, log);
	let lastHook = 0;
	const telemetry = new TelemetryWriter(store, {
		chunk: telemetryChunk,
		quietChunk: 1000,
		quietMs: 250,
		lastHook: () => lastHook,
		budgetMs: config.recorder.budgetMs,
		hooksWaiting: () => writer.depth > 0,
	});
	const places = new HttpPlaces(sessionId => store.sessionProject(sessionId));
	const rate = new EventRate();
	const startedAt = Date.now();
	let lastRequest = startedAt;
	let exportHealth = (): ExportHealth => ({state: 'off', streams: [], lagS: 0, lastError: null});
	// Counted for the export threads, which give way while hooks arrive.
	const hookActivity = new SharedArrayBuffer(4);
	const hooksSeen = new Int32Array(hookActivity);

	const server = createIntake(
		{secret: key.secret, hosts: servedHosts(host, port), keepLimit},
		{
			async hook(bytes, total) {
				lastRequest = lastHook = Date.now();
				rate.add(lastRequest);
				Atomics.add(hooksSeen, 0, 1);
				const {record, input} = eventFromBytes(bytes, total, setup, places.placeOf, {now: lastRequest});
				const outcome = await writer.enqueue(record);
				// A turn's end (or a session's start): its transcript's hook failures and missed deliveries, once answered.
				const payload = input.object;
				if (outcome === 'stored' && payload && harvestingEvents.has(String(payload['hook_event_name'])))
					setImmediate(() => store.harvestAfter(record, payload));
			},
			health: () => ({
				ok: true,
				version: options.version,
				pid: process.pid,
				db: dbPath,
				host,
				port,
				uptimeS: Math.round((Date.now() - startedAt) / 1000),
				queue: writer.depth,
				eventsPerSecond: rate.perSecond(Date.now()),
				received: rate.total,
				stored: writer.stats.stored,
				spooled: writer.stats.spooled,
				lost: writer.stats.lost,
				batches: writer.stats.batches,
				...writer.commits.summary(),
				threads: busy.running,
				spoolBacklog: spoolBacklog(dbPath),
				lastError: writer.stats.lastError,
				telemetry: {...telemetry.stats, queue: telemetry.depth, decoderLoadMs: decoder.decoderLoadMs},
				export: exportHealth(),
			}),
			async otlp(signal, encoding, contentEncoding, body) {
				lastRequest = Date.now();
				try {
					const {batch, rows} = await decoder.decode(signal, encoding, contentEncoding, body);
					await telemetry.write(rows);
					return exportAnswer(signal, encoding, batch.rejected, batch.rejected ? `eyelet serve: ${batch.rejected} rejected: ${batch.problem}` : null);
				} catch (error) {
					if (error instanceof OtlpError) return statusAnswer(error.status, encoding, `eyelet serve: ${error.message}`);
					log(`serve: telemetry not stored (${(error as Error).message})`);
					return statusAnswer(503, encoding, `eyelet serve: the database cannot take telemetry now (${(error as Error).message}); send it again`);
				}
			},
		},
	);
	const failed = await listen(server, port, host);
	if (failed) {
		const other = runningDaemon(dbPath);
		if (other) return {status: 'running', state: other};
		return {status: 'failed', message: failed.code === 'EADDRINUSE' ? `port ${port} on ${host} is taken by another program` : failed.message};
	}
	writeServeState(dbPath, {pid: process.pid, port, host, version: options.version, db: dbPath, startedAt});
	log(`serve: listening on http://${host}:${port}/hook for ${dbPath} (pid ${process.pid})`);

	// Read before any request is handled (they come in later turns of the event loop): a stream
	// exported for the first time starts here, so nothing recorded while its thread starts is missed.
	let newestAtStart: number | null = null;
	try {
		newestAtStart = newestEventId(store.connection());
		store.upkeep();
	} catch (error) {
		log(`serve: the database is not writable yet (${(error as Error).message}); events are spooled until it is`);
	}
	// The OTLP export, on a thread of its own that alone loads the OpenTelemetry SDK: only when configured.
	const exporter = ExportThread.start({dbPath, config, env: process.env, startAfter: newestAtStart, self: {host, port}, log, hookActivity});
	exportHealth = () => (exporter instanceof ExportThread ? exporter.health() : exporter);
	// After the first requests are taken: what live sessions sent while no daemon listened is in their transcripts.
	setTimeout(() => {
		try {
			store.harvestLiveSessions(Date.now() - liveWindowMs, startupHarvestMs);
		} catch (error) {
			log(`serve: live sessions not harvested (${(error as Error).message})`);
		}
	}, 50);
	// Busy: commits on a thread of their own, checkpoints on another. At rest: neither.
	let checkpointer: Checkpointer | null = null;
	const busy = new LoadPolicy(() => writer.stats.batches, {
		start() {
			try {
				checkpointer = startCheckpointer(dbPath, error => {
					log(`serve: the checkpoint thread stopped${error ? ` (${error.message})` : ''}; commits checkpoint again`);
					store.setAutocheckpoint(true);
					checkpointer = null;
				});
				store.setAutocheckpoint(false);
			} catch (error) {
				log(`serve: no checkpoint thread (${(error as Error).message}); commits checkpoint as usual`);
			}
			try {
				void store.startWriteThread();
			} catch (error) {
				log(`serve: no write thread (${(error as Error).message}); commits stay on the event loop`);
			}
		},
		async stop() {
			// Commits checkpoint again before the thread's last one, so the WAL never goes unattended.
			store.setAutocheckpoint(true);
			await store.stopWriteThread();
			const thread = checkpointer;
			checkpointer = null;
			await thread?.stop();
		},
	});

	let stop: (reason: string) => void = () => {};
	const stopped = new Promise<string>(resolve => (stop = resolve));
	let closing: Promise<void> | null = null;
	const close = (reason: string): Promise<void> => {
		closing ??= (async () => {
			clearInterval(watchdog);
			clearInterval(drainer);
			log(`serve: stopping (${reason})`);
			server.close();
			server.closeIdleConnections();
			// In-flight requests finish: their events are committed (or spooled) and answered.
			await Promise.race([Promise.all([writer.idle(), telemetry.idle()]), new Promise(resolve => setTimeout(resolve, 5_000).unref())]);
			await writer.flushAll();
			telemetry.abandon('eyelet serve is stopping');
			await decoder.close();
			if (exporter instanceof ExportThread) await exporter.close();
			await busy.close();
			await store.close();
			removeServeState(dbPath);
			server.closeAllConnections();
			stop(reason);
		})();
		return closing;
	};

	// Events spooled while the database was locked go in as soon as it takes writes again.
	const drainer = setInterval(() => {
		if (spoolBacklog(dbPath) === 0) return;
		try {
			store.upkeep();
		} catch (error) {
			log(`serve: spool not drained yet (${(error as Error).message})`);
		}
	}, 1_000);
	const watchdog = setInterval(
		() => {
			const now = Date.now();
			if (now - lastRequest < options.idleMs) return;
			let live = 0;
			try {
				live = liveSessionCount(store.connection(), now - liveWindowMs);
			} catch {
				return;
			}
			if (live === 0) void close(`idle for ${Math.round((now - lastRequest) / 60_000)} min with no live session`);
		},
		Math.min(idleCheckMs, options.idleMs),
	);
	return {status: 'started', daemon: {port, host, close, stopped}};
}
