import assert from 'node:assert/strict';
import {existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fixtureLines, isolatedEnv, parseJsonl, recordAll, runCli, tempDir, withReader} from '../helpers.js';

// A PostToolBatch whose call Claude Code rejected before running it (<tool_use_error>) is that call's only trace.
const rejectedInBatch = (payload: Record<string, unknown>) =>
	payload['hook_event_name'] === 'PostToolBatch' && JSON.stringify(payload['tool_calls']).includes('<tool_use_error>');

const expectedStatus = (payload: Record<string, unknown>) =>
	payload['hook_event_name'] === 'PostToolUseFailure' || payload['hook_event_name'] === 'StopFailure' || rejectedInBatch(payload)
		? 'error'
		: payload['hook_event_name'] === 'PermissionDenied'
			? 'denied'
			: 'ok';

for (const fixture of ['claude-code-sessions.jsonl', 'documented-events.jsonl']) {
	test(`every payload of ${fixture} is recorded, silently, and read back through query`, async t => {
		const dir = tempDir(t);
		const db = join(dir, 'events.db');
		const env = isolatedEnv(dir, {EYELET_DB: db});
		const lines = fixtureLines(fixture);
		// One at a time so that ids follow the fixture order, as they would from one Claude Code session.
		const results = await recordAll(lines, {env, parallel: 1});
		for (const result of results) {
			assert.equal(result.status, 0, result.stderr);
			assert.equal(result.stdout, '', 'the recorder must never write to stdout');
			assert.equal(result.stderr, '');
		}
		const query = runCli(['query', '--format', 'jsonl'], {env});
		assert.equal(query.status, 0, query.stderr);
		const rows = parseJsonl(query.stdout);
		assert.equal(rows.length, lines.length);
		rows.forEach((row, index) => {
			const payload = JSON.parse(lines[index]!);
			assert.deepEqual(row['payload'], payload, `line ${index + 1} round-trips unchanged`);
			assert.equal(row['event'], payload.hook_event_name);
			assert.equal(row['session_id'], payload.session_id);
			assert.equal(row['tool'], payload.tool_name ?? null);
			assert.equal(row['tool_use_id'], payload.tool_use_id ?? null);
			assert.equal(row['agent_id'], payload.agent_id ?? null);
			assert.equal(row['status'], expectedStatus(payload), `status of line ${index + 1} (${payload.hook_event_name})`);
			assert.equal(row['duration_ms'], payload.duration_ms ?? null);
			assert.equal(row['project'], payload.cwd);
			assert.equal(row['redactions'], 0);
			assert.match(row['time'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
			assert.equal(typeof row['summary'], 'string');
			if (payload.tool_input?.command)
				assert.ok(row['summary'].includes(payload.tool_input.command.split('\n')[0].slice(0, 60)), `summary of line ${index + 1} names the command`);
			if (payload.hook_event_name === 'PostToolUseFailure')
				assert.ok(row['summary'].startsWith(payload.error.split('\n')[0]), 'a failure summary starts with the error');
		});
		const ids = rows.map(row => row['id']);
		assert.deepEqual(
			ids,
			[...ids].sort((a, b) => a - b),
			'oldest first',
		);
	});
}

test('database files are private to their owner', t => {
	const dir = tempDir(t);
	const db = join(dir, 'nested', 'data', 'events.db');
	const env = isolatedEnv(dir, {EYELET_DB: db});
	const result = runCli(['record'], {input: fixtureLines('claude-code-sessions.jsonl')[0], env});
	assert.equal(result.status, 0);
	assert.equal(statSync(join(dir, 'nested', 'data')).mode & 0o777, 0o700);
	for (const suffix of ['', '-wal', '-shm']) {
		if (existsSync(db + suffix)) assert.equal(statSync(db + suffix).mode & 0o777, 0o600, `${db}${suffix}`);
	}
});

test('the default database lives under $XDG_DATA_HOME/eyelet', t => {
	const dir = tempDir(t);
	const env = isolatedEnv(dir);
	assert.equal(runCli(['record'], {input: fixtureLines('claude-code-sessions.jsonl')[0], env}).status, 0);
	assert.ok(existsSync(join(dir, 'data', 'eyelet', 'events.db')));
});

test('--db beats EYELET_DB, which beats the config file', t => {
	const dir = tempDir(t);
	const line = fixtureLines('claude-code-sessions.jsonl')[0]!;
	const configured = join(dir, 'configured.db');
	const fromEnv = join(dir, 'env.db');
	const fromFlag = join(dir, 'flag.db');
	mkdirSync(join(dir, 'config', 'eyelet'), {recursive: true});
	writeFileSync(join(dir, 'config', 'eyelet', 'config.json'), JSON.stringify({db: configured}));
	runCli(['record'], {input: line, env: isolatedEnv(dir)});
	assert.ok(existsSync(configured));
	runCli(['record'], {input: line, env: isolatedEnv(dir, {EYELET_DB: fromEnv})});
	assert.ok(existsSync(fromEnv));
	runCli(['record', '--db', fromFlag], {input: line, env: isolatedEnv(dir, {EYELET_DB: fromEnv})});
	assert.ok(existsSync(fromFlag));
	withReader(fromEnv, db => assert.equal(db.value('SELECT count(*) FROM events'), 1));
});

test('an invalid config file still records, with defaults, and says so in the log', t => {
	const dir = tempDir(t);
	mkdirSync(join(dir, 'config', 'eyelet'), {recursive: true});
	writeFileSync(join(dir, 'config', 'eyelet', 'config.json'), '{"maxPayloadBytes": "big"}');
	const env = isolatedEnv(dir);
	const result = runCli(['record'], {input: fixtureLines('claude-code-sessions.jsonl')[0], env});
	assert.equal(result.status, 0);
	assert.equal(result.stdout, '');
	const db = join(dir, 'data', 'eyelet', 'events.db');
	withReader(db, reader => assert.equal(reader.value('SELECT count(*) FROM events'), 1));
	assert.match(readFileSync(join(dir, 'data', 'eyelet', 'eyelet.log'), 'utf8'), /"maxPayloadBytes" must be a positive whole number/);
});
