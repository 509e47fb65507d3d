import {isMainThread, parentPort, Worker, workerData} from 'node:worker_threads';
import type {EventRecord} from '../events/types.js';
import {withRetry} from '../store/retry.js';
import {isLocked} from '../store/sqlite-errors.js';
import {openWriter, type WriteDb} from '../store/db.js';
import {insertEvents} from '../store/insert.js';
import type {TelemetryRow} from '../events/telemetry-row.js';
import {insertTelemetry, type TelemetryWritten} from '../store/telemetry-write.js';
import {migrate} from '../store/migrate.js';

/**
 * Commits on a thread of their own, while the daemon is busy. On the event loop a commit blocks
 * everything else: the next requests are neither read nor normalised while it runs, so under load
 * the daemon alternated between the two and kept a core idle (measured: half the no-op server's
 * rate with both cores half busy). With the commit here, the next batch is read and built while
 * this one is written.
 *
 * The worker runs this same file (bundled into dist/serve.cjs, or compiled on its own under test);
 * the module's top level starts the loop when it finds itself in the writer thread.
 */

interface WriterData {
	eyeletWriter: true;
	dbPath: string;
	busyTimeoutMs: number;
}

type Request =
	| {type: 'write'; id: number; records: readonly EventRecord[]}
	| {type: 'telemetry'; id: number; rows: readonly TelemetryRow[]; receivedTs: number}
	| {type: 'autocheckpoint'; on: boolean}
	| {type: 'stop'};
type Reply = {type: 'ready'} | {type: 'done'; id: number; written?: TelemetryWritten} | {type: 'failed'; id: number; code: string | null; message: string};

export class WriteThread {
	private readonly worker: Worker;
	private next = 1;
	private readonly pending = new Map<number, {resolve: (written?: TelemetryWritten) => void; reject: (error: Error) => void}>();
	private stopping = false;
	/** Resolves when the thread has opened the database and takes writes. */
	readonly ready: Promise<boolean>;

	constructor(dbPath: string, onExit: (error: Error | null) => void, busyTimeoutMs = 1_000) {
		// The thread waits for a lock itself, 1 ms at a time: SQLite's busy handler would sleep in steps of
		// up to 50 ms and wake long after a checkpoint let go of the lock.
		const data: WriterData = {eyeletWriter: true, dbPath, busyTimeoutMs};
		this.worker = new Worker(__filename, {workerData: data, resourceLimits: {maxYoungGenerationSizeMb: 4}});
		let ready: (value: boolean) => void = () => {};
		this.ready = new Promise(resolve => (ready = resolve));
		this.worker.on('message', (reply: Reply) => {
			if (reply.type === 'ready') return ready(true);
			const waiting = this.pending.get(reply.id);
			this.pending.delete(reply.id);
			if (reply.type === 'done') waiting?.resolve(reply.written);
			else waiting?.reject(Object.assign(new Error(reply.message), {code: reply.code ?? undefined}));
		});
		this.worker.on('error', error => onExit(error));
		this.worker.on('exit', code => {
			ready(false);
			for (const waiting of this.pending.values()) waiting.reject(Object.assign(new Error('the write thread stopped'), {code: 'SQLITE_BUSY'}));
			this.pending.clear();
			if (!this.stopping) onExit(code === 0 ? null : new Error(`write thread exited with code ${code}`));
		});
	}

	write(records: readonly EventRecord[]): Promise<void> {
		const id = this.next++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, {resolve: () => resolve(), reject});
			this.worker.postMessage({type: 'write', id, records} satisfies Request);
		});
	}

	/** Telemetry rows (Claude Code's OpenTelemetry) on the same connection as the events, between their commits. */
	writeTelemetry(rows: readonly TelemetryRow[], receivedTs: number): Promise<TelemetryWritten> {
		const id = this.next++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, {resolve: written => resolve(written ?? {added: 0, duplicates: 0}), reject});
			this.worker.postMessage({type: 'telemetry', id, rows, receivedTs} satisfies Request);
		});
	}

	setAutocheckpoint(on: boolean): void {
		this.worker.postMessage({type: 'autocheckpoint', on} satisfies Request);
	}

	/** Finishes the writes already sent, then closes the thread's connection. */
	stop(): Promise<void> {
		this.stopping = true;
		this.worker.postMessage({type: 'stop'} satisfies Request);
		return new Promise(resolve => {
			const force = setTimeout(() => void this.worker.terminate(), 10_000);
			this.worker.once('exit', () => {
				clearTimeout(force);
				resolve();
			});
		});
	}
}

/** Buffers cross threads as plain Uint8Arrays; better-sqlite3 binds a BLOB only from a Buffer. */
function withBuffers(record: EventRecord): EventRecord {
	const raw = record.raw as unknown as Uint8Array | null;
	return raw && !Buffer.isBuffer(raw) ? {...record, raw: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)} : record;
}

function runWriter({dbPath, busyTimeoutMs}: WriterData): void {
	const port = parentPort!;
	let db: WriteDb | null = null;
	let autocheckpoint = true;
	const connection = () => {
		if (!db) {
			db = openWriter(dbPath, {busyTimeoutMs: 0});
			migrate(db);
			if (!autocheckpoint) db.pragma('wal_autocheckpoint = 0');
		}
		return db;
	};
	try {
		connection();
	} catch {
		// the first write reports the problem
	}
	port.postMessage({type: 'ready'} satisfies Reply);
	port.on('message', (request: Request) => {
		if (request.type === 'write' || request.type === 'telemetry') {
			try {
				const retry = {budgetMs: busyTimeoutMs, baseDelayMs: 1, maxDelayMs: 1, random: () => 0.5};
				if (request.type === 'write') {
					const records = request.records.map(withBuffers);
					withRetry(() => insertEvents(connection(), records), retry);
					port.postMessage({type: 'done', id: request.id} satisfies Reply);
				} else {
					// Buffers cross threads as plain Uint8Arrays: viewed as Buffers again, not copied.
					for (const row of request.rows) {
						const key = row.key as Uint8Array;
						if (!Buffer.isBuffer(key)) row.key = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
					}
					const written = withRetry(() => insertTelemetry(connection(), request.rows, request.receivedTs), retry);
					port.postMessage({type: 'done', id: request.id, written} satisfies Reply);
				}
			} catch (error) {
				const code = (error as {code?: unknown}).code;
				if (!isLocked(error)) {
					try {
						db?.close();
					} catch {
						// reopened on the next write
					}
					db = null;
				}
				port.postMessage({type: 'failed', id: request.id, code: typeof code === 'string' ? code : null, message: (error as Error).message} satisfies Reply);
			}
		} else if (request.type === 'autocheckpoint') {
			autocheckpoint = request.on;
			db?.pragma(`wal_autocheckpoint = ${request.on ? 1000 : 0}`);
		} else {
			try {
				(db as WriteDb | null)?.close();
			} catch {
				// committed work is safe; the WAL is folded back by the next connection
			}
			port.close();
		}
	});
}

if (!isMainThread && (workerData as Partial<WriterData> | null)?.eyeletWriter) runWriter(workerData as WriterData);
