import {isMainThread, parentPort, Worker, workerData} from 'node:worker_threads';
import {openWriter} from '../store/db.js';

/**
 * WAL checkpoints on a thread of their own. A commit that crosses SQLite's autocheckpoint threshold
 * copies the WAL into the database and syncs both files before it returns: on these machines that
 * stalled the daemon's event loop for 80-130 ms every few thousand events (measured), every request
 * waiting behind it. The daemon's connection turns autocheckpoint off; this thread runs a PASSIVE
 * checkpoint (which never blocks writers or readers) every `intervalMs`, on its own connection.
 *
 * The worker runs this same file (bundled into dist/serve.cjs, or compiled on its own under test):
 * the module's top level starts the loop when it finds itself in the checkpointer thread.
 */

interface CheckpointerData {
	eyeletCheckpointer: true;
	dbPath: string;
	intervalMs: number;
}

export interface Checkpointer {
	/** Resolves when the thread has stopped. */
	stop(): Promise<void>;
}

export function startCheckpointer(dbPath: string, onExit: (error: Error | null) => void, intervalMs = 500): Checkpointer {
	const data: CheckpointerData = {eyeletCheckpointer: true, dbPath, intervalMs};
	// A small heap: the thread only runs a pragma now and then (the default sizes cost ~8 MB of memory at rest).
	const worker = new Worker(__filename, {workerData: data, resourceLimits: {maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 24, codeRangeSizeMb: 8}});
	let stopping = false;
	worker.on('error', error => onExit(error));
	worker.on('exit', code => {
		if (!stopping) onExit(code === 0 ? null : new Error(`checkpoint thread exited with code ${code}`));
	});
	worker.unref();
	return {
		stop: () => {
			stopping = true;
			// Referenced again while stopping: an unreferenced worker would let the process exit before the stop is done.
			worker.ref();
			worker.postMessage('stop');
			return new Promise(resolve => {
				const force = setTimeout(() => void worker.terminate(), 2_000);
				worker.once('exit', () => {
					clearTimeout(force);
					resolve();
				});
			});
		},
	};
}

/** Commits per second past which the thread is started, and how long a calmer rate lasts before it stops. */
const busyCommitsPerSecond = 10;
const calmMs = 30_000;
const lookMs = 250;

/**
 * The thread runs only while commits come fast: at rest the daemon has no second thread (a worker
 * costs ~12 MB of memory, measured), and SQLite's own checkpoints on commit are rare and short. When
 * the rate passes busyCommitsPerSecond the thread starts and commits stop checkpointing; after
 * calmMs below it, it stops and they checkpoint again.
 */
export class CheckpointPolicy {
	private thread: Checkpointer | null = null;
	private readonly timer: NodeJS.Timeout;
	private lastCommits = 0;
	private lastBusy = 0;

	constructor(
		private readonly dbPath: string,
		private readonly commits: () => number,
		private readonly setAutocheckpoint: (on: boolean) => void,
		private readonly log: (message: string) => void,
	) {
		this.timer = setInterval(() => this.look(), lookMs);
		this.timer.unref();
	}

	get running(): boolean {
		return this.thread !== null;
	}

	private look(): void {
		const now = Date.now();
		const commits = this.commits();
		const rate = ((commits - this.lastCommits) * 1000) / lookMs;
		this.lastCommits = commits;
		if (rate >= busyCommitsPerSecond) this.lastBusy = now;
		if (!this.thread && rate >= busyCommitsPerSecond) this.start();
		else if (this.thread && now - this.lastBusy > calmMs) void this.stopThread();
	}

	private start(): void {
		try {
			this.thread = startCheckpointer(this.dbPath, error => {
				this.log(`serve: the checkpoint thread stopped${error ? ` (${error.message})` : ''}; commits checkpoint again`);
				this.setAutocheckpoint(true);
				this.thread = null;
			});
			this.setAutocheckpoint(false);
		} catch (error) {
			this.log(`serve: no checkpoint thread (${(error as Error).message}); commits checkpoint as usual`);
		}
	}

	private async stopThread(): Promise<void> {
		const thread = this.thread;
		this.thread = null;
		// Commits checkpoint again before the thread's last one, so the WAL never goes unattended.
		this.setAutocheckpoint(true);
		await thread?.stop();
	}

	async close(): Promise<void> {
		clearInterval(this.timer);
		await this.stopThread();
	}
}

function runCheckpoints({dbPath, intervalMs}: CheckpointerData): void {
	// Waits this long for the daemon's current transaction (a few ms) before the closing TRUNCATE gives up until next time.
	const db = openWriter(dbPath, {busyTimeoutMs: 50});
	db.pragma('wal_autocheckpoint = 0');
	const timer = setInterval(() => {
		try {
			// The bulk of the copy, beside the daemon's commits: PASSIVE never takes the write lock.
			db.pragma('wal_checkpoint(PASSIVE)');
			// What was committed meanwhile, then the WAL starts over from empty. Without this a busy WAL
			// is never fully copied at the moment a transaction starts, so it never restarts and only
			// grows (250 MB after 19,200 events, measured). The daemon's writes wait the few ms it takes.
			db.pragma('wal_checkpoint(TRUNCATE)');
		} catch {
			// busy (a reader on an old snapshot, a long transaction elsewhere): the next tick tries again
		}
	}, intervalMs);
	parentPort?.on('message', message => {
		if (message !== 'stop') return;
		clearInterval(timer);
		try {
			db.pragma('wal_checkpoint(PASSIVE)');
		} catch {
			// the daemon's close checkpoints too
		}
		db.close();
		parentPort?.close();
	});
}

if (!isMainThread && (workerData as Partial<CheckpointerData> | null)?.eyeletCheckpointer) runCheckpoints(workerData as CheckpointerData);
