import {parentPort, workerData} from 'node:worker_threads';
import type {EventRecord} from '../events/types.js';
import {seededRng} from './corpus.js';
import {DemoWorld} from './generator.js';
import {DemoRecorder, historyStart} from './record.js';

/** What the builder asks of this worker: generate `count` events and post them as records, batch by batch. */
export interface BulkJob {
	count: number;
	endTs: number;
	meanGapMs: number;
	seed: number;
	parallel: number;
	batchSize: number;
	projects: string[];
}

// Generating and normalizing costs about as much as inserting, so it runs here, one batch ahead of the writer.
const job = workerData as BulkJob;
const rng = seededRng(job.seed);
const world = new DemoWorld(rng, job.projects, job.parallel);
const recorder = new DemoRecorder();
let ts = historyStart(job.count, job.meanGapMs, job.endTs);
let made = 0;
let ahead = 0;

function produce(): void {
	while (made < job.count && ahead < 2) {
		const records: EventRecord[] = [];
		for (let i = Math.min(job.batchSize, job.count - made); i > 0; i--) {
			// Exponential gaps: bursts of activity and quiet stretches, as with real agents.
			ts += Math.max(1, Math.round(-Math.log(1 - rng()) * job.meanGapMs));
			records.push(...recorder.toRecords(world.next(), Math.min(ts, job.endTs)));
		}
		made += records.length;
		ahead++;
		parentPort!.postMessage(records);
	}
}

parentPort!.on('message', () => {
	ahead--;
	produce();
	if (made >= job.count && ahead === 0) parentPort!.close();
});
produce();
