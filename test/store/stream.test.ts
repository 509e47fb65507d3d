import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {before, test} from 'node:test';
import {DemoRecorder} from '../../source/demo/record.js';
import {openWriter} from '../../source/store/db.js';
import {eventPage, type EventFilter} from '../../source/store/events.js';
import {distinctValues, eventCount, minuteCountsAfter, minuteCountsSince, recentSessions, streamPage} from '../../source/store/stream.js';
import {ViewerReader} from '../../source/tui/viewer-reader.js';
import {fixtureLines, root, tempDir, withReader} from '../helpers.js';

let dir = '';
let db = '';

before(async () => {
	dir = tempDir({after: fn => process.on('exit', fn)});
	db = join(dir, 'events.db');
	// The built copy finds migrations/ beside it; the test build does not.
	const {buildDemoDatabase} = (await import(join(root, 'dist', 'demo', 'record.js'))) as typeof import('../../source/demo/record.js');
	// Ending two hours ago: the sparkline's half hour starts empty.
	buildDemoDatabase(db, join(dir, 'projects'), {count: 3000, seed: 3, endTs: Date.now() - 7_200_000});
});

const ids = (rows: Array<{id: number}>) => rows.map(row => row.id);

test('streamPage pages by id both ways and agrees with eventPage, text search included', () => {
	withReader(db, reader => {
		const filters: EventFilter[] = [
			{},
			{tool: 'Bash'},
			{statuses: ['error', 'invalid']},
			{search: 'npm test'},
			{search: 'npm test', event: 'PreToolUse'},
			{search: 'ok'},
			{project: 'webapp'},
		];
		for (const filter of filters) {
			const newest = streamPage(reader, filter, {limit: 50});
			assert.deepEqual(ids(newest), ids(eventPage(reader, filter, {limit: 50})), JSON.stringify(filter));
			assert.ok(newest.length > 0, `${JSON.stringify(filter)} should match something`);
			const older = streamPage(reader, filter, {beforeId: newest.at(-1)!.id, limit: 50});
			assert.deepEqual(ids(older), ids(eventPage(reader, filter, {beforeId: newest.at(-1)!.id, limit: 50})));
			const after = streamPage(reader, filter, {afterId: 100, limit: 20});
			assert.deepEqual(ids(after), ids(eventPage(reader, filter, {afterId: 100, limit: 20})));
		}
	});
});

test('a time window bounds paging by its first id and still returns what eventPage returns', () => {
	withReader(db, reader => {
		const times = reader.all<{ts: number}>('SELECT ts FROM events ORDER BY id').map(row => row.ts);
		// The window slides with the clock between calls: start it in the middle of a quiet stretch so
		// those few milliseconds cannot move an event across its edge.
		const edge = times.findIndex((ts, index) => index > 2100 && ts - times[index - 1]! > 3000);
		assert.ok(edge > 0);
		const since = times[edge - 1]! + (times[edge]! - times[edge - 1]!) / 2;
		const source = new ViewerReader(db);
		assert.equal(source.connect().kind, 'ready');
		const filters = [{kind: 'window' as const, value: String(Date.now() - since), label: 'window'}];
		const tail = source.page({kind: 'tail', seq: 1}, filters);
		const filter = {since: Date.now() - Number(filters[0]!.value)};
		assert.deepEqual(ids(tail.rows), ids(eventPage(reader, filter, {limit: 500})).reverse());
		const older = source.page({kind: 'older', seq: 2, beforeId: tail.rows[0]!.id}, filters);
		assert.deepEqual(ids(older.rows), ids(eventPage(reader, filter, {beforeId: tail.rows[0]!.id, limit: 500})).reverse());
		assert.ok(older.rows.length < 500, 'the window ends before a full page');
		const head = source.page({kind: 'head', seq: 3}, filters);
		assert.deepEqual(ids(head.rows), ids(eventPage(reader, filter, {afterId: 0, limit: 500})));
		const empty = source.page({kind: 'tail', seq: 4}, [{kind: 'window', value: '1000', label: 'window'}]);
		assert.deepEqual(empty.rows, []);
		source.close();
	});
});

test('distinct values by skip-scan match a plain DISTINCT; sessions come from the summary table', () => {
	withReader(db, reader => {
		for (const column of ['event', 'tool', 'project'] as const) {
			const plain = reader.all<{v: string}>(`SELECT DISTINCT ${column} AS v FROM events WHERE ${column} IS NOT NULL ORDER BY v`).map(row => row.v);
			assert.deepEqual(distinctValues(reader, column), plain);
		}
		const sessions = recentSessions(reader);
		assert.equal(sessions.length, reader.value<number>('SELECT count(*) FROM sessions'));
		assert.ok(sessions.every((session, index) => index === 0 || sessions[index - 1]!.last_ts >= session.last_ts));
	});
});

test('minute counts add up to the rows they cover', () => {
	withReader(db, reader => {
		const total = eventCount(reader);
		assert.equal(
			minuteCountsSince(reader, 0).reduce((sum, minute) => sum + minute.events, 0),
			total,
		);
		assert.equal(
			minuteCountsAfter(reader, total - 10).reduce((sum, minute) => sum + minute.events, 0),
			10,
		);
	});
});

test('ViewerReader: missing, empty and damaged databases are reported, never thrown', () => {
	assert.equal(new ViewerReader(join(dir, 'nope.db')).connect().kind, 'missing');
	const empty = join(dir, 'empty.db');
	openWriter(empty).close();
	assert.equal(new ViewerReader(empty).connect().kind, 'empty');
	const broken = join(dir, 'broken.db');
	writeFileSync(broken, 'this is not a database at all, just some text that is long enough to be read'.repeat(100));
	const connection = new ViewerReader(broken).connect();
	assert.equal(connection.kind, 'failing');
	assert.match(connection.kind === 'failing' ? connection.message : '', /damaged or foreign database \(file is not a database\); retrying/);
	assert.doesNotMatch(connection.kind === 'failing' ? connection.message : '', /\n/);
});

test('ViewerReader: a poll returns rows recorded after the last id seen, and the stats keep count without recounting', () => {
	const source = new ViewerReader(db);
	assert.equal(source.connect().kind, 'ready');
	const tail = source.page({kind: 'tail', seq: 1}, []);
	assert.equal(source.stats().total, 3000);
	const writer = openWriter(db);
	const recorder = new DemoRecorder();
	const payloads = fixtureLines('claude-code-sessions.jsonl')
		.slice(0, 5)
		.map(line => JSON.parse(line) as Record<string, unknown>);
	recorder.write(
		writer,
		payloads.map(payload => ({event: {payload, project: '/home/dev/webapp'}, ts: Date.now()})),
	);
	writer.close();
	const polled = source.poll(tail.lastSeenId!, []);
	assert.equal(polled.rows.length, 5);
	assert.equal(polled.lastSeenId, tail.lastSeenId! + 5);
	assert.equal(source.stats().total, 3005);
	assert.equal(
		source.stats().perMinute.reduce((sum, n) => sum + n, 0),
		5,
	);
	const errors = source.poll(tail.lastSeenId!, [{kind: 'errors', value: '1', label: 'errors only'}]);
	assert.ok(errors.rows.every(row => row.status === 'error' || row.status === 'invalid'));
	assert.equal(errors.lastSeenId, tail.lastSeenId! + 5, 'the poll moves past rows that do not match');
	const payload = source.payload(polled.rows[0]!.id);
	assert.ok(typeof payload === 'object' && payload.payload?.includes('SessionStart'));
	assert.equal(source.payload(10_000_000), 'missing');
	source.close();
});
