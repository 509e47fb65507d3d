import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {openReader, openWriter} from '../../source/store/db.js';
import {adjacentError, countErrors, errorGroups, findSignature, groupId, groupOccurrences, AmbiguousGroupError} from '../../source/store/error-groups.js';
import {insertEvents} from '../../source/store/insert.js';
import {schemaVersion} from '../../source/store/migrate.js';
import {countSessions, listSessions, sessionById} from '../../source/store/sessions.js';
import {applyTriage, recordTriage} from '../../source/store/triage.js';
import {databaseOf, documentedFixture, recordOf, sessionsFixture} from '../fixture-db.js';
import {root, tempDir, withReader} from '../helpers.js';

const readMissing = 'Read: File does not exist. Note: your current working directory is <path>';
const editRejected = 'Edit: String to replace not found in file.';

const failure = (tool: string, error: string, sessionId = 'later-session') => ({
	session_id: sessionId,
	hook_event_name: 'PostToolUseFailure',
	tool_name: tool,
	tool_input: {file_path: '/srv/x.txt'},
	tool_use_id: `toolu_${Math.random().toString(36).slice(2)}`,
	error,
});

function add(path: string, payloads: Array<Record<string, unknown>>, ts = Date.now()): void {
	const db = openWriter(path);
	try {
		insertEvents(
			db,
			payloads.map((payload, index) => recordOf(payload, ts + index, '/srv/other')),
		);
	} finally {
		db.close();
	}
}

const bySignature = (path: string, options = {}) => withReader(path, db => new Map(errorGroups(db, options).groups.map(group => [group.signature, group])));

test('failures group by signature with counts, sessions, projects and first/last seen', t => {
	const path = databaseOf(t, [...sessionsFixture(), ...documentedFixture()]);
	const {groups, mutedHidden} = withReader(path, db => errorGroups(db));
	assert.equal(groups.length, 11);
	assert.equal(mutedHidden, 0);
	const edit = groups.find(group => group.signature === editRejected)!;
	assert.deepEqual([edit.occurrences, edit.fresh, edit.sessions, edit.projects, edit.state, edit.regression], [2, 2, 2, 2, 'open', false]);
	assert.ok(edit.firstTs < edit.lastTs && edit.firstId < edit.lastId);
	assert.equal(edit.lastSummary, 'String to replace not found in file. ← /home/dana/src/acme-api/src/app.ts');
	assert.equal(edit.id, groupId(editRejected));
	assert.match(edit.id, /^[0-9a-f]{8}$/);
	// Untriaged groups all have new occurrences: newest first.
	assert.deepEqual(
		groups.map(group => group.lastId),
		groups.map(group => group.lastId).sort((a, b) => b - a),
	);
	assert.deepEqual(countErrors(groups), {groups: 11, occurrences: 12, fresh: 12, regressions: 0});
});

test('the sparkline counts occurrences per bucket of its window', t => {
	const start = Date.UTC(2026, 0, 1);
	const path = databaseOf(t, sessionsFixture(), {start});
	// 53 events one second apart: ten-second buckets over the first minute.
	const {groups, window} = withReader(path, db => errorGroups(db, {sparkline: {until: start + 60_000, bucketMs: 10_000, buckets: 6}}));
	assert.deepEqual(window, {since: start, bucketMs: 10_000, buckets: 6});
	for (const group of groups) {
		assert.equal(group.sparkline.length, 6);
		assert.equal(
			group.sparkline.reduce((a, b) => a + b),
			group.occurrences,
		);
		assert.equal(group.sparkline[Math.floor((group.lastTs - start) / 10_000)]! > 0, true);
	}
	const outside = withReader(path, db => errorGroups(db, {sparkline: {until: start - 1, bucketMs: 10_000, buckets: 6}}));
	assert.ok(outside.groups.every(group => group.sparkline.every(count => count === 0)));
});

test('acknowledged groups count only later occurrences as new, and sort after those with new ones', t => {
	const path = databaseOf(t, sessionsFixture());
	applyTriage(path, readMissing, 'ack');
	let read = bySignature(path).get(readMissing)!;
	assert.deepEqual([read.state, read.fresh, read.occurrences], ['acknowledged', 0, 1]);
	assert.equal(
		withReader(path, db => errorGroups(db).groups.at(-1)!.signature),
		readMissing,
	);

	add(path, [failure('Read', 'File does not exist. Note: your current working directory is /srv/other.')]);
	read = bySignature(path).get(readMissing)!;
	assert.deepEqual([read.state, read.fresh, read.occurrences, read.sessions], ['acknowledged', 1, 2, 2]);
	assert.equal(
		withReader(path, db => errorGroups(db).groups[0]!.signature),
		readMissing,
	);
});

test('a new occurrence after resolve reopens the group as a regression, sorted first', t => {
	const path = databaseOf(t, sessionsFixture());
	applyTriage(path, editRejected, 'resolve');
	assert.deepEqual([bySignature(path).get(editRejected)!.state, bySignature(path).get(editRejected)!.regression], ['resolved', false]);
	add(path, [failure('Edit', 'String to replace not found in file.\nString: other text')]);
	const {groups} = withReader(path, db => errorGroups(db));
	assert.deepEqual([groups[0]!.signature, groups[0]!.state, groups[0]!.regression, groups[0]!.fresh], [editRejected, 'open', true, 1]);
	assert.equal(countErrors(groups).regressions, 1);
	// Acknowledging the regression settles it.
	applyTriage(path, editRejected, 'ack');
	const settled = bySignature(path).get(editRejected)!;
	assert.deepEqual([settled.state, settled.regression, settled.fresh], ['acknowledged', false, 0]);
});

test('muted groups are hidden from the list and the counts unless asked for', t => {
	const path = databaseOf(t, sessionsFixture());
	applyTriage(path, readMissing, 'mute');
	const hidden = withReader(path, db => errorGroups(db));
	assert.equal(hidden.mutedHidden, 1);
	assert.ok(!hidden.groups.some(group => group.signature === readMissing));
	const all = withReader(path, db => errorGroups(db, {includeMuted: true}));
	assert.equal(all.groups.at(-1)!.signature, readMissing);
	assert.equal(all.groups.at(-1)!.state, 'muted');
	assert.equal(countErrors(all.groups).groups, hidden.groups.length);
	// A muted group stays muted when it happens again.
	add(path, [failure('Read', 'File does not exist. Note: your current working directory is /x.')]);
	assert.equal(bySignature(path, {includeMuted: true}).get(readMissing)!.state, 'muted');
});

test('occurrences page by id, newest first', t => {
	const path = databaseOf(t, sessionsFixture());
	add(
		path,
		Array.from({length: 5}, (_, index) => failure('Read', `File does not exist. Note: your current working directory is /p${index}.`)),
	);
	withReader(path, db => {
		const first = groupOccurrences(db, readMissing, {limit: 4});
		const rest = groupOccurrences(db, readMissing, {beforeId: first.at(-1)!.id, limit: 4});
		const ids = [...first, ...rest].map(row => row.id);
		assert.equal(ids.length, 6);
		assert.deepEqual(
			ids,
			[...ids].sort((a, b) => b - a),
		);
		assert.ok([...first, ...rest].every(row => row.signature === readMissing && row.status === 'error'));
	});
});

test('next and previous error from a stream position skip muted groups and follow the filter', t => {
	const path = databaseOf(t, sessionsFixture());
	const errors = withReader(path, db => db.all<{id: number; tool: string | null}>("SELECT id, tool FROM events WHERE status = 'error' ORDER BY id"));
	assert.equal(errors.length, 4);
	withReader(path, db => {
		assert.equal(adjacentError(db, 0, 'next')!.id, errors[0]!.id);
		assert.equal(adjacentError(db, errors[1]!.id, 'next')!.id, errors[2]!.id);
		assert.equal(adjacentError(db, errors[1]!.id, 'previous')!.id, errors[0]!.id);
		assert.equal(adjacentError(db, errors[3]!.id, 'next'), undefined);
		assert.equal(adjacentError(db, 0, 'next', {filter: {tool: 'Bash'}})!.tool, 'Bash');
	});
	applyTriage(path, readMissing, 'mute');
	withReader(path, db => {
		const read = errors.find(error => error.tool === 'Read')!;
		assert.notEqual(adjacentError(db, read.id - 1, 'next')!.id, read.id);
		assert.equal(adjacentError(db, read.id - 1, 'next', {includeMuted: true})!.id, read.id);
	});
});

test('a group is found by its signature, its id or a prefix of it, and a shared prefix is refused', t => {
	// Two signatures whose ids share their first four hex digits.
	const seen = new Map<string, string>();
	let pair: [string, string] | null = null;
	for (let index = 0; !pair; index++) {
		const signature = `Bash: Exit code <n>: failure number ${index.toString(36)}x`;
		const prefix = groupId(signature).slice(0, 4);
		const other = seen.get(prefix);
		if (other) pair = [other, signature];
		seen.set(prefix, signature);
	}
	const path = databaseOf(t, sessionsFixture());
	const db = openWriter(path);
	insertEvents(
		db,
		pair.map((signature, index) => ({...recordOf(failure('Bash', 'x'), Date.now() + index), signature})),
	);
	db.close();
	withReader(path, reader => {
		assert.equal(findSignature(reader, readMissing), readMissing);
		assert.equal(findSignature(reader, groupId(readMissing)), readMissing);
		assert.equal(findSignature(reader, groupId(readMissing).slice(0, 5).toUpperCase()), readMissing);
		assert.equal(findSignature(reader, 'ffffffff'.replace(/./g, '0')), null);
		assert.equal(findSignature(reader, groupId(pair![1])), pair![1]);
		assert.throws(() => findSignature(reader, groupId(pair![0]).slice(0, 4)), AmbiguousGroupError);
	});
});

test('a reader of a schema-1 database sees groups, and sees triage once a writer migrates', t => {
	const path = join(tempDir(t), 'old.db');
	const writer = openWriter(path);
	writer.pragma('journal_mode = WAL');
	writer.exec(readFileSync(join(root, 'migrations', '0001-initial.sql'), 'utf8'));
	writer.pragma('user_version = 1');
	insertEvents(
		writer,
		sessionsFixture().map((payload, index) => recordOf(payload, Date.now() + index)),
	);
	writer.close();

	const reader = openReader(path);
	t.after(() => reader.close());
	const before = errorGroups(reader);
	assert.equal(before.groups.length, 4);
	assert.ok(before.groups.every(group => group.state === 'open' && group.triage === null));
	// The write migrates to schema 2 and records; the reader, opened before, sees both on its next query.
	applyTriage(path, readMissing, 'ack');
	const after = errorGroups(reader).groups.find(group => group.signature === readMissing)!;
	assert.equal(after.state, 'acknowledged');
	assert.equal(reader.value('PRAGMA user_version'), schemaVersion);
	assert.equal(reader.value<number>('SELECT count(*) FROM error_occurrences'), 4);
});

test('pruned occurrences leave their group; the decision stays for when it comes back', t => {
	const path = databaseOf(t, sessionsFixture());
	applyTriage(path, readMissing, 'resolve');
	const db = openWriter(path);
	db.run('DELETE FROM events WHERE signature = ?', [readMissing]);
	db.close();
	assert.equal(bySignature(path).has(readMissing), false);
	add(path, [failure('Read', 'File does not exist. Note: your current working directory is /again.')]);
	const back = bySignature(path).get(readMissing)!;
	assert.deepEqual([back.occurrences, back.state, back.regression], [1, 'open', true]);
	const writer = openWriter(path);
	assert.equal(recordTriage(writer, readMissing, 'resolve')?.after?.state, 'resolved');
	writer.close();
});

test("muted groups leave the sessions' error counts", t => {
	const path = databaseOf(t, sessionsFixture());
	const parallel = '31f3f850-c370-44fb-a450-4d6f08074c9d';
	const errorsOf = () =>
		withReader(path, db => listSessions(db, {sort: 'errors'}).map(session => [session.sessionId.slice(0, 8), session.errors, session.mutedErrors]));
	assert.deepEqual(errorsOf(), [
		['e7f49d83', 2, 0],
		['31f3f850', 2, 0],
		['3a09b9e4', 0, 0],
	]);
	applyTriage(path, readMissing, 'mute');
	assert.deepEqual(errorsOf(), [
		['e7f49d83', 2, 0],
		['31f3f850', 1, 1],
		['3a09b9e4', 0, 0],
	]);
	applyTriage(path, 'Bash: Exit code <n> from exit', 'mute');
	withReader(path, db => {
		assert.deepEqual(
			listSessions(db, {filter: {withErrors: true}}).map(session => session.sessionId),
			['e7f49d83-0a91-4fd7-b39a-682579be91b2'],
		);
		assert.equal(countSessions(db, {withErrors: true}), 1);
		assert.equal(sessionById(db, parallel)!.mutedErrors, 2);
	});
});
