/** Commits per second past which the daemon's threads are started, and how long a calmer rate lasts before they stop. */
const busyCommitsPerSecond = 10;
const calmMs = 30_000;
const lookMs = 250;

/** What the daemon runs only while it is busy: the write thread and the checkpoint thread. */
export interface BusyThreads {
	start(): void;
	stop(): Promise<void>;
}

/**
 * Threads only while commits come fast: at rest the daemon is one thread (a worker costs ~12 MB of
 * memory, measured), writes commit on the event loop and SQLite checkpoints on commit, both rare and
 * short. When the rate passes busyCommitsPerSecond the threads start; after calmMs below it, they stop.
 */
export class LoadPolicy {
	private started = false;
	private readonly timer: NodeJS.Timeout;
	private lastCommits = 0;
	private lastBusy = 0;

	constructor(
		private readonly commits: () => number,
		private readonly threads: BusyThreads,
	) {
		this.timer = setInterval(() => this.look(), lookMs);
		this.timer.unref();
	}

	get running(): boolean {
		return this.started;
	}

	private look(): void {
		const now = Date.now();
		const commits = this.commits();
		const rate = ((commits - this.lastCommits) * 1000) / lookMs;
		this.lastCommits = commits;
		if (rate >= busyCommitsPerSecond) this.lastBusy = now;
		if (!this.started && rate >= busyCommitsPerSecond) {
			this.started = true;
			this.threads.start();
		} else if (this.started && now - this.lastBusy > calmMs) void this.stopThreads();
	}

	private async stopThreads(): Promise<void> {
		this.started = false;
		await this.threads.stop();
	}

	async close(): Promise<void> {
		clearInterval(this.timer);
		if (this.started) await this.stopThreads();
	}
}
