import {isTransient} from './sqlite-errors.js';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for ms without spinning (the recorder is synchronous from start to exit). */
export function sleepSync(ms: number): void {
	if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}

export interface RetryOptions {
	/** Total time allowed, including the attempts themselves. */
	budgetMs: number;
	baseDelayMs?: number;
	maxDelayMs?: number;
	random?: () => number;
	now?: () => number;
}

/** Delay before retry `attempt` (0-based): exponential, capped, with jitter in [0.5, 1.5) so waiters spread out. */
export function backoffDelay(attempt: number, base: number, max: number, random: () => number): number {
	return Math.min(max, base * 2 ** attempt) * (0.5 + random());
}

/**
 * Runs fn until it succeeds, retrying transient SQLite errors with exponential backoff and jitter
 * (the research document's scheme) while the budget lasts. Other errors, and the last transient
 * one when time is up, are thrown to the caller, which spools the event.
 */
export function withRetry<T>(fn: () => T, options: RetryOptions): T {
	const now = options.now ?? Date.now;
	const random = options.random ?? Math.random;
	const deadline = now() + options.budgetMs;
	for (let attempt = 0; ; attempt++) {
		try {
			return fn();
		} catch (error) {
			const remaining = deadline - now();
			if (!isTransient(error) || remaining <= 0) throw error;
			sleepSync(Math.min(remaining, backoffDelay(attempt, options.baseDelayMs ?? 5, options.maxDelayMs ?? 200, random)));
		}
	}
}
