import assert from 'node:assert/strict';
import {type ChildProcess, spawn} from 'node:child_process';
import {join} from 'node:path';
import {test} from 'node:test';
import {isTransient} from '../../source/store/sqlite-errors.js';
import {openWriter, type WriteDb} from '../../source/store/db.js';
import {migrations, schemaVersion} from '../../source/store/migrate.js';
import {applyTriage, recordTriage, triageRecord, undoTriage} from '../../source/store/triage.js';
import {databaseOf, sessionsFixture} from '../fixture-db.js';
import {root, withReader} from '../helpers.js';

const read = 'Read: File does not exist. Note: your current working directory is <path>';
const edit = 'Edit: String to replace not found in file.';

function writer(t: {after: (fn: () => void) => void}): WriteDb {
	const db = openWriter(databaseOf(t, sessionsFixture()));
	t.after(() => db.close());
	return db;
}

test('schemaVersion is the newest migration', () => {
	assert.equal(schemaVersion, migrations().at(-1)!.version);
});

test('a decision records the newest occurrence it covers; repeating it changes nothing', t => {
	const db = writer(t);
	const newest = db.value<number>('SELECT max(id) FROM events WHERE signature = ?', [read])!;
	const change = recordTriage(db, read, 'ack', {now: 1000})!;
	assert.deepEqual(change.before, null);
	assert.deepEqual(change.after, {signature: read, state: 'acknowledged', changedTs: 1000, seenId: newest});
	assert.equal(recordTriage(db, read, 'ack'), null);
	// Reopening what was never triaged is no change either.
	assert.equal(recordTriage(db, edit, 'reopen'), null);
	// The TUI passes what it showed; an older view never moves seenId back.
	assert.equal(recordTriage(db, read, 'resolve', {seenId: newest - 5})!.after!.seenId, newest);
	assert.equal(recordTriage(db, edit, 'mute', {seenId: 7})!.after!.seenId, 7);
});

test('undo walks back through the changes of every signature, newest first', t => {
	const db = writer(t);
	recordTriage(db, read, 'ack', {now: 1});
	recordTriage(db, edit, 'mute', {now: 2});
	recordTriage(db, read, 'resolve', {now: 3});
	assert.equal(undoTriage(db)!.after!.state, 'acknowledged');
	assert.equal(triageRecord(db, read)!.state, 'acknowledged');
	assert.equal(triageRecord(db, read)!.changedTs, 1);
	const unmuted = undoTriage(db)!;
	assert.deepEqual([unmuted.signature, unmuted.before!.state, unmuted.after], [edit, 'muted', null]);
	assert.equal(triageRecord(db, edit), null);
	// A change after an undo is undone first; then the walk goes on where it was.
	recordTriage(db, edit, 'resolve', {now: 4});
	assert.equal(undoTriage(db)!.signature, edit);
	assert.equal(undoTriage(db)!.signature, read);
	assert.equal(triageRecord(db, read), null);
	assert.equal(undoTriage(db), null);
});

test('undo of one signature leaves the others alone', t => {
	const db = writer(t);
	recordTriage(db, read, 'ack');
	recordTriage(db, edit, 'mute');
	assert.equal(undoTriage(db, {signature: read})!.signature, read);
	assert.equal(triageRecord(db, read), null);
	assert.equal(triageRecord(db, edit)!.state, 'muted');
	assert.equal(undoTriage(db, {signature: read}), null);
});

test('the undo log stays bounded', t => {
	const db = writer(t);
	for (let index = 0; index < 520; index++) recordTriage(db, read, index % 2 ? 'reopen' : 'ack', {seenId: index});
	assert.equal(db.value<number>('SELECT count(*) FROM triage_log'), 500);
});

/** A separate process that takes the write lock, says so, and keeps it for `ms`. */
function holdWriteLock(path: string, ms: number): Promise<ChildProcess> {
	const db = join(root, '.build', 'source', 'store', 'db.js');
	const script = `const {openWriter} = require(${JSON.stringify(db)}); const db = openWriter(${JSON.stringify(path)});
db.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`;
	const child = spawn(process.execPath, ['-e', script], {stdio: ['ignore', 'pipe', 'inherit']});
	return new Promise((resolve, reject) => {
		child.stdout.once('data', () => resolve(child));
		child.once('exit', code => reject(new Error(`lock holder exited ${code}`)));
	});
}

test('a triage write waits out a busy database with the retry rules, within its budget', async t => {
	const path = databaseOf(t, sessionsFixture());
	const holder = await holdWriteLock(path, 400);
	t.after(() => holder.kill());
	assert.equal(applyTriage(path, read, 'ack', {budgetMs: 10_000})!.after!.state, 'acknowledged');

	const stubborn = await holdWriteLock(path, 20_000);
	t.after(() => stubborn.kill());
	assert.throws(
		() => applyTriage(path, edit, 'mute', {budgetMs: 300}),
		(error: Error & {code?: string}) => isTransient(error),
	);
	assert.equal(
		withReader(path, db => triageRecord(db, edit)),
		null,
	);
});
