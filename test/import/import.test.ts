import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, utimesSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {openWriter} from '../../source/store/db.js';
import {fixtureLines, fixtures, isolatedEnv, parseJsonl, runCli, tempDir, withReader} from '../helpers.js';

const payloads = fixtureLines('claude-code-sessions.jsonl');

/** Python eyelet logs built by the Python eyelet's own layout and schema (test/fixtures/python-eyelet). */
function pythonLogs(dir: string, lines: string[], startSeconds: number): {logs: string; database: string} {
	const source = join(dir, 'py-payloads.jsonl');
	writeFileSync(source, `${lines.join('\n')}\n`);
	const out = join(dir, 'py');
	mkdirSync(out);
	const made = spawnSync('python3', [join(fixtures, 'python-eyelet', 'make_logs.py'), source, out, String(startSeconds)], {encoding: 'utf8'});
	assert.equal(made.status, 0, made.stderr);
	return {logs: join(out, 'eyelet-hooks'), database: join(out, 'eyelet.db')};
}

function setup(t: {after: (fn: () => void) => void}) {
	const dir = tempDir(t);
	const db = join(dir, 'events.db');
	return {dir, db, env: isolatedEnv(dir, {EYELET_DB: db})};
}

test('JSONL: every line imported with the file time, invalid lines stored and listed, a second run adds nothing', t => {
	const {dir, db, env} = setup(t);
	const file = join(dir, 'capture.jsonl');
	writeFileSync(file, `${payloads.slice(0, 10).join('\n')}\n\n{"truncated": \n${payloads[10]}\r\nnot json at all\n${payloads[0]}`);
	const mtime = new Date('2026-03-04T05:06:07Z');
	utimesSync(file, mtime, mtime);
	const first = runCli(['import', file], {env});
	assert.equal(first.status, 0, first.stderr);
	assert.match(first.stdout, /^imported 14 events, skipped 0 duplicates, 2 invalid/);
	assert.match(first.stdout, /2 invalid, stored with status invalid: lines 12, 14/);
	const rows = parseJsonl(runCli(['query'], {env}).stdout);
	assert.equal(rows.length, 14);
	assert.ok(rows.every(row => row['origin'] === 'import' && row['time'] === mtime.toISOString()));
	assert.equal(rows.filter(row => row['status'] === 'invalid').length, 2);
	// The repeated payload on the last line is a second occurrence, not a duplicate.
	assert.equal(rows.filter(row => JSON.stringify(row['payload']) === JSON.stringify(JSON.parse(payloads[0]!))).length, 2);
	const second = runCli(['import', file], {env});
	assert.match(second.stdout, /^imported 0 events, skipped 14 duplicates/);
	assert.equal(
		withReader(db, reader => reader.value('SELECT count(*) FROM events')),
		14,
	);
});

test("imported rows get the recorder's redaction, summaries, search text and session summaries", t => {
	const {dir, env} = setup(t);
	const secret = {
		session_id: 's-secret',
		hook_event_name: 'PreToolUse',
		tool_name: 'Bash',
		tool_input: {command: 'aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE'},
	};
	const file = join(dir, 'secret.jsonl');
	writeFileSync(file, `${JSON.stringify(secret)}\n${payloads.join('\n')}\n`);
	assert.equal(runCli(['import', file], {env}).status, 0);
	const [row] = parseJsonl(runCli(['query', '--session', 's-secret'], {env}).stdout);
	assert.equal(row!['redactions'], 1);
	assert.ok(!JSON.stringify(row).includes('AKIAIOSFODNN7EXAMPLE'));
	assert.match(row!['summary'], /\[REDACTED:aws-access-key\]/);
	assert.ok(parseJsonl(runCli(['query', '--search', 'SUBAGENT:sub1'], {env}).stdout).length > 0, 'search text indexed');
	const sessions = JSON.parse(runCli(['query', '--format', 'json'], {env}).stdout).reduce(
		(map: Map<string, number>, r: {session_id: string}) => map.set(r.session_id, (map.get(r.session_id) ?? 0) + 1),
		new Map(),
	);
	const db = env['EYELET_DB']!;
	const summary = withReader(db, reader => reader.all<{session_id: string; events: number}>('SELECT session_id, events FROM sessions'));
	assert.deepEqual(new Map(summary.map(s => [s.session_id, s.events])), sessions);
});

test('Python eyelet JSON logs and its hooks table: payloads, times and context kept; the same hooks import once', t => {
	const {dir, db, env} = setup(t);
	const start = 1753823041; // 2025-07-29T21:04:01Z
	const {logs, database} = pythonLogs(dir, payloads.slice(0, 20), start);
	const fromLogs = runCli(['import', logs], {env});
	assert.equal(fromLogs.status, 0, fromLogs.stderr);
	assert.match(fromLogs.stdout, /imported 20 events/);
	assert.match(fromLogs.stdout, /Python eyelet JSON logs/);
	const rows = parseJsonl(runCli(['query'], {env}).stdout);
	assert.deepEqual(
		rows.map(row => row['payload']),
		payloads.slice(0, 20).map(line => JSON.parse(line)),
		'time order, payloads as sent',
	);
	rows.forEach((row, i) => assert.equal(row['time'], new Date((start + i + 0.123456) * 1000).toISOString().replace(/\.(\d{3})\d*Z/, '.$1Z')));
	assert.ok(
		rows.every(
			row => row['hostname'] === 'py-host' && row['git_branch'] === 'main' && row['git_commit'] === 'abc1234' && row['project'] === '/home/dev/webapp',
		),
	);

	const fromDatabase = runCli(['import', database], {env});
	assert.equal(fromDatabase.status, 0, fromDatabase.stderr);
	assert.match(fromDatabase.stdout, /imported 0 events, skipped 20 duplicates/);
	assert.match(fromDatabase.stdout, /Python eyelet database/);
	assert.equal(
		withReader(db, reader => reader.value('SELECT count(*) FROM events')),
		20,
	);
});

test('the Python eyelet hooks table on its own', t => {
	const {dir, env} = setup(t);
	const {database} = pythonLogs(dir, payloads, 1753823041);
	const result = runCli(['import', '--json', database], {env});
	assert.equal(result.status, 0, result.stderr);
	const summary = JSON.parse(result.stdout);
	assert.equal(summary.imported, payloads.length);
	assert.equal(summary.sources[0].kind, 'python-db');
	const rows = parseJsonl(runCli(['query'], {env}).stdout);
	assert.equal(rows[0]!['time'], '2025-07-29T21:04:01.123Z');
	assert.deepEqual(
		rows.map(row => row['payload']),
		payloads.map(line => JSON.parse(line)),
	);
});

test('unreadable sources are reported, the others still imported', t => {
	const {dir, env} = setup(t);
	const file = join(dir, 'ok.jsonl');
	writeFileSync(file, `${payloads[0]}\n`);
	const other = join(dir, 'other.db');
	spawnSync('python3', ['-c', `import sqlite3; sqlite3.connect(${JSON.stringify(other)}).execute("CREATE TABLE t (x)")`]);
	const result = runCli(['import', join(dir, 'missing.jsonl'), other, file], {env});
	assert.equal(result.status, 1);
	assert.match(result.stdout, /missing\.jsonl: not imported: ENOENT/);
	assert.match(result.stdout, /other\.db: not imported: an SQLite database without the Python eyelet's "hooks" table/);
	assert.match(result.stdout, /ok\.jsonl \(JSONL\): 1 new/);
	assert.equal(runCli(['import'], {env}).status, 2);
});

test('rows imported before source keys had a session bucket are upgraded, so importing them again adds nothing', t => {
	const {dir, db, env} = setup(t);
	const file = join(dir, 'capture.jsonl');
	writeFileSync(file, `${payloads.join('\n')}\n`);
	assert.equal(runCli(['import', file], {env}).status, 0);
	const keys = () =>
		withReader(db, reader =>
			reader.all<{source_key: string; session_id: string | null}>("SELECT source_key, session_id FROM events WHERE origin = 'import' ORDER BY id"),
		);
	const current = keys();
	assert.ok(
		current.every(row => /^import\/([0-9a-f]{8}|-)\/[\w-]{27}(:\d+)?$/.test(row.source_key)),
		current[0]?.source_key,
	);
	// One session's rows share a bucket; two sessions get two.
	const buckets = new Map(current.map(row => [row.session_id, row.source_key.split('/')[1]]));
	assert.equal(new Set(buckets.values()).size, buckets.size);
	// What an earlier eyelet wrote: 'import:' and the content hash.
	const writer = openWriter(db);
	writer.run("UPDATE events SET source_key = 'import:' || substr(source_key, 17) WHERE origin = 'import'");
	writer.close();
	const again = runCli(['import', file], {env});
	assert.match(again.stdout, /^imported 0 events, skipped \d+ duplicates/);
	assert.deepEqual(keys(), current);
});

test('an import of many batches: every row once, sessions summarised, search finds rows of every batch', t => {
	const {dir, db, env} = setup(t);
	const file = join(dir, 'big.jsonl');
	const lines: string[] = [];
	for (let i = 0; i < 6000; i++) {
		const payload = JSON.parse(payloads[i % payloads.length]!);
		payload.session_id = `session-${Math.floor(i / 700)}`;
		if (payload.tool_use_id) payload.tool_use_id = `toolu_${i}`;
		if (payload.tool_input?.command) payload.tool_input.command = `echo marker-${i}`;
		lines.push(JSON.stringify(payload));
	}
	writeFileSync(file, `${lines.join('\n')}\n`);
	const first = runCli(['import', '--json', file], {env});
	assert.equal(first.status, 0, first.stderr);
	assert.equal(JSON.parse(first.stdout).imported, 6000);
	const summaries = withReader(db, reader => reader.all<{session_id: string; events: number}>('SELECT session_id, events FROM sessions ORDER BY session_id'));
	assert.deepEqual(
		summaries.map(row => [row.session_id, row.events]),
		Array.from({length: 9}, (_, n) => [`session-${n}`, n < 8 ? 700 : 400]),
	);
	const commands = lines.map((line, i) => (JSON.parse(line).tool_input?.command ? i : -1)).filter(i => i >= 0);
	for (const i of [commands[0]!, commands[Math.floor(commands.length / 2)]!, commands.at(-1)!]) {
		const found = parseJsonl(runCli(['query', '--search', `marker-${i}`], {env}).stdout);
		assert.ok(found.length > 0 && found.every(row => JSON.stringify(row['payload']).includes(`marker-${i}`)), `marker-${i}`);
	}
	assert.equal(JSON.parse(runCli(['import', '--json', file], {env}).stdout).imported, 0);
	assert.equal(
		withReader(db, reader => reader.value('SELECT count(*) FROM events')),
		6000,
	);
});
