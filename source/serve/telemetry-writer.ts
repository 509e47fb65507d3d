import type {TelemetryRow} from '../events/telemetry-row.js';
import {backoffDelay} from '../store/retry.js';
import {isTransient} from '../store/sqlite-errors.js';
import type {TelemetryWritten} from '../store/telemetry-write.js';

/**
 * The telemetry exporter's queue: rows of OTLP requests, written a chunk per transaction, and only
 * when no hook event is waiting for its own commit. Hooks are what the agent waits on; telemetry can
 * wait a few milliseconds. A request is answered once all its rows are committed; when the database
 * stays locked past the budget its request fails (503, which OTLP clients retry) and nothing is held
 * in memory. A retried request is harmless: its rows are keyed by content.
 */

export interface TelemetryStore {
	/** One transaction; a promise while the daemon writes on its write thread. */
	writeTelemetry(rows: readonly TelemetryRow[], receivedTs: number): TelemetryWritten | Promise<TelemetryWritten>;
	reset(): void;
}

export interface TelemetryWriterOptions {
	/** Rows per transaction while hooks come: a chunk holds the connection for a few milliseconds. */
	chunk: number;
	/** Rows per transaction when no hook came for `quietMs`: fewer commits, when no one waits on them. */
	quietChunk: number;
	quietMs: number;
	/** When the last hook event arrived (Unix ms). */
	lastHook: () => number;
	budgetMs: number;
	/** True while hook events wait for a commit: telemetry waits for them. */
	hooksWaiting: () => boolean;
}

/** Under a steady stream of hooks, telemetry still gets a chunk in at least this often. */
const maxDeferMs = 25;

interface Job {
	rows: readonly TelemetryRow[];
	at: number;
	since: number;
	receivedTs: number;
	written: TelemetryWritten;
	resolve: (written: TelemetryWritten) => void;
	reject: (error: Error) => void;
}

export interface TelemetryStats {
	requests: number;
	records: number;
	added: number;
	duplicates: number;
	failed: number;
}

export class TelemetryWriter {
	private jobs: Job[] = [];
	private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
	private attempt = 0;
	/** A chunk is on the write thread: nothing else goes until it is committed. */
	private busy = false;
	/** Since when telemetry has been waiting for hooks: past maxDeferMs it takes one chunk's turn anyway. */
	private deferredSince: number | null = null;
	readonly stats: TelemetryStats = {requests: 0, records: 0, added: 0, duplicates: 0, failed: 0};

	constructor(
		private readonly store: TelemetryStore,
		private readonly options: TelemetryWriterOptions,
	) {}

	/** Rows not yet committed. */
	get depth(): number {
		return this.jobs.reduce((sum, job) => sum + job.rows.length - job.at, 0);
	}

	write(rows: readonly TelemetryRow[]): Promise<TelemetryWritten> {
		this.stats.requests++;
		this.stats.records += rows.length;
		if (rows.length === 0) return Promise.resolve({added: 0, duplicates: 0});
		return new Promise((resolve, reject) => {
			const now = Date.now();
			this.jobs.push({rows, at: 0, since: now, receivedTs: now, written: {added: 0, duplicates: 0}, resolve, reject});
			this.schedule();
		});
	}

	/** Resolves when every request taken so far is written or failed. */
	async idle(): Promise<void> {
		while (this.jobs.length > 0) await new Promise(resolve => setTimeout(resolve, 5));
	}

	/** Fails what is queued: on shutdown, so the clients send it again to the next daemon. */
	abandon(reason: string): void {
		if (this.timer) clearTimeout(this.timer as NodeJS.Timeout);
		this.timer = null;
		for (const job of this.jobs.splice(0)) job.reject(new Error(reason));
	}

	private schedule(delay = 0): void {
		if (this.timer || this.busy) return;
		const run = () => {
			this.timer = null;
			this.step();
		};
		this.timer = delay > 0 ? setTimeout(run, delay) : setImmediate(run);
	}

	private step(): void {
		const job = this.jobs[0];
		if (!job) return;
		// A hook's commit first: look again after the hook writer has had its turn (but never starve).
		if (this.options.hooksWaiting()) {
			const now = Date.now();
			this.deferredSince ??= now;
			if (now - this.deferredSince < maxDeferMs) return void this.schedule(1);
		}
		this.deferredSince = null;
		const quiet = Date.now() - this.options.lastHook() >= this.options.quietMs;
		const chunk = job.rows.slice(job.at, job.at + (quiet ? this.options.quietChunk : this.options.chunk));
		let written: TelemetryWritten | Promise<TelemetryWritten>;
		try {
			written = this.store.writeTelemetry(chunk, job.receivedTs);
		} catch (error) {
			this.failed(job, error);
			return;
		}
		if (written instanceof Promise) {
			// On the write thread: the next chunk goes once this one is committed.
			this.busy = true;
			written.then(
				done => {
					this.busy = false;
					this.committed(job, chunk.length, done);
				},
				error => {
					this.busy = false;
					this.failed(job, error);
				},
			);
			return;
		}
		this.committed(job, chunk.length, written);
	}

	private committed(job: Job, rows: number, written: TelemetryWritten): void {
		// Abandoned meanwhile (the daemon is stopping): its request was already answered.
		if (this.jobs[0] !== job) return;
		this.attempt = 0;
		job.at += rows;
		job.written.added += written.added;
		job.written.duplicates += written.duplicates;
		this.stats.added += written.added;
		this.stats.duplicates += written.duplicates;
		if (job.at >= job.rows.length) {
			this.jobs.shift();
			job.resolve(job.written);
		}
		if (this.jobs.length > 0) this.schedule();
	}

	private failed(job: Job, error: unknown): void {
		if (this.jobs[0] !== job) return;
		const waited = Date.now() - job.since;
		if (isTransient(error) && waited < this.options.budgetMs) {
			this.schedule(Math.min(this.options.budgetMs - waited, backoffDelay(this.attempt++, 5, 200, Math.random)));
			return;
		}
		if (!isTransient(error)) this.store.reset();
		this.attempt = 0;
		this.jobs.shift();
		this.stats.failed++;
		job.reject(error as Error);
		if (this.jobs.length > 0) this.schedule();
	}
}
