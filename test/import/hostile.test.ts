import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import Database from 'better-sqlite3';
import {runImport} from '../../source/import/run.js';
import {openWriter} from '../../source/store/db.js';
import {migrate} from '../../source/store/migrate.js';
import {fixtureLines, isolatedEnv, runCli, tempDir, withReader} from '../helpers.js';

const payloads = fixtureLines('claude-code-sessions.jsonl');

function setup(t: {after: (fn: () => void) => void}) {
	const dir = tempDir(t);
	const db = join(dir, 'events.db');
	return {dir, db, env: isolatedEnv(dir, {EYELET_DB: db})};
}

/** A Python eyelet database as someone else may have made it: its own `hooks`, table or not. */
function foreignDatabase(path: string, schema: string, rows: Array<[number, string | Buffer]> = []): void {
	const db = new Database(path);
	db.exec(schema);
	const insert = rows.length ? db.prepare('INSERT INTO hooks (id, timestamp, hostname, project_dir, data) VALUES (?, 1753823041.5, ?, ?, ?)') : null;
	for (const [id, data] of rows) insert!.run(id, 'host', '/p', data);
	db.close();
}

test('a hooks view (a recursive one never ends) is not imported; the other sources are', t => {
	const {dir, env} = setup(t);
	const hostile = join(dir, 'hostile.db');
	foreignDatabase(
		hostile,
		`CREATE VIEW hooks AS WITH RECURSIVE r(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM r)
		 SELECT id, 0 AS timestamp, NULL AS hostname, NULL AS project_dir, '{}' AS data FROM r`,
	);
	const file = join(dir, 'ok.jsonl');
	writeFileSync(file, `${payloads[0]}\n`);
	// Before the fix, counting that view never returned: the guard kills the import.
	const result = runCli(['import', hostile, file], {env, killAfterMs: 60_000});
	assert.equal(result.status, 1, result.stderr);
	assert.match(result.stdout, /hostile\.db: not imported: its "hooks" is a view, not a table: eyelet imports only tables/);
	assert.match(result.stdout, /ok\.jsonl \(JSONL\): 1 new/);
});

test('one malformed JSONB blob becomes an invalid event, and the rows after it are imported', t => {
	const {dir, db, env} = setup(t);
	const python = join(dir, 'python.db');
	const jsonb = (text: string) => {
		const memory = new Database(':memory:');
		const blob = memory.prepare('SELECT jsonb(?)').pluck().get(text) as Buffer;
		memory.close();
		return blob;
	};
	foreignDatabase(python, 'CREATE TABLE hooks (id INTEGER PRIMARY KEY, timestamp REAL, hostname TEXT, project_dir TEXT, data BLOB)', [
		[1, payloads[0]!],
		[2, jsonb(payloads[1]!)],
		[3, Buffer.from([0x8b, 0x01, 0x02])],
		[4, payloads[2]!],
		[5, jsonb(payloads[3]!)],
	]);
	const result = runCli(['import', python], {env});
	assert.equal(result.status, 0, result.stdout);
	assert.match(result.stdout, /^imported 5 events, skipped 0 duplicates, 1 invalid/);
	assert.match(result.stdout, /1 invalid, stored with status invalid: id 3/);
	assert.doesNotMatch(result.stdout, /stopped early/);
	withReader(db, reader => {
		assert.deepEqual(
			reader.all<{status: string; session_id: string | null}>('SELECT status, session_id FROM events ORDER BY id').map(row => row.status),
			['ok', 'ok', 'invalid', 'ok', 'ok'],
		);
		assert.deepEqual([...reader.value<Buffer>("SELECT raw FROM events WHERE status = 'invalid'")!], [0x8b, 0x01, 0x02]);
	});
});

test('a FIFO or a device given as a source is reported, not read (a read on it would never return)', t => {
	const {dir, env} = setup(t);
	const fifo = join(dir, 'pipe.jsonl');
	execFileSync('mkfifo', [fifo]);
	const result = runCli(['import', fifo, '/dev/zero'], {env, killAfterMs: 60_000});
	assert.equal(result.status, 1);
	assert.match(result.stdout, /pipe\.jsonl: not imported: not a regular file or a folder/);
	assert.match(result.stdout, /\/dev\/zero: not imported: not a regular file or a folder/);
});

test('an import whose reading thread sends nothing within the time bound stops with a one-line reason', async t => {
	const {dir, db} = setup(t);
	const file = join(dir, 'capture.jsonl');
	writeFileSync(file, `${payloads.join('\n')}\n`);
	const writer = openWriter(db);
	t.after(() => writer.close());
	migrate(writer);
	// Starting a thread alone takes longer than 1 ms: the bound is reached before its first message.
	const options = {paths: [file], redaction: {enabled: true, patterns: [], allow: []}, maxPayloadBytes: 1 << 20, custom: null, batchSize: 2500, stallMs: 1};
	await assert.rejects(runImport(writer, options), /^Error: no progress for 0 s reading .*capture\.jsonl$/);
});
