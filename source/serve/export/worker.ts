import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parentPort, workerData} from 'node:worker_threads';
import {createRedactor} from '../../events/redact.js';
import {openWriter, type WriteDb} from '../../store/db.js';
import {
	advanceCursor,
	ensureCursor,
	exportBacklog,
	type ExportStream,
	firstIdSince,
	lowerCursorStart,
	newestEventId,
	noteExportError,
	readCursor,
} from '../../store/export.js';
import {migrate} from '../../store/migrate.js';
import {shownEndpoint} from '../../settings/otlp-export.js';
import {packageRoot} from '../../settings/paths.js';
import {DeliveryLoop, type Stage} from './pipeline.js';
import type {ExportMessage, ExportWorkerData, StreamStatus} from './protocol.js';
import {logSender, type Sender, traceSender} from './sdk.js';
import {LogStage, TraceStage} from './stages.js';

/**
 * The export on a thread of its own (dist/export-worker.cjs): reading the events, making the records,
 * the SDK's encoding and the HTTP requests never take the event loop that answers hooks. The daemon
 * runs one per signal (`only`), so the logs and the traces do not take turns on one core. Each has its
 * own connection; it writes only its cursor (a one-row UPDATE per acknowledged batch).
 */

const data = workerData as ExportWorkerData;
const port = parentPort!;
const say = (message: ExportMessage) => port.postMessage(message);

/** How often a live stream looks for new events when it has none. */
const idleMs = 200;
const statusEveryMs = 250;

/**
 * A backlog (a collector that was down, an export just switched on) gives way to the hooks the
 * daemon serves. While hooks arrive and the oldest event waiting is more than backlogMs old, a batch
 * is a tenth of the usual size (about 10 ms of work instead of 100) and waits first for 20 times the
 * last one's work (at most a second): the export then takes about 5% of a core and still drains
 * several hundred events a second. At full speed beside a 16-client hook load it moved the hooks'
 * p99 by 1.61-3.6×: one full batch is ~100 ms of CPU on a core the hooks need, and on 2 cores pauses
 * alone did not help. Caught up (live, at most backlogMs behind) or with no hook arriving, it runs
 * at full speed, so the lag stays small under load and a backlog drains as soon as the hooks pause.
 */
const backlogMs = 5_000;
const fullSpeed = {pauseMs: 0, share: 1};

function giveWay(activity: SharedArrayBuffer | undefined, lagMs: () => number): ((lastWorkMs: number) => {pauseMs: number; share: number}) | undefined {
	if (!activity) return undefined;
	const hooks = new Int32Array(activity);
	let seen = Atomics.load(hooks, 0);
	return lastWorkMs => {
		const now = Atomics.load(hooks, 0);
		const busy = now !== seen;
		seen = now;
		if (!busy || lagMs() <= backlogMs) return fullSpeed;
		return {pauseMs: Math.min(Math.max(lastWorkMs, 5) * 20, 1_000), share: 0.1};
	};
}

interface Running {
	stream: ExportStream;
	endpoint: string;
	loop: DeliveryLoop<unknown>;
	sender: Sender<unknown>;
}

/** The instrumentation scope's version: eyelet's, the same from the daemon and from a backfill, so a record sent by both is the same record. */
function scopeVersion(): string {
	try {
		return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {version: string}).version;
	} catch {
		return 'unknown';
	}
}

function streams(db: WriteDb): Array<{stream: ExportStream; stage: Stage<unknown>; sender: Sender<unknown>; endpoint: string}> {
	const {settings} = data;
	const version = scopeVersion();
	const redactor = createRedactor(data.redaction);
	const hostName = settings.resource['host.name'] ?? null;
	const out = [];
	const wanted = (stream: ExportStream) => data.only === undefined || data.only === stream;
	if (settings.logs && wanted('otlp/logs'))
		out.push({
			stream: 'otlp/logs' as const,
			stage: new LogStage(db, {payload: settings.payload, payloadLimit: settings.payloadLimit, redactor, hostName}) as Stage<unknown>,
			sender: logSender(settings.logs, settings.resource, version) as Sender<unknown>,
			endpoint: shownEndpoint(settings.logs.url),
		});
	if (settings.traces && wanted('otlp/traces'))
		out.push({
			stream: 'otlp/traces' as const,
			stage: new TraceStage(db, redactor, hostName) as Stage<unknown>,
			sender: traceSender(settings.traces, settings.resource, version) as Sender<unknown>,
			endpoint: shownEndpoint(settings.traces.url),
		});
	return out;
}

function statusOf(db: WriteDb, running: Running): StreamStatus {
	const cursor = readCursor(db, running.stream);
	const ackedId = running.loop.position;
	const {pending, lagMs} = exportBacklog(db, ackedId, Date.now());
	return {
		stream: running.stream,
		endpoint: running.endpoint,
		ackedId,
		ackedAt: cursor?.ackedTs ?? null,
		exported: cursor?.exported ?? 0,
		pending,
		lagMs,
		lastError: cursor?.lastError ?? null,
		lastErrorAt: cursor?.lastErrorTs ?? null,
		retryAt: running.loop.retryAt || null,
	};
}

async function live(db: WriteDb): Promise<void> {
	const running: Running[] = [];
	for (const {stream, stage, sender, endpoint} of streams(db)) {
		const cursor = ensureCursor(db, stream, data.startAfter ?? undefined);
		const loop: DeliveryLoop<unknown> = new DeliveryLoop(stage, sender, {
			afterId: cursor.ackedId,
			uptoId: () => Number.MAX_SAFE_INTEGER,
			idleMs,
			pauseBefore: giveWay(data.hookActivity, () => exportBacklog(db, loop.position, Date.now()).lagMs),
			acknowledged: (lastId, records) => advanceCursor(db, stream, lastId, records, endpoint, Date.now()),
			failed(error, attempt, waitMs) {
				noteExportError(db, stream, error, Date.now());
				if (attempt === 1 || attempt % 10 === 0)
					say({type: 'log', message: `export: ${stream} to ${endpoint} failed (${error}); try ${attempt + 1} in ${Math.round(waitMs / 1000)} s`});
			},
		});
		running.push({stream, endpoint, loop, sender});
	}
	const report = () => {
		try {
			say({type: 'status', streams: running.map(entry => statusOf(db, entry))});
		} catch (error) {
			say({type: 'log', message: `export: status not read (${(error as Error).message})`});
		}
	};
	report();
	const timer = setInterval(report, statusEveryMs);
	port.on('message', (message: {type: string}) => {
		if (message.type !== 'stop') return;
		for (const entry of running) entry.loop.stop();
	});
	await Promise.all(running.map(entry => entry.loop.run()));
	clearInterval(timer);
	await Promise.all(running.map(entry => entry.sender.shutdown().catch(() => {})));
}

/**
 * `eyelet export --since`: the events since then that the daemon's export did not send (those before
 * its cursor's start), or with `all` every one of them again; the cursor's start then moves down.
 */
async function backfill(db: WriteDb, options: {sinceTs: number; all: boolean}): Promise<void> {
	const records: Record<string, number> = {};
	let ok = true;
	let lastError: string | null = null;
	for (const {stream, stage, sender} of streams(db)) {
		const first = firstIdSince(db, options.sinceTs);
		const cursor = ensureCursor(db, stream);
		const upto = options.all ? Math.max(cursor.ackedId, newestEventId(db)) : cursor.startId;
		const after = first === null ? upto : Math.min(first - 1, upto);
		// Progress by ids: counting the rows left after each batch would cost more than the batch.
		const total = Math.max(0, upto - after);
		records[stream] = 0;
		const loop = new DeliveryLoop(stage, sender, {
			afterId: after,
			uptoId: () => upto,
			idleMs: null,
			maxAttempts: 6,
			acknowledged(lastId, count) {
				records[stream]! += count;
				say({type: 'progress', stream, done: lastId - after, total, records: records[stream]!});
			},
			failed(error, attempt, waitMs) {
				lastError = error;
				say({type: 'log', message: `${stream}: ${error}; try ${attempt + 1} in ${Math.round(waitMs / 1000)} s`});
			},
		});
		say({type: 'progress', stream, done: 0, total, records: 0});
		const finished = await loop.run();
		await sender.shutdown().catch(() => {});
		if (!finished) {
			ok = false;
			break;
		}
		if (!options.all) lowerCursorStart(db, stream, after);
	}
	say({type: 'done', ok, records, error: ok ? null : lastError});
}

async function main(): Promise<void> {
	const db = openWriter(data.dbPath, {busyTimeoutMs: 2_000});
	migrate(db);
	try {
		if (data.backfill) await backfill(db, data.backfill);
		else await live(db);
	} finally {
		db.close();
	}
}

main().catch(error => {
	say({type: 'log', message: `export: stopped (${(error as Error).message})`});
	say({type: 'done', ok: false, records: {}, error: (error as Error).message});
	process.exit(1);
});
