import type {EventRecord} from '../events/types.js';
import {backoffDelay} from '../store/retry.js';
import {isTransient} from '../store/sqlite-errors.js';

/**
 * Group commit: requests that arrive while a transaction is being written, or in the same turn of
 * the event loop, share the next one. One commit costs about as much for 1 row as for 100 (the
 * write lock, the WAL append, the checkpoint check), so under load the cost per event falls
 * instead of the queue growing. A request is answered only once its row is committed, or, when the
 * database cannot take it within the budget, written to the spool: an acknowledged event is never
 * only in memory.
 */

export type Outcome = 'stored' | 'spooled';

/** Where batches go: the database, and the spool when the database cannot take them. */
export interface BatchStore {
	/**
	 * Writes the records in one transaction; throws (or rejects with) what SQLite throws. A promise
	 * means the write runs on another thread: the next batch gathers meanwhile.
	 */
	write(records: readonly EventRecord[]): void | Promise<void>;
	/** Puts records in the spool; returns how many could not be kept anywhere (logged as lost). */
	spool(records: readonly EventRecord[], why: string): number;
	/** Drops the connection after an error that waiting will not cure; the next write opens a new one. */
	reset(): void;
	/** After a batch is committed: upkeep that must not delay the answers (drain, retention). */
	afterCommit?(): void;
}

export interface WriterOptions {
	/** Rows per transaction at most: a batch holds the write lock for a few milliseconds. */
	maxBatch: number;
	/** Bytes of payload per transaction at most. */
	maxBatchBytes: number;
	/** How long an event may wait for the database before it is spooled instead. */
	budgetMs: number;
	/** After a commit of at least this many rows, the next one waits up to lingerMs for more to arrive. */
	lingerAfterRows: number;
	lingerMs: number;
	now?: () => number;
	random?: () => number;
}

interface Pending {
	record: EventRecord;
	since: number;
	resolve: (outcome: Outcome) => void;
}

export interface WriterStats {
	stored: number;
	spooled: number;
	lost: number;
	batches: number;
	lastError: string | null;
}

/** The last commits' durations and sizes: what /health reports of how the database keeps up. */
class CommitWindow {
	private readonly ms = new Float64Array(256);
	private readonly rows = new Uint32Array(256);
	private count = 0;

	add(ms: number, rows: number): void {
		this.ms[this.count % this.ms.length] = ms;
		this.rows[this.count % this.rows.length] = rows;
		this.count++;
	}

	summary(): {commitMsP50: number; commitMsP99: number; rowsPerCommit: number} {
		const n = Math.min(this.count, this.ms.length);
		if (n === 0) return {commitMsP50: 0, commitMsP99: 0, rowsPerCommit: 0};
		const sorted = [...this.ms.subarray(0, n)].sort((a, b) => a - b);
		const at = (p: number) => Math.round(sorted[Math.min(n - 1, Math.floor(p * n))]! * 100) / 100;
		const rows = this.rows.subarray(0, n).reduce((sum, value) => sum + value, 0);
		return {commitMsP50: at(0.5), commitMsP99: at(0.99), rowsPerCommit: Math.round((rows / n) * 10) / 10};
	}
}

const recordBytes = (record: EventRecord) => (record.payload?.length ?? 0) + (record.raw?.length ?? 0) + 256;

export class GroupWriter {
	private queue: Pending[] = [];
	private scheduled = false;
	private retry: NodeJS.Timeout | null = null;
	private attempt = 0;
	private lastBatch = 0;
	/** The write running on another thread, if any: one at a time, in order. */
	private inFlight: Promise<void> | null = null;
	private drained: Array<() => void> = [];
	readonly stats: WriterStats = {stored: 0, spooled: 0, lost: 0, batches: 0, lastError: null};
	readonly commits = new CommitWindow();

	constructor(
		private readonly store: BatchStore,
		private readonly options: WriterOptions,
	) {}

	/** Events waiting for their transaction. */
	get depth(): number {
		return this.queue.length;
	}

	enqueue(record: EventRecord): Promise<Outcome> {
		return new Promise(resolve => {
			this.queue.push({record, since: (this.options.now ?? Date.now)(), resolve});
			this.schedule();
		});
	}

	/** Resolves when every event enqueued so far is stored or spooled. */
	idle(): Promise<void> {
		if (this.queue.length === 0) return Promise.resolve();
		return new Promise(resolve => this.drained.push(resolve));
	}

	/** Writes what is queued now, without waiting for the lock to come free: used on shutdown. */
	async flushAll(): Promise<void> {
		if (this.retry) clearTimeout(this.retry);
		this.retry = null;
		await this.inFlight;
		while (this.queue.length > 0) await this.flush({final: true});
	}

	private schedule(): void {
		if (this.scheduled || this.retry || this.inFlight) return;
		this.scheduled = true;
		const go = () => {
			this.scheduled = false;
			void this.flush({final: false});
		};
		// Under load (the last commit took many rows) the next one waits a moment for more: a commit costs
		// about the same for 30 rows as for 60, so the cost per event falls. Alone, an event goes at once.
		if (this.lastBatch >= this.options.lingerAfterRows && this.queue.length < this.options.maxBatch) setTimeout(go, this.options.lingerMs);
		else setImmediate(go);
	}

	private takeBatch(): Pending[] {
		let bytes = 0;
		let count = 0;
		while (count < this.queue.length && count < this.options.maxBatch) {
			bytes += recordBytes(this.queue[count]!.record);
			count++;
			if (bytes >= this.options.maxBatchBytes) break;
		}
		return this.queue.slice(0, count);
	}

	private settle(batch: Pending[], outcome: Outcome): void {
		this.queue.splice(0, batch.length);
		for (const pending of batch) pending.resolve(outcome);
		if (this.queue.length === 0) for (const resolve of this.drained.splice(0)) resolve();
	}

	private spoolBatch(batch: Pending[], why: string): void {
		const lost = this.store.spool(
			batch.map(pending => pending.record),
			why,
		);
		this.stats.spooled += batch.length - lost;
		this.stats.lost += lost;
		// Lost events were logged loudly by the store; the client is answered either way, as the recorder exits 0.
		this.settle(batch, 'spooled');
	}

	/** Writes the next batch; a write on another thread returns its promise, and the next batch waits for it. */
	private flush({final}: {final: boolean}): void | Promise<void> {
		const batch = this.takeBatch();
		if (batch.length === 0) return;
		const now = (this.options.now ?? Date.now)();
		const started = performance.now();
		let written: void | Promise<void>;
		try {
			written = this.store.write(batch.map(pending => pending.record));
		} catch (error) {
			this.failed(batch, error, now, final);
			if (this.queue.length > 0 && !final) this.schedule();
			return;
		}
		if (!(written instanceof Promise)) {
			this.committed(batch, started);
			if (this.queue.length > 0 && !final) this.schedule();
			return;
		}
		this.inFlight = written.then(
			() => this.committed(batch, started),
			error => this.failed(batch, error, now, final),
		);
		return this.inFlight.finally(() => {
			this.inFlight = null;
			if (this.queue.length > 0 && !final) this.schedule();
		});
	}

	private committed(batch: Pending[], started: number): void {
		this.commits.add(performance.now() - started, batch.length);
		this.lastBatch = batch.length;
		this.attempt = 0;
		this.stats.stored += batch.length;
		this.stats.batches++;
		this.settle(batch, 'stored');
		// After the answers go out (they are sent from promise callbacks, which run before this).
		const afterCommit = this.store.afterCommit;
		if (afterCommit) setImmediate(() => afterCommit.call(this.store));
	}

	private failed(batch: Pending[], error: unknown, now: number, final: boolean): void {
		const message = (error as Error)?.message ?? String(error);
		this.stats.lastError = message;
		const waited = now - batch[0]!.since;
		if (isTransient(error) && !final && waited < this.options.budgetMs) {
			// Another writer holds the lock: wait with backoff, off the event loop, and try again with what has piled up.
			const delay = Math.min(this.options.budgetMs - waited, backoffDelay(this.attempt++, 5, 200, this.options.random ?? Math.random));
			this.retry = setTimeout(() => {
				this.retry = null;
				void this.flush({final: false});
			}, delay);
			return;
		}
		if (!isTransient(error)) this.store.reset();
		this.attempt = 0;
		this.spoolBatch(batch, isTransient(error) ? `the database stayed locked for ${waited} ms (${message})` : message);
	}
}
