import assert from 'node:assert/strict';
import {join} from 'node:path';
import {before, test} from 'node:test';
import {openWriter} from '../../source/store/db.js';
import {fixtureLines, isolatedEnv, runCli, tempDir, withReader} from '../helpers.js';
import {capture, replay} from '../otlp-helpers.js';
import {startServe} from '../serve-helpers.js';

// The real client's hooks and telemetry through a real daemon, then `eyelet prune`: the telemetry goes
// with the events' retention, and every total derived from it is what the records left add up to.

const day = 86_400_000;
let source = '';
let home = '';

before(async () => {
	home = tempDir({after: fn => process.on('exit', fn)});
	source = join(home, 'source.db');
	const daemon = await startServe(isolatedEnv(home), source);
	for (const payload of fixtureLines('otlp/hook-payloads.jsonl')) assert.equal((await daemon.hook(payload)).status, 200);
	await replay(daemon.port, daemon.auth, capture('claude-code-otlp.jsonl'));
	daemon.child.kill('SIGTERM');
	await daemon.exited;
});

/** A copy of the recorded database, with the telemetry records `age` picks received `days` ago. */
function copyAged(name: string, days: number, age: 'all' | 'older half'): {db: string; env: NodeJS.ProcessEnv; aged: number; total: number} {
	const db = join(home, `${name}.db`);
	const writer = openWriter(source);
	writer.run('VACUUM INTO ?', [db]);
	writer.close();
	const copy = openWriter(db);
	const total = copy.value<number>('SELECT count(*) FROM telemetry') ?? 0;
	const limit = age === 'all' ? total : Math.floor(total / 2);
	const aged = copy.run('UPDATE telemetry SET received_ts = received_ts - ? WHERE id IN (SELECT id FROM telemetry ORDER BY id LIMIT ?)', [
		days * day,
		limit,
	]).changes;
	copy.close();
	return {db, env: isolatedEnv(home, {EYELET_DB: db}), aged, total};
}

const rows = (db: string, sql: string) => withReader(db, reader => reader.all<Record<string, unknown>>(sql));

/** Each derived total, as stored and as the rows left add up to it. */
function assertTotalsMatchRecords(db: string): void {
	assert.deepEqual(
		rows(db, 'SELECT session_id, model, api_calls, round(cost_usd, 9) AS cost, input_tokens, output_tokens, api_ms FROM session_usage ORDER BY 1, 2'),
		rows(
			db,
			`SELECT session_id, coalesce(model, '') AS model, count(*) AS api_calls, round(sum(cost_usd), 9) AS cost, sum(input_tokens) AS input_tokens,
			   sum(output_tokens) AS output_tokens, sum(coalesce(duration_ms, 0)) AS api_ms FROM api_requests GROUP BY 1, 2 ORDER BY 1, 2`,
		),
	);
	assert.deepEqual(
		rows(db, 'SELECT session_id, prompt_id, api_calls, round(cost_usd, 9) AS cost FROM prompt_usage WHERE api_calls > 0 ORDER BY 1, 2'),
		rows(
			db,
			`SELECT session_id, prompt_id, count(*) AS api_calls, round(sum(cost_usd), 9) AS cost FROM api_requests
			 WHERE prompt_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
		),
	);
	assert.deepEqual(
		rows(
			db,
			'SELECT hook_name, runs, hooks, total_ms, max_ms, solo_runs, solo_ms, blocking, non_blocking, cancelled, first_ts, last_ts FROM hook_time ORDER BY 1',
		),
		rows(
			db,
			`SELECT hook_name, count(*) AS runs, sum(hooks) AS hooks, sum(duration_ms) AS total_ms, max(duration_ms) AS max_ms, sum(hooks = 1) AS solo_runs,
			   sum(CASE WHEN hooks = 1 THEN duration_ms ELSE 0 END) AS solo_ms, sum(blocking) AS blocking, sum(non_blocking) AS non_blocking,
			   sum(cancelled) AS cancelled, min(end_ms) AS first_ts, max(end_ms) AS last_ts FROM hook_runs GROUP BY 1 ORDER BY 1`,
		),
	);
	// Nothing derived from a record outlives it.
	assert.deepEqual(rows(db, 'SELECT id FROM api_requests WHERE id NOT IN (SELECT id FROM telemetry)'), []);
	assert.deepEqual(rows(db, 'SELECT id FROM hook_runs WHERE id NOT IN (SELECT id FROM telemetry)'), []);
}

test('the fixture has what the test prunes: API calls, hook runs, spans and tool calls', () => {
	for (const table of ['telemetry', 'api_requests', 'hook_runs', 'hook_time', 'spans', 'tool_telemetry', 'session_usage'])
		assert.ok((withReader(source, db => db.value<number>(`SELECT count(*) FROM ${table}`)) ?? 0) > 0, `${table} is empty`);
});

test('prune --older-than: telemetry received before the cutoff goes, and the cost and hook totals are what is left', () => {
	const {db, env, aged, total} = copyAged('half', 40, 'older half');
	const events = withReader(db, reader => reader.value<number>('SELECT count(*) FROM events'));
	const derived = () =>
		withReader(
			db,
			reader => reader.get<{calls: number; runs: number}>('SELECT (SELECT count(*) FROM api_requests) AS calls, (SELECT count(*) FROM hook_runs) AS runs')!,
		);
	const was = derived();

	const dry = runCli(['prune', '--older-than', '30d', '--dry-run'], {env});
	assert.equal(dry.status, 0, dry.stderr);
	assert.match(dry.stdout, new RegExp(`would delete 0 events .* and ${aged} telemetry records`));

	const result = runCli(['prune', '--older-than', '30d'], {env});
	assert.equal(result.status, 0, result.stderr);
	assert.match(result.stdout, new RegExp(`deleted 0 events .* and ${aged} telemetry records`));
	assert.equal(
		withReader(db, reader => reader.value<number>('SELECT count(*) FROM telemetry')),
		total - aged,
	);
	assert.equal(
		withReader(db, reader => reader.value<number>('SELECT count(*) FROM telemetry WHERE received_ts < ?', [Date.now() - 30 * day])),
		0,
	);
	assert.equal(
		withReader(db, reader => reader.value<number>('SELECT count(*) FROM events')),
		events,
		'the events were younger: they stay',
	);
	const now = derived();
	assert.ok(now.calls > 0 && now.calls < was.calls, `API calls: ${was.calls} → ${now.calls}, some of them`);
	assert.ok(now.runs > 0 && now.runs < was.runs, `hook runs: ${was.runs} → ${now.runs}, some of them`);
	assertTotalsMatchRecords(db);
	// The sessions view reads the recomputed totals without a complaint.
	assert.equal(runCli(['sessions', '--json'], {env}).status, 0);
});

test('prune --older-than with every record old: no telemetry, span, tool call or total is left', () => {
	const {db, env} = copyAged('all', 40, 'all');
	const result = runCli(['prune', '--older-than', '30d'], {env});
	assert.equal(result.status, 0, result.stderr);
	for (const table of ['telemetry', 'api_requests', 'hook_runs', 'hook_time', 'spans', 'tool_telemetry', 'session_usage', 'prompt_usage'])
		assert.equal(
			withReader(db, reader => reader.value<number>(`SELECT count(*) FROM ${table}`)),
			0,
			`${table} still has rows`,
		);
});

test('prune --keep-size: telemetry received before the oldest event left goes with the events', () => {
	const {db, env, aged} = copyAged('size', 40, 'all');
	const used = withReader(db, reader => (reader.value<number>('PRAGMA page_count') ?? 0) * (reader.value<number>('PRAGMA page_size') ?? 4096));
	const result = runCli(['prune', '--keep-size', String(used - 4096)], {env});
	assert.equal(result.status, 0, result.stderr);
	assert.match(result.stdout, new RegExp(`and ${aged} telemetry records to fit`));
	assert.equal(
		withReader(db, reader => reader.value<number>('SELECT count(*) FROM telemetry')),
		0,
	);
	assert.ok((withReader(db, reader => reader.value<number>('SELECT count(*) FROM events')) ?? 0) > 0, 'the newer events stay');
	assertTotalsMatchRecords(db);
});
