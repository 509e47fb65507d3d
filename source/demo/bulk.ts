import {Worker} from 'node:worker_threads';
import type {EventRecord} from '../events/types.js';
import {openWriter} from '../store/db.js';
import {insertEvents} from '../store/insert.js';
import {throwawayWrites} from '../store/bulk.js';
import {migrate} from '../store/migrate.js';
import {truncateWal} from '../store/wal.js';
import type {BulkJob} from './bulk-worker.js';
import {prepareProjects} from './record.js';

export interface BulkOptions {
	count: number;
	endTs?: number;
	meanGapMs?: number;
	seed?: number;
	onProgress?: (written: number) => void;
}

/**
 * Builds a large database of generated events through the recorder's own path (normalizeInput,
 * recorderPlace, insertEvents): a worker makes the records while this thread writes them, one
 * transaction per batch. Meant for throwaway benchmark databases: it trades durability for speed.
 */
export async function buildBulkDatabase(path: string, projectsRoot: string, options: BulkOptions): Promise<void> {
	const job: BulkJob = {
		count: options.count,
		endTs: options.endTs ?? Date.now(),
		meanGapMs: options.meanGapMs ?? 1000,
		seed: options.seed ?? 1,
		parallel: 8,
		batchSize: 5000,
		projects: prepareProjects(projectsRoot),
	};
	const db = openWriter(path);
	migrate(db);
	throwawayWrites(db);
	let written = 0;
	try {
		await new Promise<void>((resolve, reject) => {
			const worker = new Worker(new URL('./bulk-worker.js', import.meta.url), {workerData: job});
			worker.on('message', (records: EventRecord[]) => {
				try {
					// Buffers arrive as plain Uint8Arrays from the worker.
					for (const record of records) if (record.raw) record.raw = Buffer.from(record.raw);
					insertEvents(db, records);
					written += records.length;
					options.onProgress?.(written);
					worker.postMessage('next');
				} catch (error) {
					void worker.terminate();
					reject(error as Error);
				}
			});
			worker.on('error', reject);
			worker.on('exit', code => (written >= job.count ? resolve() : reject(new Error(`generator worker stopped (exit ${code}) after ${written} events`))));
		});
		truncateWal(db);
	} finally {
		db.close();
	}
}
