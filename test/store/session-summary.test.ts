import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import type {EventRecord} from '../../source/events/types.js';
import {insertImported} from '../../source/store/bulk.js';
import {openWriter, type WriteDb} from '../../source/store/db.js';
import {eventInsertColumns, insertEvents, recordParams} from '../../source/store/insert.js';
import {migrate} from '../../source/store/migrate.js';
import {pruneOlderThan} from '../../source/store/retention.js';
import {recomputeSessions} from '../../source/store/session-summary.js';
import {recordOf} from '../fixture-db.js';
import {tempDir} from '../helpers.js';
import {assertSummaries, pick, randomStream, seeded, shuffle, storedSessions, streamRecord} from '../session-oracle.js';

function database(t: {after: (fn: () => void) => void}): WriteDb {
	const db = openWriter(join(tempDir(t), 'events.db'));
	t.after(() => db.close());
	migrate(db);
	return db;
}

const sessions = ['s-one', 's-two', 's-three'];

test('summaries equal a recompute from the rows: random streams, any arrival order, late and duplicate rows, every way of writing', t => {
	const db = database(t);
	for (let seed = 1; seed <= 250; seed++) {
		db.exec('DELETE FROM events; DELETE FROM sessions');
		const random = seeded(seed);
		const stream = randomStream(random, {sessions, count: 10 + Math.floor(random() * 50), from: 1_000_000, spanMs: pick(random, [5, 50, 5_000])});
		// Some rows carry a dedupe key (spooled, harvested, rebuilt, imported), and some of those arrive twice.
		const records: EventRecord[] = stream.map((event, n) => streamRecord(event, random() < 0.5 ? {sourceKey: `key-${seed}-${n}`} : {}));
		const arrivals = shuffle(random, [...records, ...records.filter(record => record.sourceKey && random() < 0.2)]);
		let step = 0;
		while (arrivals.length > 0) {
			const batch = arrivals.splice(0, 1 + Math.floor(random() * 8));
			const how = pick(random, ['insert', 'insert', 'import', 'prune', 'recompute'] as const);
			if (how === 'import') {
				insertImported(
					db,
					batch.map(record => ({
						...record,
						origin: 'import' as const,
						sourceKey: `import/${record.sourceKey ?? `${seed}-${step}-${record.ts}-${record.payload}`}`,
					})),
				);
			} else insertEvents(db, batch);
			if (how === 'prune') pruneOlderThan(db, 1_000_000 + Math.floor(random() * 60), {batchSize: 1 + Math.floor(random() * 5)});
			if (how === 'recompute') db.transaction(() => recomputeSessions(db, sessions));
			assertSummaries(db, `seed ${seed}, step ${step++} (${how} of ${batch.length})`);
		}
	}
});

test('a session written by a build without the rules (no summary kept) is made whole by the next batch that touches it', t => {
	const db = database(t);
	const payload = (event: string, more: Record<string, unknown> = {}) => ({session_id: 'legacy', hook_event_name: event, cwd: '/w', ...more});
	insertEvents(db, [recordOf(payload('SessionStart'), 1000), recordOf(payload('UserPromptSubmit', {prompt: 'a'}), 2000)]);
	// An older eyelet still running (a daemon started before the upgrade) inserts without touching sessions.
	const bare = `INSERT INTO events (${eventInsertColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, jsonb(?), ?, jsonb(?))`;
	db.run(bare, recordParams(recordOf(payload('PreToolUse', {tool_name: 'Bash', tool_input: {command: 'ls'}}), 3000)));
	db.run(bare, recordParams(recordOf({session_id: 'legacy-only', hook_event_name: 'UserPromptSubmit', prompt: 'b'}, 3500)));
	assert.equal(db.value("SELECT events FROM sessions WHERE session_id = 'legacy'"), 2);
	insertEvents(db, [recordOf(payload('SessionEnd', {reason: 'clear'}), 4000), recordOf({session_id: 'legacy-only', hook_event_name: 'Stop'}, 4100)]);
	assertSummaries(db, 'the next batch');
	assert.deepEqual(
		storedSessions(db).map(row => [row['session_id'], row['events'], row['ended_ts']]),
		[
			['legacy', 4, 4000],
			['legacy-only', 2, null],
		],
	);
});

test('late rows that agree with the summary are folded in without reading the session again', t => {
	const db = database(t);
	const at = (ts: number, event: string, more: Record<string, unknown> = {}) => recordOf({session_id: 'long', hook_event_name: event, cwd: '/w', ...more}, ts);
	insertEvents(db, [at(1000, 'SessionStart'), ...Array.from({length: 50}, (_, n) => at(2000 + n, 'PreToolUse', {tool_name: 'Read'})), at(9000, 'SessionEnd')]);
	// A mark only a fold keeps: a recompute from the rows counts the prompts again and drops it.
	const marked = 1000;
	db.run("UPDATE sessions SET prompts = ? WHERE session_id = 'long'", [marked]);
	const prompts = () => db.value<number>("SELECT prompts FROM sessions WHERE session_id = 'long'");
	// Hook failures harvested from earlier in the session, and a spooled SessionStart drained late, need
	// no read of the session's rows.
	insertEvents(db, [
		at(2500, 'HookFailure', {hook_event: 'PreToolUse'}),
		at(900, 'SessionStart', {source: 'resume'}),
		at(2501, 'UserPromptSubmit', {prompt: 'p'}),
	]);
	assert.equal(prompts(), marked + 1, 'folded in');
	assert.equal(db.value("SELECT ended_ts FROM sessions WHERE session_id = 'long'"), 9000, 'still ended');
	insertEvents(db, [at(2600, 'PreToolUse', {tool_name: 'Read'}), {...at(2700, 'Stop'), gitBranch: 'other'}]);
	assert.equal(prompts(), 1, 'a branch from among the events: the session is read again');
	assertSummaries(db, 'late rows');
});
