import assert from 'node:assert/strict';
import {mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fixtureLines, isolatedEnv, runCli, runCliAsync, tempDir, withReader} from '../helpers.js';
import {openWriter} from '../../source/store/db.js';
import {exportLine} from '../commands/seed.js';

const day = 86_400_000;
const shapes = fixtureLines('claude-code-sessions.jsonl').map(line => JSON.parse(line));

/** `count` events in `sessions` sessions, `ageDays` old, each with a searchable word of its own. */
function oldEvents(count: number, ageDays: number, tag: string, sessions = 10): string[] {
	return Array.from({length: count}, (_, i) => {
		const payload = {...shapes[i % shapes.length], session_id: `${tag}-session-${i % sessions}`, tool_use_id: `toolu_${tag}_${i}`, note: `${tag}word${i}`};
		return exportLine(payload, new Date(Date.now() - ageDays * day + i).toISOString());
	});
}

function setup(t: {after: (fn: () => void) => void}, lines: string[], extra: Record<string, string> = {}) {
	const dir = tempDir(t);
	const db = join(dir, 'events.db');
	const env = isolatedEnv(dir, {EYELET_DB: db, ...extra});
	const file = join(dir, 'history.jsonl');
	writeFileSync(file, `${lines.join('\n')}\n`);
	const imported = runCli(['import', file], {env});
	assert.equal(imported.status, 0, imported.stderr);
	return {dir, db, env};
}

/** The sessions table must equal what its events say. */
function assertSessionsConsistent(db: string): void {
	withReader(db, reader => {
		const expected = reader.all(`SELECT session_id, min(ts) AS first_ts, max(ts) AS last_ts, min(id) AS first_id, max(id) AS last_id, count(*) AS events,
			sum(event = 'UserPromptSubmit') AS prompts, sum(event = 'PreToolUse') AS tool_calls, sum(status IN ('error', 'invalid')) AS errors
			FROM events WHERE session_id IS NOT NULL GROUP BY session_id ORDER BY session_id`);
		const actual = reader.all('SELECT session_id, first_ts, last_ts, first_id, last_id, events, prompts, tool_calls, errors FROM sessions ORDER BY session_id');
		assert.deepEqual(actual, expected);
	});
}

const textRows = (db: string, word: string) =>
	withReader(db, reader => reader.value<number>('SELECT count(*) FROM events_text WHERE events_text MATCH ?', [`"${word}"`]));
const count = (db: string, where = '1') => withReader(db, reader => reader.value<number>(`SELECT count(*) FROM events WHERE ${where}`)!);
const recordEvent = (i: number) =>
	Buffer.from(JSON.stringify({session_id: `live-${i % 3}`, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: {command: `echo live ${i}`}}));

test('prune --older-than deletes old events, their search text and fixes session summaries; --dry-run deletes nothing', t => {
	const {db, env} = setup(t, [...oldEvents(300, 40, 'old'), ...oldEvents(50, 2, 'new'), ...oldEvents(20, 40, 'mixed', 2), ...oldEvents(20, 1, 'mixed2', 2)]);
	const dry = runCli(['prune', '--older-than', '30d', '--dry-run'], {env});
	assert.equal(dry.status, 0, dry.stderr);
	assert.match(dry.stdout, /^would delete 320 events older than 30d/);
	assert.equal(count(db), 390);
	const pruned = runCli(['prune', '--older-than', '30d'], {env});
	assert.equal(pruned.status, 0, pruned.stderr);
	assert.match(pruned.stdout, /^deleted 320 events older than 30d/);
	assert.equal(count(db), 70);
	assert.equal(count(db, `ts < ${Date.now() - 30 * day}`), 0);
	assert.equal(textRows(db, 'oldword7'), 0, 'search text of pruned events is gone');
	assert.equal(textRows(db, 'newword7'), 1);
	assertSessionsConsistent(db);
	assert.equal(
		withReader(db, reader => reader.value("SELECT count(*) FROM sessions WHERE session_id LIKE 'old-%'")),
		0,
	);
	const usage = runCli(['prune'], {env});
	assert.equal(usage.status, 2);
	assert.match(usage.stderr, /^eyelet: give --older-than/);
	assert.match(runCli(['prune', '--older-than', 'soon'], {env}).stderr, /--older-than "soon" is not a duration/);
});

test('prune --keep-size brings the pages in use under the size, oldest first', t => {
	const {db, env} = setup(t, oldEvents(3000, 5, 'bulk', 30));
	const usedBytes = () =>
		withReader(
			db,
			reader => (reader.value<number>('PRAGMA page_count')! - reader.value<number>('PRAGMA freelist_count')!) * reader.value<number>('PRAGMA page_size')!,
		);
	const target = Math.floor(usedBytes() / 3);
	const result = runCli(['prune', '--keep-size', String(target)], {env});
	assert.equal(result.status, 0, result.stderr);
	const used = usedBytes();
	assert.ok(used <= target, `${used} bytes in use, target ${target}`);
	const left = count(db);
	assert.ok(left > 0 && left < 3000);
	// What is left is the newest.
	assert.equal(textRows(db, 'bulkword2999'), 1);
	assert.equal(textRows(db, 'bulkword0'), 0);
	assertSessionsConsistent(db);
});

test('prune and vacuum while recorders write: no event lost, summaries right', async t => {
	const {db, env} = setup(t, oldEvents(4000, 40, 'old', 40));
	const recorders = (from: number) => Array.from({length: 6}, (_, i) => runCliAsync(['record'], {env, input: recordEvent(from + i)}));
	const [pruned, ...recorded] = await Promise.all([runCliAsync(['prune', '--older-than', '30d'], {env}), ...recorders(0)]);
	assert.equal(pruned.status, 0, pruned.stderr);
	assert.ok(recorded.every(result => result.status === 0 && result.stdout === ''));
	const [vacuumed, ...recordedAgain] = await Promise.all([runCliAsync(['vacuum'], {env}), ...recorders(6)]);
	assert.equal(vacuumed.status, 0, vacuumed.stderr);
	assert.match(vacuumed.stdout, /events\.db: .* → /);
	assert.ok(recordedAgain.every(result => result.status === 0));
	// Anything a recorder could not write in its budget waits in the spool: drain it, then count.
	assert.equal(runCli(['drain'], {env}).status, 0);
	assert.equal(count(db, "session_id LIKE 'live-%'"), 12);
	assert.equal(count(db), 12);
	assertSessionsConsistent(db);
	assert.ok(statSync(db).size < 1024 * 1024, `vacuumed file is ${statSync(db).size} bytes`);
});

test('retention from config runs from the recorder: bounded per run, at most once an hour', t => {
	const dir0 = tempDir(t);
	mkdirSync(join(dir0, 'config', 'eyelet'), {recursive: true});
	const {db, env: base} = setup(t, oldEvents(450, 40, 'old', 5));
	const env = {...base, XDG_CONFIG_HOME: join(dir0, 'config')};
	writeFileSync(join(dir0, 'config', 'eyelet', 'config.json'), JSON.stringify({retention: {olderThan: '30d'}}));
	const meta = (key: string) => withReader(db, reader => reader.value<string>('SELECT value FROM meta WHERE key = ?', [key]));
	const old = () => count(db, "session_id LIKE 'old-%'");

	assert.equal(runCli(['record'], {env, input: recordEvent(0)}).status, 0);
	const afterOne = old();
	assert.ok(afterOne < 450 && afterOne >= 450 - 200, `one recorder run deleted ${450 - afterOne} (cap 200)`);
	assert.equal(meta('retention.pending'), '1');
	for (let run = 1; old() > 0 && run < 10; run++) assert.equal(runCli(['record'], {env, input: recordEvent(run)}).status, 0);
	assert.equal(old(), 0);
	if (meta('retention.pending') === '1') assert.equal(runCli(['record'], {env, input: recordEvent(99)}).status, 0);
	assert.equal(meta('retention.pending'), '0');
	const lastRun = Number(meta('retention.last_run'));
	assert.ok(Date.now() - lastRun < 60_000);
	assertSessionsConsistent(db);

	// Not due again within the hour: newly imported old events stay.
	const file = join(dir0, 'more.jsonl');
	writeFileSync(file, `${oldEvents(10, 40, 'later').join('\n')}\n`);
	assert.equal(runCli(['import', file], {env}).status, 0);
	assert.equal(runCli(['record'], {env, input: recordEvent(100)}).status, 0);
	assert.equal(count(db, "session_id LIKE 'later-%'"), 10);
	// An hour later it is.
	const writer = openWriter(db);
	writer.run("UPDATE meta SET value = ? WHERE key = 'retention.last_run'", [String(lastRun - 3_600_001)]);
	writer.close();
	assert.equal(runCli(['record'], {env, input: recordEvent(101)}).status, 0);
	assert.equal(count(db, "session_id LIKE 'later-%'"), 0);
	assert.match(runCli(['config'], {env}).stdout, /retention\.olderThan\s+30d\s+file/);
});

test('pruned events leave no text in the file: their prompts are not readable in the database or its WAL afterwards', t => {
	const old = oldEvents(3000, 40, 'gone');
	const {db, env} = setup(t, [...old, ...oldEvents(500, 1, 'kept')]);
	const pruned = runCli(['prune', '--older-than', '30d'], {env});
	assert.equal(pruned.status, 0, pruned.stderr);
	assert.match(pruned.stdout, /deleted 3,000 events/);
	// Payloads are JSONB: a string's bytes are stored as they are, so the words can be read straight off the file.
	const words = new Set(
		['', '-wal'].flatMap(suffix => {
			try {
				return (
					readFileSync(db + suffix)
						.toString('latin1')
						.match(/(?:gone|kept)word\d+/g) ?? []
				);
			} catch {
				return [];
			}
		}),
	);
	assert.deepEqual(
		[...words].filter(word => word.startsWith('gone')),
		[],
	);
	assert.ok(words.has('keptword499'), 'the events kept are still there to read');
});
