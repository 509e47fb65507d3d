import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {test} from 'node:test';
import {cli, fixtureLines, parseJsonl, runCli, withReader} from '../helpers.js';
import {seed} from './seed.js';

/** Waits until `check` passes or the deadline does. */
async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
}

test('tail prints the last N events as plain lines when piped', t => {
	const {env} = seed(t);
	const result = runCli(['tail', '-n', '3'], {env: {...env, NO_COLOR: ''}});
	assert.equal(result.status, 0, result.stderr);
	const lines = result.stdout.trimEnd().split('\n');
	assert.equal(lines.length, 3);
	assert.ok(!result.stdout.includes('\u001b'), 'no colour on a pipe');
	const last = parseJsonl(runCli(['query', '--limit', '3'], {env}).stdout);
	lines.forEach((line, i) => assert.match(line, new RegExp(`^${last[i]!['id']}\\s`)));
});

test('tail -f follows new events and a closed pipe ends it quietly', async t => {
	const {env} = seed(t);
	const child = spawn(process.execPath, [cli, 'tail', '-f', '-n', '1', '--interval', '50', '--tool', 'Bash'], {env, stdio: ['ignore', 'pipe', 'pipe']});
	t.after(() => child.kill());
	let out = '';
	let err = '';
	child.stdout.on('data', chunk => (out += chunk));
	child.stderr.on('data', chunk => (err += chunk));
	await until(() => out.split('\n').length >= 2, 'the first line');
	const payload = {session_id: 'live-1', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: {command: 'echo followed'}};
	assert.equal(runCli(['record'], {env, input: Buffer.from(JSON.stringify(payload))}).status, 0);
	assert.equal(runCli(['record'], {env, input: Buffer.from(JSON.stringify({...payload, tool_name: 'Read', tool_input: {file_path: '/x'}}))}).status, 0);
	await until(() => out.includes('echo followed'), 'the followed event');
	assert.ok(!out.includes('/x'), 'the --tool filter applies to followed events');
	const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
	child.stdout.destroy();
	assert.equal(runCli(['record'], {env, input: Buffer.from(JSON.stringify(payload))}).status, 0);
	assert.equal(await exited, 0);
	assert.equal(err, '');
});

test('replay writes the stored payload exactly, and raw bytes for input that was not JSON', t => {
	const line = fixtureLines('claude-code-sessions.jsonl')[4]!;
	const {env, db} = seed(t, [line, 'this is {not json']);
	const ids = withReader(db, reader => reader.all<{id: number; status: string}>('SELECT id, status FROM events ORDER BY id'));
	const replayed = runCli(['replay', String(ids[0]!.id)], {env});
	assert.equal(replayed.status, 0, replayed.stderr);
	const stored = withReader(db, reader => reader.value<string>('SELECT json(payload) FROM events WHERE id = ?', [ids[0]!.id]));
	assert.equal(replayed.stdout, stored);
	assert.deepEqual(JSON.parse(replayed.stdout), JSON.parse(line));
	assert.equal(ids[1]!.status, 'invalid');
	assert.equal(runCli(['replay', String(ids[1]!.id)], {env}).stdout, 'this is {not json');
	const missing = runCli(['replay', '999999'], {env});
	assert.equal(missing.status, 1);
	assert.match(missing.stderr, /^eyelet: no event 999999 in /);
	assert.equal(runCli(['replay', 'abc'], {env}).status, 2);
});

test('stats --json counts, percentiles, error rates and the slowest calls', t => {
	const lines = fixtureLines('claude-code-sessions.jsonl');
	const {env} = seed(t);
	const result = runCli(['stats', '--json'], {env});
	assert.equal(result.status, 0, result.stderr);
	const stats = JSON.parse(result.stdout);
	assert.equal(stats.total, lines.length);
	const sum = (counts: Array<{events: number}>) => counts.reduce((total, count) => total + count.events, 0);
	for (const key of ['by_status', 'by_event', 'by_tool', 'by_project']) assert.equal(sum(stats[key]), lines.length, key);
	assert.equal(sum(stats.per_hour), lines.length);
	const payloads = lines.map(line => JSON.parse(line));
	const bashDurations = payloads
		.filter(p => p.tool_name === 'Bash' && typeof p.duration_ms === 'number')
		.map(p => p.duration_ms)
		.sort((a, b) => a - b);
	const bash = stats.duration_ms.find((d: {tool: string}) => d.tool === 'Bash');
	assert.equal(bash.calls, bashDurations.length);
	assert.equal(bash.p50, bashDurations[Math.ceil(0.5 * bashDurations.length) - 1]);
	assert.equal(bash.p95, bashDurations[Math.ceil(0.95 * bashDurations.length) - 1]);
	assert.equal(bash.max, bashDurations.at(-1));
	const finished = payloads.filter(p => p.tool_name === 'Bash' && ['PostToolUse', 'PostToolUseFailure'].includes(p.hook_event_name));
	const bashErrors = stats.errors.find((e: {tool: string}) => e.tool === 'Bash');
	assert.equal(bashErrors.calls, finished.length);
	assert.equal(bashErrors.errors, finished.filter(p => p.hook_event_name === 'PostToolUseFailure').length);
	assert.equal(stats.slowest[0].duration_ms, Math.max(...payloads.filter(p => typeof p.duration_ms === 'number').map(p => p.duration_ms)));
	const text = runCli(['stats', '--since', '1h'], {env});
	assert.match(text.stdout, /^\d+ events, /);
	assert.match(text.stdout, /Duration per tool/);
	assert.match(text.stdout, /Slowest calls/);
});
