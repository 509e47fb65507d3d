import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {fixtureLines, isolatedEnv, recordAll, tempDir, withReader} from '../helpers.js';

const valid = JSON.parse(fixtureLines('claude-code-sessions.jsonl')[13]!) as Record<string, unknown>;

interface Case {
	name: string;
	input: string | Buffer;
	status: string;
	/** What the stored row must show. */
	check?: (row: Record<string, any>) => void;
}

const cases: Case[] = [
	{name: 'empty stdin', input: '', status: 'invalid', check: row => assert.match(row['summary'], /empty input/)},
	{
		name: 'truncated JSON',
		input: JSON.stringify(valid).slice(0, 80),
		status: 'invalid',
		check: row => {
			assert.match(row['summary'], /truncated or malformed JSON/);
			assert.equal(row['raw'].toString(), JSON.stringify(valid).slice(0, 80), 'the raw bytes are kept');
		},
	},
	{name: 'plain text', input: 'hello, I am not JSON\n', status: 'invalid', check: row => assert.match(row['summary'], /not JSON/)},
	{
		name: 'binary, invalid UTF-8',
		input: Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x7b, 0x22]),
		status: 'invalid',
		check: row => {
			assert.match(row['summary'], /not valid UTF-8/);
			assert.deepEqual([...row['raw']], [0xff, 0xfe, 0x00, 0x81, 0x7b, 0x22]);
		},
	},
	{
		name: 'a JSON array',
		input: '[1, 2, 3]',
		status: 'invalid',
		check: row => {
			assert.match(row['summary'], /a JSON array, not an object/);
			assert.equal(row['payload'], '[1,2,3]', 'valid JSON is kept as JSON');
		},
	},
	{name: 'a JSON string', input: '"just a string"', status: 'invalid', check: row => assert.match(row['summary'], /a JSON string/)},
	{name: 'a JSON number', input: '42', status: 'invalid', check: row => assert.match(row['summary'], /a JSON number/)},
	{
		name: 'a missing session_id',
		input: JSON.stringify({...valid, session_id: undefined}),
		status: 'invalid',
		check: row => {
			assert.match(row['summary'], /no session_id/);
			assert.equal(row['event'], 'PreToolUse', 'the payload is still stored and searchable');
		},
	},
	{
		name: 'an unknown event name',
		input: JSON.stringify({...valid, hook_event_name: 'FutureEvent', tool_name: undefined}),
		status: 'ok',
		check: row => assert.equal(row['event'], 'FutureEvent'),
	},
	{
		name: 'keys like __proto__',
		input: `{"session_id":"s","hook_event_name":"Notification","message":"hi","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`,
		status: 'ok',
		check: row => {
			assert.equal(JSON.parse(row['payload'])['__proto__']['polluted'], true, 'the key is kept as data');
			assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
		},
	},
	{
		name: 'nesting 100,000 levels deep',
		input: `{"session_id":"s","hook_event_name":"PostToolUse","tool_name":"X","tool_response":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
		status: 'ok',
		check: row => {
			assert.equal(row['truncated'], 1);
			assert.match(row['payload'], /nesting deeper than 100 levels cut/);
			assert.equal(row['tool'], 'X');
		},
	},
	{
		name: 'a payload of 20 MB',
		input: JSON.stringify({...valid, hook_event_name: 'PostToolUse', tool_response: {stdout: 'x'.repeat(20 * 1024 * 1024)}}),
		status: 'ok',
		check: row => {
			assert.equal(row['truncated'], 1);
			assert.ok(row['payload_bytes'] > 20 * 1024 * 1024, 'the original size is kept');
			assert.ok(Buffer.byteLength(row['payload']) <= 1024 * 1024, 'the stored payload fits the 1 MiB cap');
			const payload = JSON.parse(row['payload']);
			assert.equal(payload.tool_input.command, (valid['tool_input'] as {command: string}).command, 'small fields survive intact');
			assert.match(payload.tool_response.stdout, /…\[eyelet: cut \d+ chars\]$/);
		},
	},
];

test('bad input: exit 0, nothing on stdout, and a row that says what happened', async t => {
	const dir = tempDir(t);
	const db = join(dir, 'events.db');
	const env = isolatedEnv(dir, {EYELET_DB: db});
	const results = await recordAll(
		cases.map(c => c.input),
		{env, parallel: 1},
	);
	results.forEach((result, index) => {
		assert.equal(result.status, 0, `${cases[index]!.name}: ${result.stderr}`);
		assert.equal(result.stdout, '', `${cases[index]!.name}: stdout`);
		assert.equal(result.stderr, '', `${cases[index]!.name}: stderr`);
	});
	const rows = withReader(db, reader => reader.all<Record<string, any>>('SELECT *, json(payload) AS payload FROM events ORDER BY id'));
	assert.equal(rows.length, cases.length, 'one row per input');
	rows.forEach((row, index) => {
		const c = cases[index]!;
		assert.equal(row['status'], c.status, c.name);
		c.check?.(row);
	});
});

test('--strict exits 1 for invalid input, still storing it', async t => {
	const dir = tempDir(t);
	const db = join(dir, 'events.db');
	const [result] = await recordAll(['not json'], {env: isolatedEnv(dir, {EYELET_DB: db}), args: ['--strict']});
	assert.equal(result!.status, 1);
	withReader(db, reader => assert.equal(reader.value('SELECT count(*) FROM events WHERE status = ?', ['invalid']), 1));
});
