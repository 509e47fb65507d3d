import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {openReader, openWriter} from '../../source/store/db.js';
import {assertOwnDatabase, migrate} from '../../source/store/migrate.js';
import {isLocked, isStoreFailure, isTransient, storeErrorKind} from '../../source/store/sqlite-errors.js';
import {tempDir} from '../helpers.js';

/** What the callback throws, or a failure when it does not. */
function thrown(fn: () => unknown): unknown {
	try {
		fn();
	} catch (error) {
		return error;
	}
	return assert.fail('expected an error');
}

test('errors are classified from what SQLite and eyelet really throw', t => {
	const dir = tempDir(t);
	const path = join(dir, 'events.db');
	const holder = openWriter(path);
	const other = openWriter(path, {busyTimeoutMs: 1});
	t.after(() => {
		other.close();
		holder.close();
	});
	migrate(holder);
	holder.exec('BEGIN IMMEDIATE');
	const busy = thrown(() => other.run("INSERT INTO meta (key, value) VALUES ('k', 'v')"));
	holder.exec('ROLLBACK');
	assert.equal(storeErrorKind(busy), 'locked');
	assert.ok(isLocked(busy) && isTransient(busy) && isStoreFailure(busy));

	const garbage = join(dir, 'garbage.db');
	writeFileSync(garbage, 'this is not a database, though it is long enough to have a header of sorts'.repeat(100));
	const damaged = thrown(() => openReader(garbage).value('SELECT count(*) FROM sqlite_schema'));
	assert.equal(storeErrorKind(damaged), 'damaged');
	assert.ok(!isTransient(damaged) && isStoreFailure(damaged));

	const missing = thrown(() => openReader(join(dir, 'missing.db')));
	assert.equal(storeErrorKind(missing), 'cannot-open');

	const foreignPath = join(dir, 'foreign.db');
	const foreign = openWriter(foreignPath);
	foreign.exec('CREATE TABLE notes (body TEXT)');
	const refused = thrown(() => assertOwnDatabase(foreign));
	foreign.close();
	assert.equal(storeErrorKind(refused), 'refused');
	assert.ok(isStoreFailure(refused) && !isTransient(refused));

	const syntax = thrown(() => holder.run('SELEC 1'));
	assert.equal(storeErrorKind(syntax), 'sqlite');
	assert.equal(storeErrorKind(new TypeError('x is undefined')), 'other');
	assert.ok(!isStoreFailure(new TypeError('x is undefined')));
	assert.equal(storeErrorKind(null), 'other');
});
