import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {spoolRecord} from '../../source/spool/spool.js';
import {basicSession, blockedSession, fixtureDeliveryPort, fixtureTranscriptsAt, rebuiltSessions} from '../harvest-helpers.js';
import {recordAll, runCli, withReader} from '../helpers.js';
import {serveHome, startServe} from '../serve-helpers.js';
import {assertSummaries, pick, randomStream, seeded, shuffle, type StreamEvent, streamRecord} from '../session-oracle.js';

/**
 * The session-summary property end to end, through the built binary: `eyelet record`, the spool and
 * `eyelet drain`, `eyelet serve`, `eyelet import`, `eyelet harvest` (hook failures and rebuilt
 * deliveries) and `eyelet prune`, each writing random events of the same sessions at random times.
 * After every command the summaries must be what the rows say.
 */

const sessions = [basicSession, blockedSession, ...rebuiltSessions];

test('through every command that writes events, the session summaries stay what the rows say', async t => {
	const {home, env, db} = serveHome(t);
	mkdirSync(join(db, '..'), {recursive: true, mode: 0o700});
	const random = seeded(2026);
	const now = Date.now();
	const spanMs = 30 * 60_000;
	const from = now - spanMs;
	fixtureTranscriptsAt(join(home, '.claude', 'projects', '-home-dev-webapp'), from + Math.floor(random() * spanMs * 0.7));
	const shares = new Map<string, StreamEvent[]>();
	for (const event of randomStream(random, {sessions, count: 60, from, spanMs})) {
		const writer = pick(random, ['record', 'spool', 'serve', 'import']);
		shares.set(writer, [...(shares.get(writer) ?? []), event]);
	}
	const share = (name: string) => shares.get(name) ?? [];
	const check = (step: string) => withReader(db, reader => assertSummaries(reader, step));
	const ok = (result: {status: number | null; stderr: string}, what: string) => assert.equal(result.status, 0, `${what}: ${result.stderr}`);

	const steps: Array<[string, () => Promise<unknown> | unknown]> = [
		[
			'eyelet record',
			async () => {
				for (const result of await recordAll(
					share('record').map(event => JSON.stringify(event.payload)),
					{env, args: ['--db', db]},
				))
					ok(result, 'record');
			},
		],
		[
			'eyelet drain',
			() => {
				for (const event of share('spool')) spoolRecord(db, streamRecord(event));
				ok(runCli(['drain', '--db', db], {env}), 'drain');
			},
		],
		[
			'eyelet serve',
			async () => {
				const daemon = await startServe(env, db);
				try {
					for (const posted of await Promise.all(share('serve').map(event => daemon.hook(JSON.stringify(event.payload))))) assert.equal(posted.status, 200);
				} finally {
					daemon.child.kill('SIGTERM');
					await daemon.exited;
				}
			},
		],
		[
			'eyelet import',
			() => {
				const file = join(home, 'history.jsonl');
				const line = (event: StreamEvent) =>
					JSON.stringify({time: new Date(event.ts).toISOString(), origin: 'hook', project: event.project, git_branch: event.gitBranch, payload: event.payload});
				writeFileSync(file, `${share('import').map(line).join('\n')}\n`);
				ok(runCli(['import', file, '--db', db], {env}), 'import');
			},
		],
	];
	for (const [name, step] of shuffle(random, steps)) {
		await step();
		check(name);
	}
	// The missed deliveries of the http-down transcripts went to this port: the harvest rebuilds them.
	writeFileSync(`${db}.serve.json`, JSON.stringify({port: fixtureDeliveryPort, secret: `eyelet_${'0'.repeat(64)}`}), {mode: 0o600});
	ok(runCli(['harvest', join(home, '.claude', 'projects'), '--db', db], {env}), 'harvest');
	check('eyelet harvest');
	withReader(db, reader => {
		const origins = reader.all<{origin: string}>('SELECT DISTINCT origin FROM events ORDER BY origin').map(row => row.origin);
		assert.deepEqual(origins, ['harvest', 'hook', 'import', 'transcript'], 'every writer left rows');
	});
	const count = () => withReader(db, reader => reader.value<number>('SELECT count(*) FROM events') ?? 0);
	const before = count();
	ok(runCli(['prune', '--older-than', '20m', '--db', db], {env}), 'prune');
	check('eyelet prune');
	assert.ok(count() < before && count() > 0, `the prune deleted some events and kept others (${before} → ${count()})`);
});
