import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {openReader, openWriter} from '../../source/store/db.js';
import {tempDir} from '../helpers.js';

test('value() and get()/all() of the same SQL text each keep their own shape: the statement cache does not carry pluck over', t => {
	const path = join(tempDir(t), 'events.db');
	const writer = openWriter(path);
	t.after(() => writer.close());
	writer.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)');
	writer.run("INSERT INTO meta VALUES ('a', '1'), ('b', '2')");
	const sql = 'SELECT key, value FROM meta ORDER BY key';
	const reader = openReader(path);
	t.after(() => reader.close());
	for (const db of [writer, reader]) {
		assert.equal(db.value(sql), 'a');
		assert.deepEqual(db.get(sql), {key: 'a', value: '1'});
		assert.deepEqual(db.all(sql), [
			{key: 'a', value: '1'},
			{key: 'b', value: '2'},
		]);
		assert.equal(db.value(sql), 'a');
		assert.equal(db.value('SELECT count(*) FROM meta WHERE key > ?', ['a']), 1);
		assert.deepEqual(db.get('SELECT count(*) FROM meta WHERE key > ?', ['a']), {'count(*)': 1});
	}
});
