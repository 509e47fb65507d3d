import {parentPort, workerData} from 'node:worker_threads';
import {seededRng} from './corpus.js';
import {DemoHistory} from './record.js';

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
const history = new DemoHistory(seededRng(job.seed), job.projects, job.parallel, job);
let made = 0;
let ahead = 0;

function produce(): void {
	while (made < job.count && ahead < 2) {
		const records = history.rows(Math.min(job.batchSize, job.count - made));
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
