import assert from 'node:assert/strict';
import {test} from 'node:test';
import {fixtureLines, runCliAsync, withReader} from '../helpers.js';
import {bearer, type Collected, collected, countCollected, exportingHome, health, startCollector, until, waitExported} from '../export-helpers.js';
import {startServe} from '../serve-helpers.js';

const newestId = (db: string) => withReader(db, reader => reader.value<number>('SELECT max(id) FROM events') ?? 0);
const attribute = (record: Collected, key: string) => record.data.attributes[key];

test('two machines export to one collector: every event arrives once, with its host, and the sessions as traces', async t => {
	const collector = await startCollector(t);
	const endpoint = `http://127.0.0.1:${collector.daemon.port}`;
	const headers = bearer(collector.daemon.secret);
	const laptop = exportingHome(t, endpoint, {headers, resource: {'host.name': 'laptop-a'}});
	// The other machine names its host the standard way, and sends JSON.
	const runner = exportingHome(t, endpoint, {headers, protocol: 'http/json'});
	runner.env['OTEL_RESOURCE_ATTRIBUTES'] = 'host.name=ci-runner-b,deployment.environment=ci';
	const a = await startServe(laptop.env, laptop.db);
	const b = await startServe(runner.env, runner.db);
	t.after(() => a.child.kill('SIGKILL'));
	t.after(() => b.child.kill('SIGKILL'));

	const sessions = fixtureLines('claude-code-sessions.jsonl');
	const documented = fixtureLines('documented-events.jsonl');
	for (const line of sessions) assert.equal((await a.hook(line)).status, 200);
	for (const line of documented) assert.equal((await b.hook(line)).status, 200);
	const total = newestId(laptop.db) + newestId(runner.db);
	assert.equal(total, sessions.length + documented.length);
	await until(() => countCollected(collector.db, 'log') >= total, 20_000, 'every log record at the collector');
	await waitExported(a, newestId(laptop.db));
	await waitExported(b, newestId(runner.db));

	const logs = collected(collector.db).filter(record => record.signal === 'log');
	assert.equal(logs.length, total, 'each event once');
	assert.equal((await health(collector.daemon))['telemetry'].duplicates, 0, 'nothing arrived twice');
	for (const [host, db, count] of [
		['laptop-a', laptop.db, sessions.length],
		['ci-runner-b', runner.db, documented.length],
	] as const) {
		const mine = logs.filter(record => attribute(record, 'host.name') === host);
		assert.equal(mine.length, count, `${host}'s events`);
		assert.deepEqual(
			mine.map(record => attribute(record, 'eyelet.event_id')).sort((x, y) => Number(x) - Number(y)),
			withReader(db, reader => reader.all<{id: number}>('SELECT id FROM events ORDER BY id')).map(row => row.id),
		);
		for (const record of mine) assert.equal(record.data.resource['host.name'], host);
	}
	assert.equal(logs.find(record => attribute(record, 'host.name') === 'ci-runner-b')!.data.resource['deployment.environment'], 'ci');

	// Claude Code's keys, as its own records carry them.
	const pre = logs.find(record => attribute(record, 'event.name') === 'PreToolUse' && attribute(record, 'tool_name') === 'Agent')!;
	const payload = JSON.parse(sessions.find(line => line.includes('"PreToolUse"') && line.includes('"Agent"'))!);
	assert.equal(attribute(pre, 'session.id'), payload.session_id);
	assert.equal(attribute(pre, 'prompt.id'), payload.prompt_id);
	assert.equal(attribute(pre, 'tool_use_id'), payload.tool_use_id);
	assert.equal(pre.data.body, 'general-purpose: Check the files');
	assert.equal(attribute(pre, 'eyelet.status'), 'ok');
	assert.ok(String(attribute(pre, 'eyelet.payload')).includes('"subagent_type":"general-purpose"'), 'the payload attribute, summary mode');

	// The subagent fixture as a trace: session → prompt → the Agent call → the subagent → its calls.
	await until(
		() => countCollected(collector.db, 'span') > 0 && (async () => (await health(a))['export'].streams.every((s: any) => s.lagMs === 0))(),
		20_000,
		'spans',
	);
	const spans = collected(collector.db).filter(record => record.signal === 'span' && attribute(record, 'session.id') === payload.session_id);
	const byName = (name: string) => spans.filter(span => span.name === name);
	const [session] = byName('eyelet.session');
	assert.ok(session, 'the session span, made at its SessionEnd');
	assert.equal(session.data.parentSpanId, null);
	const agentCall = byName('eyelet.tool').find(span => attribute(span, 'gen_ai.tool.name') === 'Agent')!;
	assert.equal(attribute(agentCall, 'gen_ai.tool.call.id'), payload.tool_use_id);
	const prompt = byName('eyelet.prompt').find(span => span.data.spanId === agentCall.data.parentSpanId)!;
	assert.ok(prompt, 'the Agent call sits under its prompt');
	assert.equal(attribute(prompt, 'prompt.id'), payload.prompt_id);
	assert.equal(prompt.data.parentSpanId, session.data.spanId);
	const [subagent] = byName('eyelet.subagent');
	assert.equal(subagent!.data.parentSpanId, agentCall.data.spanId, 'the subagent sits under the Agent call that started it');
	const subagentCalls = byName('eyelet.tool').filter(span => attribute(span, 'agent_id') === attribute(subagent!, 'agent_id'));
	assert.ok(subagentCalls.length >= 2, 'the subagent made calls');
	for (const call of subagentCalls) assert.equal(call.data.parentSpanId, subagent!.data.spanId);
	for (const span of spans) assert.equal(span.data.traceId, session.data.traceId, 'one trace per session');
	// The log record of the Agent call points at its span.
	assert.equal(pre.data.spanId, agentCall.data.spanId);
	assert.equal(pre.data.traceId, agentCall.data.traceId);
	const laptopSpans = collected(collector.db).filter(record => record.signal === 'span' && attribute(record, 'host.name') === 'laptop-a');
	const failed = laptopSpans.filter(span => span.data.status?.code === 2);
	assert.ok(failed.length > 0, 'failed calls');
	for (const span of failed) assert.equal(attribute(span, 'eyelet.status'), 'error');

	// Re-export: the same records, span ids included, so the collector stores nothing new.
	const rowsBefore = countCollected(collector.db, 'log') + countCollected(collector.db, 'span');
	const spansBefore = spans.map(span => span.data.spanId).sort();
	const again = await runCliAsync(['export', '--otlp', '--since', '7d', '--all', '--db', laptop.db], {env: laptop.env});
	assert.equal(again.status, 0, again.stderr);
	assert.match(again.stdout, new RegExp(`exported ${sessions.length} log records and ${laptopSpans.length} spans`));
	assert.equal(countCollected(collector.db, 'log') + countCollected(collector.db, 'span'), rowsBefore, 'nothing new');
	assert.equal((await health(collector.daemon))['telemetry'].duplicates, sessions.length + laptopSpans.length, 'every record came again, the same');
	const spansAfter = collected(collector.db)
		.filter(record => record.signal === 'span' && attribute(record, 'session.id') === payload.session_id)
		.map(span => span.data.spanId)
		.sort();
	assert.deepEqual(spansAfter, spansBefore);

	// Without --all, a backfill sends only what the daemon did not: here, nothing.
	const backfill = await runCliAsync(['export', '--otlp', '--since', '7d', '--db', laptop.db], {env: laptop.env});
	assert.equal(backfill.status, 0, backfill.stderr);
	assert.match(backfill.stdout, /exported 0 log records and 0 spans/);
});
