import type {ExportStream} from '../../store/export.js';
import type {Sender} from './sdk.js';

/**
 * Delivery: at least once, in order, never in a hook's way. One batch is in flight per stream; the
 * next is read from the database after the collector acknowledged this one and the cursor moved, so
 * a session's records leave in the order they were stored, and a restart (or a kill -9) resumes after
 * the last acknowledged event: a batch may go out twice, none is skipped. A failure keeps the cursor
 * where it is and waits: exponentially longer each time, and at least what the collector's
 * Retry-After asked. A collector down for a day costs a backlog in the database, nothing else.
 */

export interface Batch<Item> {
	items: Item[];
	/** The cursor once these are acknowledged: every event up to here is in them, or made none. */
	lastId: number;
}

/** Reads what comes after the cursor: a log record per event, or the spans that events close. */
export interface Stage<Item> {
	readonly stream: ExportStream;
	/**
	 * The next batch after `afterId` (events up to `uptoId`), or null when nothing is ready yet; `share`
	 * (0 to 1) of the usual batch size, so a batch that gives way to hooks is short work.
	 */
	next(afterId: number, uptoId: number, share?: number): Batch<Item> | null;
}

export interface DeliveryOptions {
	/** Where the cursor starts, and what to do once a batch is acknowledged (advance it, count progress). */
	afterId: number;
	uptoId: () => number;
	acknowledged(lastId: number, records: number): void;
	failed(error: string, attempt: number, waitMs: number): void;
	/** Live: poll for new events this often when there are none. Backfill: stop when there are none. */
	idleMs: number | null;
	/** A backfill gives up after this many failures in a row; live never does. */
	maxAttempts?: number;
	/**
	 * Before each batch: how long to pause first, and what share of a batch to take, given how long
	 * the last one's reading, encoding and sending took (0 before the first). The daemon's export gives
	 * way to the hooks it serves this way (giveWay in worker.ts). A batch follows every pause, so a
	 * backlog always moves.
	 */
	pauseBefore?: (lastWorkMs: number) => {pauseMs: number; share: number};
	now?: () => number;
	random?: () => number;
}

const firstBackoffMs = 1_000;
const maxBackoffMs = 60_000;

/** 1 s, 2 s, 4 s ... up to a minute, ±20%, and never less than the collector's Retry-After. */
export function backoffMs(attempt: number, retryAfterMs: number | null, random = Math.random): number {
	const exponential = Math.min(maxBackoffMs, firstBackoffMs * 2 ** Math.max(0, attempt - 1)) * (0.8 + 0.4 * random());
	return Math.round(Math.max(exponential, retryAfterMs ?? 0));
}

export class DeliveryLoop<Item> {
	private stopped = false;
	private wake: (() => void) | null = null;
	private cursor: number;
	/** When the current wait after a failure ends (0: not waiting). */
	retryAt = 0;
	attempt = 0;

	constructor(
		private readonly stage: Stage<Item>,
		private readonly sender: Sender<Item>,
		private readonly options: DeliveryOptions,
	) {
		this.cursor = options.afterId;
	}

	get position(): number {
		return this.cursor;
	}

	private sleep(ms: number): Promise<void> {
		return new Promise(resolve => {
			const timer = setTimeout(done, ms);
			function done() {
				clearTimeout(timer);
				resolve();
			}
			this.wake = done;
		});
	}

	/** Runs until stopped (live) or until nothing is left (backfill); false when a backfill gave up. */
	async run(): Promise<boolean> {
		const now = this.options.now ?? Date.now;
		let lastWorkMs = 0;
		while (!this.stopped) {
			const {pauseMs, share} = this.options.pauseBefore?.(lastWorkMs) ?? {pauseMs: 0, share: 1};
			if (pauseMs > 0) {
				await this.sleep(pauseMs);
				if (this.stopped) break;
			}
			const started = performance.now();
			const batch = this.stage.next(this.cursor, this.options.uptoId(), share);
			if (!batch) {
				if (this.options.idleMs === null) return true;
				await this.sleep(this.options.idleMs);
				continue;
			}
			if (batch.items.length > 0) {
				const result = await this.sender.send(batch.items);
				if (this.stopped) break;
				if (!result.ok) {
					this.attempt++;
					const wait = backoffMs(this.attempt, result.retryAfterMs, this.options.random);
					this.retryAt = now() + wait;
					this.options.failed(result.error, this.attempt, wait);
					if (this.options.maxAttempts !== undefined && this.attempt >= this.options.maxAttempts) return false;
					await this.sleep(wait);
					this.retryAt = 0;
					continue;
				}
			}
			this.attempt = 0;
			this.cursor = batch.lastId;
			this.options.acknowledged(batch.lastId, batch.items.length);
			lastWorkMs = performance.now() - started;
		}
		return true;
	}

	/** Stops after the batch in flight (whose acknowledgement, if it comes, is not recorded: it goes again). */
	stop(): void {
		this.stopped = true;
		this.wake?.();
	}
}
