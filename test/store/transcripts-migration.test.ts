import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import Database from 'better-sqlite3';
import {openWriter} from '../../source/store/db.js';
import {migrate, migrations} from '../../source/store/migrate.js';
import {tempDir} from '../helpers.js';

/** A database as an earlier eyelet left it: every migration before 0008 applied, transcript heads stored raw. */
function beforeSchema8(path: string): void {
	const db = new Database(path);
	db.pragma('journal_mode = WAL');
	for (const {version, file} of migrations().filter(migration => migration.version < 8)) {
		db.exec(readFileSync(file, 'utf8'));
		db.pragma(`user_version = ${version}`);
	}
	const insert = db.prepare('INSERT INTO transcripts (path, position, file_id, head) VALUES (?, 0, ?, ?)');
	for (let n = 0; n < 300; n++)
		insert.run(`/home/u/.claude/projects/p/${n}.jsonl`, `1:${n}`, Buffer.from(`{"summary":"token OLDHEAD-SECRET-${n}"}`.padEnd(256, ' ')));
	db.close();
}

test('migration 0008 drops the transcript heads kept until then, and their bytes with them; the other columns stay', t => {
	const path = join(tempDir(t), 'events.db');
	beforeSchema8(path);
	assert.ok(readFileSync(path).includes('OLDHEAD-SECRET'), 'the old heads were stored raw');
	const db = openWriter(path);
	migrate(db);
	const columns = db.all<{name: string}>("SELECT name FROM pragma_table_info('transcripts')").map(row => row.name);
	assert.ok(!columns.includes('head'));
	assert.ok(columns.includes('head_sha256') && columns.includes('head_length'));
	assert.equal(db.value('SELECT count(*) FROM transcripts'), 300, 'how far each transcript was read is kept');
	assert.ok(columns.includes('deliveries') && columns.includes('rebuild_pending'), 'columns of later migrations stay');
	assert.equal(db.value("SELECT file_id FROM transcripts WHERE path = '/home/u/.claude/projects/p/7.jsonl'"), '1:7');
	db.close();
	const bytes = Buffer.concat([readFileSync(path), existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0)]);
	assert.equal(bytes.includes('OLDHEAD-SECRET'), false, 'no free page still holds a head');
});
