import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {spoolBacklog, spoolDirs} from '../../source/spool/spool.js';
import {openWriter} from '../../source/store/db.js';
import {migrate, migrations, schemaVersion} from '../../source/store/migrate.js';
import {isolatedEnv, parseJsonl, recordAll, runCli, runCliAsync, tempDir, withReader} from '../helpers.js';

const payload = (session: string, n: number) =>
	JSON.stringify({
		session_id: session,
		hook_event_name: 'PreToolUse',
		cwd: '/w',
		transcript_path: '/t',
		tool_name: 'Bash',
		tool_input: {command: `echo ${n}`},
		tool_use_id: `toolu_${session}_${n}`,
	});

test('schemaVersion names the newest migration file', () => {
	assert.equal(schemaVersion, migrations().at(-1)!.version);
});

test('recorders starting together on a missing database create it once and lose nothing', async t => {
	const dir = tempDir(t);
	const db = join(dir, 'fresh', 'events.db');
	const env = isolatedEnv(dir, {EYELET_DB: db});
	const payloads = Array.from({length: 24}, (_, n) => payload('race', n));
	const results = await recordAll(payloads, {env, parallel: 24});
	assert.deepEqual(
		results.map(r => [r.status, r.stdout]),
		payloads.map(() => [0, '']),
	);
	withReader(db, reader => {
		assert.equal(reader.value('PRAGMA user_version'), schemaVersion);
		assert.equal(reader.value('PRAGMA journal_mode'), 'wal');
		assert.equal(reader.value('SELECT count(*) FROM events'), payloads.length);
		assert.equal(reader.value("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'events'"), 1);
		const commands = reader
			.all<{c: string}>("SELECT payload ->> '$.tool_input.command' AS c FROM events")
			.map(row => row.c)
			.sort();
		assert.deepEqual(commands, payloads.map((_, n) => `echo ${n}`).sort());
	});
	assert.equal(spoolBacklog(db), 0, 'nothing needed the spool');
});

test('concurrent recorders on a busy database: exact row count', async t => {
	const dir = tempDir(t);
	const db = join(dir, 'events.db');
	const env = isolatedEnv(dir, {EYELET_DB: db});
	runCli(['record'], {input: payload('warm', 0), env});
	const payloads = Array.from({length: 40}, (_, n) => payload(`s${n % 4}`, n));
	const results = await recordAll(payloads, {env, parallel: 20});
	assert.ok(results.every(r => r.status === 0 && r.stdout === ''));
	withReader(db, reader => {
		assert.equal(reader.value('SELECT count(*) FROM events'), 41);
		assert.deepEqual(
			reader.all<{session_id: string; events: number}>("SELECT session_id, events FROM sessions WHERE session_id LIKE 's%' ORDER BY session_id"),
			[0, 1, 2, 3].map(n => ({session_id: `s${n}`, events: 10})),
			'the sessions summary counts every event',
		);
	});
});

test('a locked database: events go to the spool, then drain into the database', async t => {
	const dir = tempDir(t);
	const dbPath = join(dir, 'events.db');
	const env = isolatedEnv(dir, {EYELET_DB: dbPath});
	const holder = openWriter(dbPath);
	migrate(holder);
	holder.exec('BEGIN EXCLUSIVE');
	let released = false;
	t.after(() => {
		if (!released) holder.exec('ROLLBACK');
		holder.close();
	});
	const payloads = Array.from({length: 6}, (_, n) => payload('locked', n));
	const results = await recordAll(payloads, {env, args: ['--budget-ms', '300'], parallel: 6});
	assert.ok(
		results.every(r => r.status === 0 && r.stdout === '' && r.stderr === ''),
		'still silent, still exit 0',
	);
	assert.equal(spoolBacklog(dbPath), 6);
	const spooled = readdirSync(join(dir, 'spool'));
	assert.equal(spooled.length, 6);
	assert.match(readFileSync(join(dir, 'eyelet.log'), 'utf8'), /spooled to/);

	holder.exec('ROLLBACK');
	released = true;
	const drain = runCli(['drain'], {env});
	assert.equal(drain.status, 0, drain.stderr);
	assert.match(drain.stdout, /drained 6 event/);
	assert.equal(spoolBacklog(dbPath), 0);
	const rows = parseJsonl(runCli(['query'], {env}).stdout);
	assert.deepEqual(rows.map(row => row['payload'].tool_input.command).sort(), payloads.map((_, n) => `echo ${n}`).sort());
	assert.equal(runCli(['drain'], {env}).stdout.trim(), 'spool is empty');
});

test('a later recorder drains the spool on its own', async t => {
	const dir = tempDir(t);
	const dbPath = join(dir, 'events.db');
	const env = isolatedEnv(dir, {EYELET_DB: dbPath});
	// A file that is not a database: opening fails, so events spool.
	writeFileSync(dbPath, 'this is not a SQLite database, it is corrupt'.repeat(200));
	const results = await recordAll([payload('c', 1), payload('c', 2), 'not json either'], {env, parallel: 1});
	assert.ok(results.every(r => r.status === 0 && r.stdout === ''));
	assert.equal(spoolBacklog(dbPath), 3);
	// The user replaces the broken file; the next hook moves everything in.
	writeFileSync(dbPath, '');
	const next = await runCliAsync(['record'], {input: payload('c', 3), env});
	assert.equal(next.status, 0);
	assert.equal(spoolBacklog(dbPath), 0);
	withReader(dbPath, reader => {
		assert.equal(reader.value('SELECT count(*) FROM events'), 4);
		assert.equal(reader.value("SELECT count(*) FROM events WHERE status = 'invalid'"), 1, 'invalid input survives the spool too');
	});
});

test('when the database folder cannot be created, the event is kept in the private fallback spool', t => {
	const dir = tempDir(t);
	const blocker = join(dir, 'a-file');
	writeFileSync(blocker, 'x');
	const dbPath = join(blocker, 'events.db');
	t.after(() => rmSync(spoolDirs(dbPath)[1]!, {recursive: true, force: true}));
	const result = runCli(['record', '--db', dbPath], {input: payload('f', 1), env: isolatedEnv(dir)});
	assert.equal(result.status, 0);
	assert.equal(result.stdout, '');
	assert.equal(spoolBacklog(dbPath), 1);
	assert.ok(!existsSync(join(blocker, 'spool')));
});

test('--strict reports an event that could only be spooled', t => {
	const dir = tempDir(t);
	const blocker = join(dir, 'a-file');
	writeFileSync(blocker, 'x');
	t.after(() => rmSync(spoolDirs(join(blocker, 'events.db'))[1]!, {recursive: true, force: true}));
	const result = runCli(['record', '--strict', '--db', join(blocker, 'events.db')], {input: payload('f', 1), env: isolatedEnv(dir)});
	assert.equal(result.status, 1);
});
