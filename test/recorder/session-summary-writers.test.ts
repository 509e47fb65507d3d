import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import type {EventRecord} from '../../source/events/types.js';
import {runImport} from '../../source/import/run.js';
import {harvestTranscript} from '../../source/recorder/harvest.js';
import {rebuildMissedDeliveries} from '../../source/recorder/rebuild.js';
import {DaemonStore} from '../../source/serve/store.js';
import {GroupWriter} from '../../source/serve/writer.js';
import {defaults} from '../../source/settings/config.js';
import {drainSpool, spoolRecord} from '../../source/spool/spool.js';
import {openWriter, type WriteDb} from '../../source/store/db.js';
import {insertEvents} from '../../source/store/insert.js';
import {migrate} from '../../source/store/migrate.js';
import {pruneOlderThan} from '../../source/store/retention.js';
import {backfillOptions, basicSession, blockedSession, fixtureDeliveryPort, fixtureTranscriptsAt, rebuiltSessions} from '../harvest-helpers.js';
import {tempDir} from '../helpers.js';
import {assertSummaries, pick, randomStream, seeded, shuffle, type StreamEvent, streamRecord} from '../session-oracle.js';

/**
 * The property of test/store/session-summary.test.ts, through each writer's own entry point: the
 * spool drain, eyelet serve's group writer (on the event loop and on its write thread), the import
 * (its reading thread and batches), the transcript harvest (HookFailure rows at the transcript's
 * times), the rebuild of missed deliveries (origin 'transcript') and prune. Random events share the
 * sessions of real transcripts, whose times are moved into the same span, so every writer's rows
 * land before, among and after the others'.
 */

const deliveryPort = fixtureDeliveryPort;
const sessions = [basicSession, blockedSession, ...rebuiltSessions];

/** A line of `eyelet query --format jsonl`: what `eyelet import` takes back with its time and context. */
const exported = (event: StreamEvent) =>
	JSON.stringify({time: new Date(event.ts).toISOString(), origin: 'hook', project: event.project, git_branch: event.gitBranch, payload: event.payload});

async function throughDaemon(dbPath: string, records: readonly EventRecord[], onThread: boolean): Promise<void> {
	const store = new DaemonStore(dbPath, defaults({}), () => {}, {host: '127.0.0.1', port: deliveryPort});
	try {
		if (onThread) {
			assert.ok(await store.startWriteThread(), 'the write thread started');
		}
		const writer = new GroupWriter(store, {maxBatch: 4, maxBatchBytes: 8 << 20, lingerAfterRows: 8, lingerMs: 2, budgetMs: 3000});
		const outcomes = await Promise.all(records.map(record => writer.enqueue(record)));
		assert.ok(
			outcomes.every(outcome => outcome === 'stored'),
			'the daemon stored every event',
		);
	} finally {
		await store.close();
	}
}

test('every writer keeps the session summaries equal to a recompute from the rows', async t => {
	for (let seed = 1; seed <= 8; seed++) {
		const dir = tempDir(t);
		const dbPath = join(dir, 'events.db');
		const db: WriteDb = openWriter(dbPath);
		try {
			migrate(db);
			const random = seeded(seed);
			const from = Date.UTC(2026, 10, 20);
			const spanMs = 20 * 60_000;
			const transcripts = fixtureTranscriptsAt(join(dir, 'transcripts'), from + Math.floor(random() * spanMs * 0.8));
			const stream = randomStream(random, {sessions, count: 80, from, spanMs});
			const writers = ['insert', 'drain', 'serve', 'serve-thread', 'import'] as const;
			const shares = new Map<string, StreamEvent[]>(writers.map(writer => [writer, []]));
			for (const event of shuffle(random, stream)) shares.get(pick(random, writers))!.push(event);
			const keyed = (event: StreamEvent) => streamRecord(event, {sourceKey: `spool:${seed}-${String(event.payload['n'])}`});
			const steps: Array<[string, () => unknown]> = [
				[
					'insert',
					() =>
						insertEvents(
							db,
							shares.get('insert')!.map(event => streamRecord(event)),
						),
				],
				[
					'drain',
					() => {
						for (const event of shares.get('drain')!) spoolRecord(dbPath, keyed(event));
						return drainSpool(db, dbPath);
					},
				],
				// A spooled event already stored (a drainer died after its commit): a duplicate by source key.
				['drain again', () => (spoolRecord(dbPath, keyed(shares.get('drain')![0] ?? stream[0]!)), drainSpool(db, dbPath))],
				[
					'serve',
					() =>
						throughDaemon(
							dbPath,
							shares.get('serve')!.map(event => streamRecord(event)),
							false,
						),
				],
				[
					'serve on its write thread',
					() =>
						throughDaemon(
							dbPath,
							shares.get('serve-thread')!.map(event => streamRecord(event)),
							true,
						),
				],
				...[1, 2].map((pass): [string, () => unknown] => [
					`import, pass ${pass}`,
					() => {
						const file = join(dir, 'history.jsonl');
						writeFileSync(file, `${shares.get('import')!.map(exported).join('\n')}\n`);
						return runImport(db, {paths: [file], redaction: {enabled: false, patterns: [], allow: []}, maxPayloadBytes: 1 << 20, custom: null, batchSize: 7});
					},
				]),
				...[1, 2].map((pass): [string, () => unknown] => [
					`harvest, pass ${pass}`,
					() => {
						const delivery = {host: '127.0.0.1', port: deliveryPort};
						for (const path of [...transcripts.failures, ...transcripts.deliveries]) harvestTranscript(db, path, backfillOptions({delivery}));
					},
				]),
				[
					'rebuild',
					() => {
						for (const path of transcripts.deliveries) {
							const rebuilt = rebuildMissedDeliveries(db, path, {
								target: {host: '127.0.0.1', port: deliveryPort},
								normalize: backfillOptions().normalize,
								row: {project: null, hostname: null, gitBranch: null, gitCommit: null, custom: null},
								maxBytes: Number.POSITIVE_INFINITY,
								deadline: Number.POSITIVE_INFINITY,
							});
							assert.ok(rebuilt.complete);
						}
					},
				],
				['prune', () => pruneOlderThan(db, from + Math.floor((random() * spanMs) / 3), {batchSize: 5})],
			];
			for (const [name, step] of shuffle(random, steps)) {
				await step();
				assertSummaries(db, `seed ${seed}: ${name}`);
			}
			const origins = db.all<{origin: string}>('SELECT DISTINCT origin FROM events ORDER BY origin').map(row => row.origin);
			assert.deepEqual(
				origins,
				['harvest', 'hook', 'import', 'transcript'].filter(origin => origins.includes(origin)),
			);
			assert.ok(origins.length >= 3, `rows of several writers survived the prune (${origins.join(', ')})`);
		} finally {
			db.close();
		}
	}
});
