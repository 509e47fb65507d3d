import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {fixtureLines, isolatedEnv, parseJsonl, recordAll, runCli, tempDir} from '../helpers.js';

test('query filters narrow the events, each on its own and together', async t => {
	const dir = tempDir(t);
	const env = isolatedEnv(dir, {EYELET_DB: join(dir, 'events.db')});
	const lines = fixtureLines('claude-code-sessions.jsonl');
	await recordAll(lines, {env, parallel: 1});
	const payloads = lines.map(line => JSON.parse(line));
	const query = (...args: string[]) => {
		const result = runCli(['query', ...args], {env});
		assert.equal(result.status, 0, result.stderr);
		return parseJsonl(result.stdout);
	};
	const count = (predicate: (p: any) => boolean) => payloads.filter(predicate).length;

	assert.equal(query().length, lines.length);
	assert.equal(
		query('--tool', 'Bash').length,
		count(p => p.tool_name === 'Bash'),
	);
	assert.equal(
		query('--event', 'PostToolUseFailure').length,
		count(p => p.hook_event_name === 'PostToolUseFailure'),
	);
	// Three PostToolUseFailure events, and the PostToolBatch whose Edit Claude Code rejected before running it.
	assert.equal(query('--status', 'error').length, count(p => p.hook_event_name === 'PostToolUseFailure') + 1);
	assert.equal(query('--status', 'error,ok').length, lines.length);
	assert.equal(
		query('--session', '31f3f850').length,
		count(p => p.session_id.startsWith('31f3f850')),
		'a session id prefix works',
	);
	assert.equal(query('--session', '31f3f850', '--tool', 'Bash', '--event', 'PostToolUseFailure').length, 1);
	assert.equal(query('--project', 'webapp').length, lines.length, 'a bare project name matches the last path component');
	assert.equal(query('--project', '/home/dev/webapp').length, lines.length);
	assert.equal(query('--project', 'other').length, 0);
	assert.equal(query('--since', '1h').length, lines.length);
	assert.equal(query('--until', '1h').length, 0);
	assert.equal(
		query('--search', 'definitely/not/here').length,
		count(p => JSON.stringify(p).includes('definitely/not/here')),
		'text search over payload text',
	);
	assert.equal(query('--search', 'no such text anywhere').length, 0);
	const last = query('--limit', '3');
	assert.deepEqual(
		last.map(row => row['payload']),
		payloads.slice(-3),
		'--limit keeps the newest, oldest first',
	);
});

test('query explains bad input in one line', t => {
	const dir = tempDir(t);
	const env = isolatedEnv(dir, {EYELET_DB: join(dir, 'missing.db')});
	const missing = runCli(['query'], {env});
	assert.equal(missing.status, 1);
	assert.match(missing.stderr, /^eyelet: no database at .*missing\.db: run `eyelet install`/);
	assert.equal(missing.stderr.trim().split('\n').length, 1);
	runCli(['record'], {input: fixtureLines('claude-code-sessions.jsonl')[0], env});
	for (const [args, message] of [
		[['--status', 'broken'], /--status "broken" is not one of ok, error, denied, invalid/],
		[['--since', 'yesterday-ish'], /--since "yesterday-ish" is not a time/],
		[['--limit', '0'], /--limit must be a positive whole number/],
	] as const) {
		const result = runCli(['query', ...args], {env});
		assert.equal(result.status, 1, String(args));
		assert.match(result.stderr, message);
		assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
	}
});
