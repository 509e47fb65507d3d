import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import protobuf from 'protobufjs';
import {fixtures, root, withReader} from '../helpers.js';
import {capture, clientTotals, postOtlp, replay} from '../otlp-helpers.js';
import {get, serveHome, startServe} from '../serve-helpers.js';

// Decodes with protobuf.js's reflection over the .proto files themselves, not with the daemon's
// generated decoders: an independent reading of the same bytes.
const definitions = (() => {
	const reflected = new protobuf.Root();
	reflected.resolvePath = (_origin, target) =>
		target.startsWith('google/protobuf/') ? join(root, 'node_modules', 'protobufjs', target) : target.startsWith('/') ? target : join(root, 'proto', target);
	reflected.loadSync([
		'opentelemetry/proto/collector/logs/v1/logs_service.proto',
		'opentelemetry/proto/collector/trace/v1/trace_service.proto',
		'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
		join(fixtures, 'otlp', 'status.proto'),
	]);
	return reflected;
})();
const type = (name: string) => definitions.lookupType(name);

interface Usage {
	session_id: string;
	calls: number;
	cost: number;
	input: number;
	output: number;
}

const usage = (db: string): Usage[] =>
	withReader(db, reader =>
		reader.all<Usage>(
			'SELECT session_id, sum(api_calls) AS calls, sum(cost_usd) AS cost, sum(input_tokens) AS input, sum(output_tokens) AS output FROM session_usage GROUP BY 1 ORDER BY 1',
		),
	);
const count = (db: string, table: string) => withReader(db, reader => reader.value<number>(`SELECT count(*) FROM ${table}`) ?? 0);

test("the JSON capture replayed into a real daemon: each session's cost and tokens are what the client reported", async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe(env, db);
	t.after(() => daemon.child.kill('SIGKILL'));
	await replay(daemon.port, daemon.auth, capture('claude-code-otlp.jsonl'));
	const stored = new Map(usage(db).map(row => [row.session_id, row]));
	for (const client of clientTotals()) {
		const ours = stored.get(client.session_id);
		assert.ok(ours, `session ${client.session_id} has usage`);
		assert.ok(Math.abs(ours.cost - client.total_cost_usd) <= client.total_cost_usd * 0.01, `${client.session_id}: ${ours.cost} vs ${client.total_cost_usd}`);
		const models = Object.values(client.modelUsage);
		// modelUsage counts subagents too (the client's own `usage` block does not): so must we.
		assert.equal(
			ours.input,
			models.reduce((sum, model) => sum + model.inputTokens, 0),
		);
		assert.equal(
			ours.output,
			models.reduce((sum, model) => sum + model.outputTokens, 0),
		);
	}
});

test('the protobuf capture (the client default) gives the same totals, and the same costs as an independent decode of its bytes', async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe(env, db);
	t.after(() => daemon.child.kill('SIGKILL'));
	const health = async () => JSON.parse((await get(daemon.port, '/health', daemon.auth)).body).telemetry;
	assert.equal((await health()).decoderLoadMs, null, 'no protobuf request yet: the decoders are not loaded');
	const requests = capture('claude-code-otlp-protobuf.jsonl');
	await replay(daemon.port, daemon.auth, requests);
	assert.equal(typeof (await health()).decoderLoadMs, 'number');

	// The same bytes read by protobuf.js reflection over proto/: every api_request's cost, summed.
	const Request = type('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
	let expectedCost = 0;
	let expectedCalls = 0;
	for (const request of requests) {
		const decoded = Request.toObject(Request.decode(request.body), {longs: Number}) as {
			resourceLogs: Array<{scopeLogs: Array<{logRecords: Array<{attributes: Array<{key: string; value: Record<string, unknown>}>}>}>}>;
		};
		for (const resource of decoded.resourceLogs)
			for (const scope of resource.scopeLogs)
				for (const record of scope.logRecords) {
					const attributes = Object.fromEntries(record.attributes.map(pair => [pair.key, Object.values(pair.value)[0]]));
					if (attributes['event.name'] !== 'api_request') continue;
					expectedCalls++;
					expectedCost += Number(attributes['cost_usd']);
				}
	}
	const [session] = usage(db);
	assert.ok(session && expectedCalls > 0);
	assert.equal(session.calls, expectedCalls);
	assert.ok(Math.abs(session.cost - expectedCost) < 1e-12);
	// It ran the basic scenario alone: the client reported that scenario's totals in the JSON run.
	const basic = clientTotals().find(client => client.session_id === 'ae3f2299-b5e0-4ebf-a4b4-8432e449c2a3')!;
	assert.ok(Math.abs(session.cost - basic.total_cost_usd) <= basic.total_cost_usd * 0.01);
	assert.equal(session.input, basic.modelUsage['claude-opus-5-5']!.inputTokens);
	assert.equal(session.output, basic.modelUsage['claude-opus-5-5']!.outputTokens);
});

const placed = (db: string) =>
	withReader(db, reader =>
		reader.all<Record<string, unknown>>(
			'SELECT tool_use_id, permission_wait_ms, execution_ms, pre_hook_ms, post_hook_ms FROM tool_telemetry ORDER BY session_id, tool_use_id',
		),
	);

test("a tool call's facts and its hook runs are joined whatever order they arrive in", async t => {
	const forward = serveHome(t);
	const backward = serveHome(t);
	const one = await startServe(forward.env, forward.db);
	const two = await startServe(backward.env, backward.db);
	t.after(() => {
		one.child.kill('SIGKILL');
		two.child.kill('SIGKILL');
	});
	const requests = capture('claude-code-otlp.jsonl');
	await replay(one.port, one.auth, requests);
	// Traces before logs, and the logs newest first: spans before their decisions, runs before their calls' results.
	await replay(two.port, two.auth, [...requests].reverse());
	const expected = placed(forward.db);
	assert.equal(expected.length, 13);
	assert.ok(expected.every(row => row['pre_hook_ms'] !== null && row['post_hook_ms'] !== null && row['permission_wait_ms'] !== null));
	assert.deepEqual(placed(backward.db), expected);
});

/** A JSON capture request in binary form, through protobuf.js reflection: hex ids become bytes, as OTLP/JSON says they are. */
function asProtobuf(entry: {path: string; body: Buffer}): Buffer {
	const names: Record<string, string> = {
		'/v1/logs': 'logs.v1.ExportLogsServiceRequest',
		'/v1/traces': 'trace.v1.ExportTraceServiceRequest',
		'/v1/metrics': 'metrics.v1.ExportMetricsServiceRequest',
	};
	const Request = type(`opentelemetry.proto.collector.${names[entry.path]}`);
	const json = JSON.parse(entry.body.toString());
	const walk = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(walk);
		if (value === null || typeof value !== 'object') return value;
		return Object.fromEntries(
			Object.entries(value).map(([key, inner]) => [
				key,
				/^(traceId|spanId|parentSpanId)$/.test(key) && typeof inner === 'string' ? Buffer.from(inner, 'hex') : walk(inner),
			]),
		);
	};
	return Buffer.from(Request.encode(Request.fromObject(walk(json) as Record<string, unknown>)).finish());
}

const stored = (db: string) =>
	withReader(db, reader => ({
		records: reader.all('SELECT signal, name, count(*) AS n FROM telemetry GROUP BY 1, 2 ORDER BY 1, 2'),
		usage: usage(db),
		tools: reader.all('SELECT * FROM tool_telemetry ORDER BY session_id, tool_use_id'),
		hooks: reader.all('SELECT hook_name, runs, total_ms, solo_runs FROM hook_time ORDER BY 1'),
		spans: reader.value<number>('SELECT count(*) FROM spans'),
		metrics: reader.all("SELECT name, ts, data ->> '$.value' AS value FROM telemetry WHERE signal = 'metric' ORDER BY name, ts, value"),
	}));

test('logs, spans and metrics read the same in protobuf as in JSON', async t => {
	const json = serveHome(t);
	const binary = serveHome(t);
	const one = await startServe(json.env, json.db);
	const two = await startServe(binary.env, binary.db);
	t.after(() => {
		one.child.kill('SIGKILL');
		two.child.kill('SIGKILL');
	});
	const requests = capture('claude-code-otlp.jsonl');
	await replay(one.port, one.auth, requests);
	await replay(
		two.port,
		two.auth,
		requests.map(entry => ({path: entry.path, type: 'application/x-protobuf', body: asProtobuf(entry)})),
	);
	const fromJson = stored(json.db);
	assert.ok((fromJson.spans ?? 0) > 0 && fromJson.metrics.length > 0);
	assert.deepEqual(stored(binary.db), fromJson);
});

test('a request sent again (the client retries) counts once', async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe(env, db);
	t.after(() => daemon.child.kill('SIGKILL'));
	const requests = capture('claude-code-otlp.jsonl');
	await replay(daemon.port, daemon.auth, requests);
	const once = {telemetry: count(db, 'telemetry'), usage: usage(db), hooks: count(db, 'hook_runs'), tools: count(db, 'tool_telemetry')};
	await replay(daemon.port, daemon.auth, requests);
	await replay(daemon.port, daemon.auth, [...requests].reverse());
	assert.deepEqual({telemetry: count(db, 'telemetry'), usage: usage(db), hooks: count(db, 'hook_runs'), tools: count(db, 'tool_telemetry')}, once);
	const health = JSON.parse((await get(daemon.port, '/health', daemon.auth)).body).telemetry;
	assert.equal(health.added, once.telemetry);
	assert.equal(health.duplicates, once.telemetry * 2);
});

test('records alike but a millisecond apart are two records, at their own milliseconds', async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe(env, db);
	t.after(() => daemon.child.kill('SIGKILL'));
	// Past 2^53 nanoseconds a double cannot hold these: Number('1796131951170000000') / 1e6 is ...169.9998.
	const times = ['1796131951170000000', '1796131951169000000', '1796131951168999999'];
	const logRecords = times.map(timeUnixNano => ({timeUnixNano, body: {stringValue: 'same'}, attributes: [{key: 'event.name', value: {stringValue: 'tick'}}]}));
	const body = JSON.stringify({resourceLogs: [{resource: {attributes: []}, scopeLogs: [{logRecords}]}]});
	assert.equal((await postOtlp(daemon.port, '/v1/logs', 'application/json', body, daemon.auth)).status, 200);
	assert.deepEqual(
		withReader(db, reader => reader.all<{ts: number}>('SELECT ts FROM telemetry ORDER BY id').map(row => row.ts)),
		[1796131951170, 1796131951169, 1796131951168],
	);
});

test('the answers are what OTLP/HTTP specifies, in the encoding of the request', async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe(env, db);
	t.after(() => daemon.child.kill('SIGKILL'));
	const Status = type('google.rpc.Status');
	const [logs] = capture('claude-code-otlp.jsonl');
	const [binary] = capture('claude-code-otlp-protobuf.jsonl');

	const ok = await postOtlp(daemon.port, '/v1/logs', 'application/json', logs!.body, daemon.auth);
	assert.deepEqual([ok.status, ok.type, JSON.parse(ok.body.toString())], [200, 'application/json', {}]);
	const okBinary = await postOtlp(daemon.port, '/v1/logs', 'application/x-protobuf', binary!.body, daemon.auth);
	assert.deepEqual([okBinary.status, okBinary.type], [200, 'application/x-protobuf']);
	assert.deepEqual(type('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse').decode(okBinary.body).toJSON(), {});
	const stored = count(db, 'telemetry');

	// Bad data: 400 with a google.rpc.Status, and nothing stored.
	const notJson = await postOtlp(daemon.port, '/v1/logs', 'application/json', '{"resourceLogs": [', daemon.auth);
	assert.equal(notJson.status, 400);
	assert.match(JSON.parse(notJson.body.toString()).message, /not JSON/);
	const garbage = await postOtlp(daemon.port, '/v1/traces', 'application/x-protobuf', Buffer.from([0x0a, 0xff, 0xff, 0x01, 0x02]), daemon.auth);
	assert.deepEqual([garbage.status, garbage.type], [400, 'application/x-protobuf']);
	assert.match(String(Status.decode(garbage.body).toJSON()['message']), /not a protobuf ExportTraceServiceRequest/);
	const wrongShape = await postOtlp(daemon.port, '/v1/logs', 'application/json', '{"resourceLogs": 5}', daemon.auth);
	assert.equal(wrongShape.status, 400);
	assert.equal(count(db, 'telemetry'), stored, 'a refused request stores nothing');

	// Partial success: the readable records are stored, the rest counted in partial_success.
	const body = JSON.parse(logs!.body.toString());
	const records = body.resourceLogs[0].scopeLogs[0].logRecords;
	records.push('not a record', {attributes: 'nope'});
	const partial = await postOtlp(daemon.port, '/v1/logs', 'application/json', JSON.stringify(body), daemon.auth);
	assert.equal(partial.status, 200);
	const answer = JSON.parse(partial.body.toString());
	assert.equal(answer.partialSuccess.rejectedLogRecords, '2');
	assert.match(answer.partialSuccess.errorMessage, /2 rejected/);

	const unsupported = await postOtlp(daemon.port, '/v1/metrics', 'text/plain', 'hello', daemon.auth);
	assert.equal(unsupported.status, 415);
	assert.ok(JSON.parse(unsupported.body.toString()).message);
	const wrongMethod = await get(daemon.port, '/v1/logs', daemon.auth);
	assert.equal(wrongMethod.status, 405);
});

test('a request without the secret is refused (401 with a Status) and stores nothing', async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe(env, db);
	t.after(() => daemon.child.kill('SIGKILL'));
	const [binary] = capture('claude-code-otlp-protobuf.jsonl');
	const [logs] = capture('claude-code-otlp.jsonl');
	const none = await postOtlp(daemon.port, '/v1/logs', 'application/x-protobuf', binary!.body);
	assert.deepEqual([none.status, none.type], [401, 'application/x-protobuf']);
	assert.match(String(type('google.rpc.Status').decode(none.body).toJSON()['message']), /secret/);
	const wrong = await postOtlp(daemon.port, '/v1/logs', 'application/json', logs!.body, {authorization: `Bearer eyelet_${'0'.repeat(64)}`});
	assert.equal(wrong.status, 401);
	const hostile = await postOtlp(daemon.port, '/v1/logs', 'application/json', logs!.body, {...daemon.auth, host: 'evil.example:80'});
	assert.equal(hostile.status, 403);
	assert.equal(count(db, 'telemetry'), 0);
});

test('every stored string is redacted: a secret in a prompt or a tool input does not reach the disk', async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe(env, db);
	t.after(() => daemon.child.kill('SIGKILL'));
	const secret = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
	const [logs] = capture('claude-code-otlp.jsonl');
	const text = logs!.body.toString().replace('SCENARIO:subagent please do the steps', `deploy with ${secret}`);
	assert.ok(text.includes(secret));
	assert.equal((await postOtlp(daemon.port, '/v1/logs', 'application/json', text, daemon.auth)).status, 200);
	const raw = readFileSync(db).toString('latin1') + readFileSync(`${db}-wal`).toString('latin1');
	assert.ok(!raw.includes(secret), 'the secret is nowhere in the database file or its WAL');
	const stored = withReader(db, reader => reader.value<string>("SELECT data ->> '$.attributes.prompt' FROM telemetry WHERE name = 'user_prompt' LIMIT 1"));
	assert.match(stored ?? '', /deploy with \[REDACTED:github-token\]/);
});

test("the decoders are generated from proto/ as committed, and only the daemon's decoding thread has them", () => {
	const check = spawnSync(process.execPath, [join(root, 'scripts', 'generate-otlp.mjs'), '--check'], {encoding: 'utf8'});
	assert.equal(check.status, 0, check.stderr);
	assert.ok(readFileSync(join(root, 'dist', 'otlp-worker.cjs'), 'utf8').includes('ExportLogsServiceRequest'));
	for (const bundle of ['record.cjs', 'serve.cjs']) {
		const code = readFileSync(join(root, 'dist', bundle), 'utf8');
		assert.ok(!code.includes('ExportLogsServiceRequest'), `${bundle} holds no OTLP decoder: the decoding thread loads them when the first request comes`);
	}
	assert.ok(!readFileSync(join(root, 'dist', 'record.cjs'), 'utf8').includes('protobufjs'), 'the record bundle holds no protobuf code at all');
});
