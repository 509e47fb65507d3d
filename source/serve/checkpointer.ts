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

function runCheckpoints({dbPath, intervalMs}: CheckpointerData): void {
	// No waiting for a lock: the closing TRUNCATE runs between two commits, or gives up until the next tick.
	// (Waiting costs more than it seems: SQLite's busy handler sleeps in steps of up to 50 ms.)
	const db = openWriter(dbPath, {busyTimeoutMs: 0});
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
