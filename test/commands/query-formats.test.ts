import assert from 'node:assert/strict';
import {test} from 'node:test';
import {fixtureLines, parseJsonl, runCli} from '../helpers.js';
import {csvField} from '../../source/commands/formats.js';
import {seed} from './seed.js';

const jsonlFields = [
	'id',
	'time',
	'session_id',
	'event',
	'tool',
	'tool_use_id',
	'agent_id',
	'agent_type',
	'status',
	'duration_ms',
	'project',
	'cwd',
	'summary',
	'origin',
	'hostname',
	'git_branch',
	'git_commit',
	'redactions',
	'truncated',
	'payload_bytes',
	'custom',
	'payload',
];

/** RFC 4180 reader, enough to check what eyelet writes. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i]!;
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') (field += '"'), i++;
			else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') row.push(field), (field = '');
		else if (char === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			(row = []), (field = ''), i++;
		} else field += char;
	}
	return rows;
}

const hostile = {
	session_id: 'hostile-1',
	hook_event_name: 'PreToolUse',
	tool_name: 'Bash',
	tool_input: {command: '=HYPERLINK("http://x","a, \\"b\\"")\n\u001b]0;pwned\u0007 rm -rf'},
	tool_use_id: 'toolu_hostile',
};

test('jsonl keeps its field contract and the payload as stored', t => {
	const {env} = seed(t);
	const rows = parseJsonl(runCli(['query', '--format', 'jsonl'], {env}).stdout);
	assert.equal(rows.length, fixtureLines('claude-code-sessions.jsonl').length);
	assert.deepEqual(Object.keys(rows[0]!), jsonlFields);
	assert.deepEqual(rows[0]!['payload'], JSON.parse(fixtureLines('claude-code-sessions.jsonl')[0]!));
	assert.equal(rows[0]!['origin'], 'import');
});

test('json is one array of the jsonl objects; --order desc reverses; --limit keeps the newest', t => {
	const {env} = seed(t);
	const jsonl = parseJsonl(runCli(['query', '--format', 'jsonl'], {env}).stdout);
	const json = JSON.parse(runCli(['query', '--format', 'json'], {env}).stdout);
	assert.deepEqual(json, jsonl);
	const desc = JSON.parse(runCli(['query', '--format', 'json', '--order', 'desc'], {env}).stdout);
	assert.deepEqual(desc, [...jsonl].reverse());
	const newest = JSON.parse(runCli(['query', '--format', 'json', '--order', 'desc', '--limit', '3'], {env}).stdout);
	assert.deepEqual(newest, [...jsonl].reverse().slice(0, 3));
	assert.equal(runCli(['query', '--format', 'json', '--event', 'NoSuchEvent'], {env}).stdout, '[]\n');
});

test('--search finds payload text; bad --format and --order are one-line errors', t => {
	const {env} = seed(t);
	const found = parseJsonl(runCli(['query', '--search', 'SUBAGENT:sub1'], {env}).stdout);
	assert.ok(found.length > 0);
	assert.ok(found.every(row => JSON.stringify(row['payload']).includes('SUBAGENT:sub1')));
	for (const args of [
		['--format', 'xml'],
		['--order', 'up'],
	]) {
		const result = runCli(['query', ...args], {env});
		assert.equal(result.status, 1);
		assert.match(result.stderr, /^eyelet: --(format|order) "[a-z]+" is not/);
		assert.equal(result.stderr.trim().split('\n').length, 1);
	}
});

test('csv is RFC 4180 and safe to open in a spreadsheet', t => {
	const {env} = seed(t, [JSON.stringify(hostile), ...fixtureLines('claude-code-sessions.jsonl').slice(0, 5)]);
	const output = runCli(['query', '--format', 'csv'], {env}).stdout;
	const rows = parseCsv(output);
	assert.equal(rows.length, 7);
	const header = rows[0]!;
	assert.deepEqual(header.slice(0, 3), ['id', 'time', 'session_id']);
	assert.ok(rows.every(row => row.length === header.length));
	const first = Object.fromEntries(header.map((name, i) => [name, rows[1]![i]]));
	// The summary starts with "=": neutralised with a leading apostrophe, commas, quotes and newlines kept,
	// ESC and BEL shown as the other views show them.
	assert.equal(first['summary'], `'${hostile.tool_input.command.replace(/\s+/g, ' ').replace('\u001b', '␛').replace('\u0007', '␇')}`);
	assert.deepEqual(JSON.parse(first['payload']!), hostile);
	assert.equal(first['status'], 'ok');
});

test('csvField quotes and neutralises only what it must', () => {
	assert.equal(csvField('plain'), 'plain');
	assert.equal(csvField('a,b'), '"a,b"');
	assert.equal(csvField('say "hi"'), '"say ""hi"""');
	assert.equal(csvField('two\nlines'), '"two\nlines"');
	for (const lead of ['=', '+', '-', '@', '\t']) assert.ok(csvField(`${lead}1+1`).replace(/^"/, '').startsWith(`'${lead}`));
	assert.equal(csvField('\r1+1'), '␍1+1', 'a carriage return is shown, so it starts no formula either');
	assert.equal(csvField('=1,2'), `"'=1,2"`);
	assert.equal(csvField(-5), '-5');
	assert.equal(csvField(null), '');
	assert.equal(csvField(true), 'true');
});

test('table neutralises terminal control sequences from payloads', t => {
	const {env} = seed(t, [JSON.stringify(hostile), ...fixtureLines('claude-code-sessions.jsonl').slice(0, 3)]);
	const output = runCli(['query', '--format', 'table'], {env}).stdout;
	const lines = output.trimEnd().split('\n');
	assert.match(lines[0]!, /^\s*ID\s+TIME\s+SESSION\s+EVENT\s+TOOL\s+STATUS\s+DUR\s+SUMMARY$/);
	assert.equal(lines.length, 5);
	assert.ok(!output.includes('\u001b') && !output.includes('\u0007'), 'no raw ESC or BEL reaches the terminal');
	assert.match(output, /␛\]0;pwned␇/);
});

test('csv shows control characters instead of sending them to the terminal it is printed on', t => {
	const ring = {...hostile, tool_input: {command: 'echo \u001b[2J\u001b]0;title\u0007 \u009b31m done\rover \u202egnp.exe'}};
	const {env} = seed(t, [JSON.stringify(ring)]);
	const output = runCli(['query', '--format', 'csv'], {env}).stdout;
	assert.doesNotMatch(output.replaceAll('\r\n', '\n'), /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/, 'no raw control character');
	// (The summary is one line: the carriage return became a space there.)
	assert.match(output, /,echo ␛\[2J␛\]0;title␇ <U\+009B>31m done over <U\+202E>gnp\.exe,/);
});

test('json and jsonl escape bidi overrides, C1 controls and line separators; the values stay the same', t => {
	const text = 'invoice\u202egnp.exe \u2028next\u2029para \u009b31m \u2066iso\u2069';
	const {env} = seed(t, [JSON.stringify({...hostile, tool_input: {command: text}})]);
	for (const format of ['json', 'jsonl']) {
		const output = runCli(['query', '--format', format], {env}).stdout;
		assert.doesNotMatch(output, /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/, `${format}: nothing raw`);
		assert.ok(output.includes('invoice\\u202egnp.exe \\u2028next\\u2029para \\u009b31m \\u2066iso\\u2069'), format);
		const [row] = format === 'json' ? JSON.parse(output) : parseJsonl(output);
		assert.equal(row.payload.tool_input.command, text);
		assert.equal(row.summary, text.replace(/\u2028|\u2029/g, ' ').replace(/\s+/g, ' '));
	}
});
