import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {cpSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {cli, fixtureLines, fixtures, parseJsonl, runCli, withReader} from '../helpers.js';
import {serveHome} from '../serve-helpers.js';

/**
 * A real run whose http hooks to 127.0.0.1:14400 found nothing listening: its transcripts hold a
 * failed delivery for every event that took an http hook, and hook-payloads.jsonl what those events
 * were (the same sessions' command hook saw them).
 */
const truth = fixtureLines('http-down/hook-payloads.jsonl').map(line => JSON.parse(line) as Record<string, unknown>);
const missed = truth.filter(payload => !['SessionStart', 'SessionEnd'].includes(payload['hook_event_name'] as string));
const key = (payload: Record<string, unknown>) =>
	`${payload['session_id']} ${payload['hook_event_name']} ${payload['tool_use_id'] ?? payload['agent_id'] ?? ''}`;

/** A database whose http transport posts to the port the fixture's hooks posted to. */
function setup(t: {after: (fn: () => void) => void}) {
	const {home, env, db} = serveHome(t);
	mkdirSync(join(db, '..'), {recursive: true});
	writeFileSync(`${db}.serve.json`, JSON.stringify({port: 14400, secret: `eyelet_${'0'.repeat(64)}`}), {mode: 0o600});
	const transcripts = join(home, '.claude', 'projects', '-home-dev-webapp');
	cpSync(join(fixtures, 'http-down', 'transcripts'), transcripts, {recursive: true});
	return {home, env, db, transcripts};
}

test('eyelet harvest rebuilds every event whose http delivery failed, once, and a second pass adds nothing', t => {
	const {env, db, transcripts} = setup(t);
	const first = runCli(['harvest', transcripts, '--db', db], {env});
	assert.equal(first.status, 0, first.stderr);
	assert.match(first.stdout, new RegExp(`${missed.length} missed events rebuilt \\(${missed.length} deliveries to eyelet serve failed in 3 sessions\\)`));
	const rows = parseJsonl(runCli(['query', '--db', db, '--format', 'jsonl'], {env}).stdout);
	assert.ok(
		rows.every(row => row['origin'] === 'transcript'),
		'no HookFailure rows for eyelet’s own deliveries',
	);
	assert.deepEqual(rows.map(row => key(row['payload'])).sort(), missed.map(key).sort());
	// Events with the same key (a session's two prompts, its two stops) pair up in the order they happened.
	const byKey = new Map<string, Array<Record<string, unknown>>>();
	for (const payload of missed) byKey.set(key(payload), [...(byKey.get(key(payload)) ?? []), payload]);
	for (const row of [...rows].sort((a, b) => a['id'] - b['id'])) {
		const expected = byKey.get(key(row['payload']))!.shift()!;
		for (const field of [
			'prompt',
			'tool_name',
			'tool_input',
			'tool_use_id',
			'error',
			'prompt_id',
			'agent_id',
			'agent_type',
			'last_assistant_message',
			'tool_calls',
		]) {
			assert.deepEqual(row['payload'][field], expected[field], `${key(expected)}: ${field}`);
		}
	}
	const statuses = rows.filter(row => row['status'] === 'error').map(row => row['event']);
	assert.deepEqual(statuses.sort(), ['PostToolBatch', 'PostToolUseFailure', 'PostToolUseFailure', 'PostToolUseFailure'], 'the failures are errors, as live');

	const second = runCli(['harvest', transcripts, '--db', db], {env});
	assert.equal(second.status, 0);
	assert.equal(
		withReader(db, reader => reader.value<number>('SELECT count(*) FROM events')),
		missed.length,
		'none twice',
	);
	const doctor = JSON.parse(runCli(['doctor', '--json', '--db', db], {env}).stdout);
	const deliveries = doctor.checks.find((check: {name: string}) => check.name === 'deliveries');
	assert.match(deliveries.message, new RegExp(`^${missed.length} deliveries to eyelet serve failed; ${missed.length} events rebuilt from transcripts`));
});

test('a SessionEnd recorded by the command hook rebuilds what its session missed; a delivery that may have landed and did is not stored twice', t => {
	const {env, db, transcripts} = setup(t);
	const session = '12867c79-363c-478d-a225-2b6067e645aa';
	const transcript = join(transcripts, `${session}.jsonl`);
	const expected = missed.filter(payload => payload['session_id'] === session);
	// One PreToolUse delivery timed out after connecting: the daemon may have stored it, and here it did.
	const landed = expected.find(payload => payload['hook_event_name'] === 'PreToolUse')!;
	const lines = readFileSync(transcript, 'utf8').split('\n');
	const at = lines.findIndex(
		line => line.includes('"hook_non_blocking_error"') && line.includes(`"toolUseID":"${landed['tool_use_id']}"`) && line.includes('"hookEvent":"PreToolUse"'),
	);
	assert.ok(at >= 0);
	lines[at] = lines[at]!.replace('connect ECONNREFUSED 127.0.0.1:14400', 'timeout of 10000ms exceeded (127.0.0.1:14400)');
	writeFileSync(transcript, lines.join('\n'));
	assert.equal(spawnSync(process.execPath, [cli, 'record', '--db', db], {input: JSON.stringify(landed), env}).status, 0);

	const end = JSON.stringify({session_id: session, transcript_path: transcript, cwd: '/home/dev/webapp', hook_event_name: 'SessionEnd', reason: 'other'});
	assert.equal(spawnSync(process.execPath, [cli, 'record', '--db', db], {input: end, env}).status, 0);
	const rows = parseJsonl(runCli(['query', '--db', db, '--session', session, '--format', 'jsonl'], {env}).stdout);
	assert.equal(rows.filter(row => row['origin'] === 'transcript').length, expected.length - 1);
	assert.deepEqual(
		rows.filter(row => row['tool_use_id'] === landed['tool_use_id'] && row['event'] === 'PreToolUse').map(row => row['origin']),
		['hook'],
	);
	assert.equal(rows.filter(row => row['event'] === 'SessionEnd').length, 1);
	assert.match(
		readFileSync(join(db, '..', 'eyelet.log'), 'utf8'),
		new RegExp(`rebuilt ${expected.length - 1} event\\(s\\) whose delivery to eyelet serve failed`),
	);
});
