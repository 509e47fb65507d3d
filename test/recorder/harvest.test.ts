import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {appendFileSync, closeSync, openSync, readdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test, type TestContext} from 'node:test';
import {harvestTranscript} from '../../source/recorder/harvest.js';
import {readLines} from '../../source/recorder/transcript-lines.js';
import type {WriteDb} from '../../source/store/db.js';
import {migrations, schemaVersion} from '../../source/store/migrate.js';
import {transcriptState} from '../../source/store/transcripts.js';
import {backfillOptions, basicSession, basicTranscript, blockedTranscript, fixturePath, freshDb, guardCommand, lintCommand} from '../harvest-helpers.js';
import {fixtureLines, tempDir} from '../helpers.js';

interface FailureRow {
	source_key: string;
	ts: number;
	status: string;
	origin: string;
	event: string;
	session_id: string;
	tool: string;
	tool_use_id: string;
	project: string;
	git_branch: string;
	command: string;
	exit_code: number | null;
	blocking: number;
	hook_name: string;
}

function failureRows(db: WriteDb): FailureRow[] {
	return db.all<FailureRow>(`SELECT source_key, ts, status, origin, event, session_id, tool, tool_use_id, project, git_branch,
  payload ->> '$.command' AS command, payload ->> '$.exit_code' AS exit_code, payload ->> '$.blocking' AS blocking, payload ->> '$.hook_name' AS hook_name
FROM events ORDER BY ts, id`);
}

const count = (db: WriteDb) => db.value<number>('SELECT count(*) FROM events')!;

function setup(t: TestContext, lines: string[] = []) {
	const dir = tempDir(t);
	const db = freshDb(dir);
	t.after(() => db.close());
	const path = join(dir, `${basicSession}.jsonl`);
	writeFileSync(path, lines.map(line => `${line}\n`).join(''));
	return {dir, db, path};
}

test('schemaVersion is the newest migration', () => {
	assert.equal(schemaVersion, migrations().at(-1)!.version);
	assert.ok(readdirSync(join(fixturePath('..'), '..', 'migrations')).includes('0003-harvest.sql'));
});

test('the b12bee6b transcript gives exactly its four failures, as HookFailure error rows', t => {
	const {db, path} = setup(t, fixtureLines(basicTranscript));
	const result = harvestTranscript(db, path, backfillOptions());
	assert.deepEqual([result.outcome, result.found, result.added, result.malformed, result.restarted], ['read', 4, 4, 0, false]);
	assert.equal(result.position, readFileSync(path).length);
	assert.deepEqual(
		failureRows(db).map(row => [
			row.source_key,
			row.event,
			row.status,
			row.origin,
			row.tool,
			row.tool_use_id,
			row.command,
			row.exit_code,
			row.blocking,
			row.hook_name,
		]),
		[
			[
				'harvest:6ce26b8c-f62c-45ee-bcd0-d4ead92f34cd',
				'HookFailure',
				'error',
				'harvest',
				'Bash',
				'toolu_basic_0_1_1959937855699',
				guardCommand,
				1,
				0,
				'PreToolUse:Bash',
			],
			[
				'harvest:8b4314ca-4349-43f8-aabb-f05abef2c81f',
				'HookFailure',
				'error',
				'harvest',
				'Bash',
				'toolu_basic_1_0_1960044371084',
				guardCommand,
				1,
				0,
				'PreToolUse:Bash',
			],
			[
				'harvest:2a03148f-26a4-4aae-9397-aee5252fc553',
				'HookFailure',
				'error',
				'harvest',
				'Write',
				'toolu_basic_2_0_1960102745804',
				lintCommand,
				null,
				1,
				'PostToolUse:Write',
			],
			[
				'harvest:28a9dcee-cab9-4ddc-8eaa-71dfb46dcebe',
				'HookFailure',
				'error',
				'harvest',
				'Edit',
				'toolu_basic_4_0_1960215012449',
				lintCommand,
				null,
				1,
				'PostToolUse:Edit',
			],
		],
	);
	const first = failureRows(db)[0]!;
	assert.deepEqual(
		[first.ts, first.session_id, first.project, first.git_branch],
		[Date.parse('2026-11-27T22:07:43.736Z'), basicSession, '/home/dev/webapp', 'main'],
	);
	const session = db.get<{events: number; errors: number}>('SELECT events, errors FROM sessions WHERE session_id = ?', [basicSession]);
	assert.deepEqual({...session}, {events: 4, errors: 4});
});

test('the c50c2b0a transcript gives exactly its two PreToolUse blocks and two lint blocks', t => {
	const {db, path} = setup(t, fixtureLines(blockedTranscript));
	assert.equal(harvestTranscript(db, path, backfillOptions()).added, 4);
	assert.deepEqual(
		failureRows(db).map(row => [row.tool_use_id, row.hook_name, row.command, row.exit_code, row.blocking]),
		[
			['toolu_basic_0_1_1960974929073', 'PreToolUse:Bash', guardCommand, null, 1],
			['toolu_basic_1_0_1961054982462', 'PreToolUse:Bash', guardCommand, null, 1],
			['toolu_basic_2_0_1961089476867', 'PostToolUse:Write', lintCommand, null, 1],
			['toolu_basic_4_0_1961230813362', 'PostToolUse:Edit', lintCommand, null, 1],
		],
	);
});

test('re-harvesting adds nothing and writes nothing; an appended transcript yields only the new failures', t => {
	const lines = fixtureLines(basicTranscript);
	const {db, path} = setup(t, lines.slice(0, 8)); // up to the second guard failure
	assert.equal(harvestTranscript(db, path, backfillOptions()).added, 2);
	const state = transcriptState(db, path)!;
	const again = harvestTranscript(db, path, backfillOptions());
	assert.deepEqual([again.outcome, again.found, again.added], ['unchanged', 0, 0]);
	assert.deepEqual(transcriptState(db, path), state);

	appendFileSync(
		path,
		lines
			.slice(8)
			.map(line => `${line}\n`)
			.join(''),
	);
	const grown = harvestTranscript(db, path, backfillOptions());
	assert.deepEqual([grown.outcome, grown.from, grown.found, grown.added], ['read', state.position, 2, 2]);
	assert.deepEqual(
		failureRows(db).map(row => row.tool),
		['Bash', 'Bash', 'Write', 'Edit'],
	);
	assert.equal(transcriptState(db, path)!.failures, 4);
});

test('a half-written last line waits for the rest', t => {
	const lines = fixtureLines(basicTranscript);
	const {db, path} = setup(t, lines.slice(0, 3));
	const failure = lines[3]!;
	appendFileSync(path, failure.slice(0, 200));
	const partial = harvestTranscript(db, path, backfillOptions());
	assert.deepEqual([partial.found, partial.malformed], [0, 0]);
	assert.equal(partial.position, Buffer.byteLength(lines.slice(0, 3).join('\n')) + 1);
	appendFileSync(path, `${failure.slice(200)}\n`);
	const rest = harvestTranscript(db, path, backfillOptions());
	assert.deepEqual([rest.from, rest.found, rest.added, rest.malformed], [partial.position, 1, 1, 0]);
});

test('malformed lines are skipped and counted, and the failures around them still found', t => {
	const lines = fixtureLines(basicTranscript);
	const garbage = ['not json at all', '{"uuid": "x", "attachment": {"type": "hook_blocking_error"', '["hook_blocking_error", 1]', '\u0000\u00ff{', '   ', ''];
	const {db, path} = setup(t, [...lines.slice(0, 5), ...garbage, ...lines.slice(5)]);
	writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.from([0xff, 0xfe, 0x7b, 0x0a])])); // invalid UTF-8
	const result = harvestTranscript(db, path, backfillOptions());
	assert.deepEqual([result.found, result.added, result.malformed], [4, 4, 5]);
	assert.equal(transcriptState(db, path)!.malformed, 5);
});

test('a transcript that shrank, was rewritten in place, or was replaced is read again from the start, without duplicates', t => {
	const lines = fixtureLines(basicTranscript);
	const {dir, db, path} = setup(t, lines);
	assert.equal(harvestTranscript(db, path, backfillOptions()).added, 4);

	// Shrank: cut to the first failure, plus one failure never seen before.
	const fresh = lines[6]!.replace('8b4314ca-4349-43f8-aabb-f05abef2c81f', '99999999-4349-43f8-aabb-f05abef2c81f');
	writeFileSync(path, [...lines.slice(0, 4), fresh].map(line => `${line}\n`).join(''));
	const shrunk = harvestTranscript(db, path, backfillOptions());
	assert.deepEqual([shrunk.restarted, shrunk.from, shrunk.found, shrunk.added], [true, 0, 2, 1]);

	// Rewritten in place, longer than before but with other first bytes (same inode).
	const rewritten = [lines[3]!.replace('"parentUuid"', '"parentUuid" '), ...lines].map(line => `${line}\n`).join('');
	writeFileSync(path, rewritten);
	const inPlace = harvestTranscript(db, path, backfillOptions());
	assert.deepEqual([inPlace.restarted, inPlace.found, inPlace.added], [true, 5, 0]);

	// Replaced by another file (new inode) of the same content.
	const other = join(dir, 'other.jsonl');
	writeFileSync(other, rewritten);
	renameSync(other, path);
	const replaced = harvestTranscript(db, path, backfillOptions());
	assert.deepEqual([replaced.restarted, replaced.added], [true, 0]);
	assert.equal(count(db), 5);
	assert.deepEqual([transcriptState(db, path)!.restarts, transcriptState(db, path)!.failures], [3, 5]);
	assert.deepEqual(harvestTranscript(db, path, backfillOptions()).outcome, 'unchanged');
});

test('a run is bounded in bytes and time; the rest is read by the next runs', t => {
	const {db, path} = setup(t, fixtureLines(basicTranscript));
	const size = readFileSync(path).length;
	const late = harvestTranscript(db, path, backfillOptions({deadline: Date.now() - 1}));
	assert.deepEqual([late.position, late.found], [0, 0]);
	const positions: number[] = [];
	let found = 0;
	for (let run = 0; run < 50 && positions.at(-1) !== size; run++) {
		const result = harvestTranscript(db, path, backfillOptions({maxBytes: 3000}));
		assert.ok(result.position - result.from < 3000 + 1400, 'a run stops after the line that crosses its budget');
		positions.push(result.position);
		found += result.found;
	}
	assert.ok(positions.length >= 6, `${positions.length} runs`);
	assert.equal(positions.at(-1), size);
	assert.equal(found, 4);
	assert.equal(count(db), 4);
});

test('a missing transcript, a folder, a FIFO or a device is not read and not an error', t => {
	const {dir, db} = setup(t);
	const fifo = join(dir, 'fifo.jsonl');
	execFileSync('mkfifo', [fifo]);
	for (const path of [join(dir, 'nope.jsonl'), dir, fifo, '/dev/zero']) assert.equal(harvestTranscript(db, path, backfillOptions()).outcome, 'missing', path);
	assert.equal(count(db), 0);
});

test('the line reader skips lines over the size limit, finds lines across chunks, and leaves an unfinished line', t => {
	const dir = tempDir(t);
	const path = join(dir, 'lines');
	const long = `{"a":"${'x'.repeat(5000)}"}`;
	writeFileSync(path, `{"n":1}\n${long}\n{"needle":2}\n${'y'.repeat(3000)}\n{"n":3}\n{"unfinished`);
	const fd = openSync(path, 'r');
	t.after(() => closeSync(fd));
	const seen: Array<[string, boolean]> = [];
	const size = readFileSync(path).length;
	const options = {start: 0, size, maxBytes: Number.POSITIVE_INFINITY, deadline: Number.POSITIVE_INFINITY, needles: [Buffer.from('needle')], chunkBytes: 64};
	const result = readLines(fd, {...options, maxLineBytes: 4000}, (line, candidate) => seen.push([line.toString().slice(0, 12), candidate]));
	assert.deepEqual(seen, [
		['{"n":1}', false],
		['{"needle":2}', true],
		['yyyyyyyyyyyy', false],
		['{"n":3}', false],
	]);
	assert.equal(result.oversized, 1);
	assert.equal(result.position, size - '{"unfinished'.length);
	const all: string[] = [];
	readLines(fd, {...options, chunkBytes: 1 << 20}, line => all.push(line.toString().slice(0, 7)));
	assert.deepEqual(all, ['{"n":1}', '{"a":"x', '{"needl', 'yyyyyyy', '{"n":3}']);
});
