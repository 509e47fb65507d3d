// Claude Code's telemetry in eyelet serve (issue 15, Performance). Each figure beside its target and a
// peer measured in the same run, because the machine is shared.
//   ingest    decoding and storing OTLP log records, in-process through the daemon's own code
//             (protobuf and JSON): records/s (target >= 20,000)
//   hooks     a hook POST's p50/p99 under a 16-client hook load, alone and while protobuf telemetry
//             batches arrive at the same daemon (target: p99 <= 50 ms, the daemon's hook target)
//   timeline  a 2,000-event session's timeline on the million-event database, with the cost join and
//             without it (target: <= 1.2x)
// BENCH_PARTS=ingest,hooks,timeline runs only those; BENCH_QUICK=1 shrinks the loads.
import {spawn} from 'node:child_process';
import {copyFileSync, mkdirSync, readFileSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {request} from 'node:http';
import {loadavg} from 'node:os';
import {join} from 'node:path';
import {createRedactor} from '../dist/events/redact.js';
import {joinTelemetry} from '../dist/events/telemetry-join.js';
import {buildTimeline, flattenTimeline} from '../dist/events/timeline.js';
import {decodeJson} from '../dist/serve/otlp/json.js';
import {decodeProtobuf} from '../dist/serve/otlp/protobuf.js';
import {telemetryRows} from '../dist/serve/otlp/records.js';
import {openReader, openWriter} from '../dist/store/db.js';
import {migrate} from '../dist/store/migrate.js';
import {sessionTelemetry} from '../dist/store/telemetry.js';
import {insertTelemetry} from '../dist/store/telemetry-write.js';
import {sessionEvents} from '../dist/store/timeline.js';
import {timelineLines} from '../dist/tui/panes/timeline/lines.js';
import {longSessionDb} from './lib/long-session.mjs';
import {startDaemon} from './lib/daemon.mjs';
import {machine, median, ms, percentile, root, workDir} from './lib/measure.mjs';

const require = createRequire(import.meta.url);
const protobuf = require('protobufjs');
const quick = process.env.BENCH_QUICK === '1';
const parts = new Set((process.env.BENCH_PARTS ?? 'ingest,hooks,timeline').split(','));
const dir = workDir('telemetry');
const capture = readFileSync(join(root, 'test', 'fixtures', 'otlp', 'claude-code-otlp.jsonl'), 'utf8')
	.split('\n')
	.filter(Boolean)
	.map(line => JSON.parse(line));
console.log(
	`machine: ${machine()}, load average ${loadavg()
		.map(l => l.toFixed(2))
		.join(' ')}`,
);

// The capture's log records, cycled into requests of `size` records with fresh times, so none is a duplicate.
const templates = capture.filter(r => r.path === '/v1/logs').flatMap(r => r.body.resourceLogs[0].scopeLogs[0].logRecords);
const resource = capture.find(r => r.path === '/v1/logs').body.resourceLogs[0].resource;
let serial = 0;
function jsonRequest(size, session = 'bench') {
	const records = Array.from({length: size}, (_, i) => {
		const record = structuredClone(templates[i % templates.length]);
		const ns = BigInt(1796109822581000000n) + BigInt(++serial) * 1000000n;
		record.timeUnixNano = String(ns);
		for (const attribute of record.attributes) if (attribute.key === 'session.id') attribute.value = {stringValue: `${session}-${serial % 50}`};
		return record;
	});
	return {resourceLogs: [{resource, scopeLogs: [{scope: {name: 'com.anthropic.claude_code.events', version: '2.1.332'}, logRecords: records}]}]};
}
const definitions = new protobuf.Root();
definitions.resolvePath = (_origin, target) => join(root, 'proto', target);
definitions.loadSync('opentelemetry/proto/collector/logs/v1/logs_service.proto');
const Request = definitions.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
// OTLP JSON → protobuf.js's plain objects: hex ids as bytes, 64-bit integers as strings.
function toProtobuf(json) {
	const fix = record => ({
		...record,
		traceId: record.traceId ? Buffer.from(record.traceId, 'hex') : undefined,
		spanId: record.spanId ? Buffer.from(record.spanId, 'hex') : undefined,
	});
	const object = {resourceLogs: json.resourceLogs.map(r => ({...r, scopeLogs: r.scopeLogs.map(s => ({...s, logRecords: s.logRecords.map(fix)}))}))};
	return Buffer.from(Request.encode(Request.fromObject(object)).finish());
}

function post(port, path, headers, body) {
	return new Promise(done => {
		const started = performance.now();
		const req = request({host: '127.0.0.1', port, path, method: 'POST', headers: {'content-length': body.length, ...headers}}, res => {
			res.resume();
			res.on('end', () => done({status: res.statusCode, ms: performance.now() - started}));
		});
		req.on('error', () => done({status: 0, ms: performance.now() - started}));
		req.end(body);
	});
}

if (parts.has('ingest')) {
	const redactor = createRedactor();
	const batches = quick ? 20 : 60;
	const size = 500;
	for (const encoding of ['protobuf', 'json']) {
		const db = join(dir, `ingest-${encoding}.db`);
		const writer = openWriter(db);
		migrate(writer);
		const bodies = Array.from({length: batches}, () => {
			const json = jsonRequest(size);
			return encoding === 'json' ? Buffer.from(JSON.stringify(json)) : toProtobuf(json);
		});
		let decodeMs = 0;
		let storeMs = 0;
		let stored = 0;
		for (const body of bodies) {
			const started = performance.now();
			const batch = encoding === 'json' ? decodeJson('logs', body) : decodeProtobuf('logs', body);
			const rows = telemetryRows(batch, redactor);
			const decoded = performance.now();
			for (let at = 0; at < rows.length; at += 200) stored += insertTelemetry(writer, rows.slice(at, at + 200), Date.now()).added;
			decodeMs += decoded - started;
			storeMs += performance.now() - decoded;
		}
		writer.close();
		const records = batches * size;
		console.log(
			`ingest ${encoding}: ${records} log records (${stored} stored) in ${((decodeMs + storeMs) / 1000).toFixed(2)} s: ${Math.round(records / ((decodeMs + storeMs) / 1000))} records/s (decode + redact ${Math.round(records / (decodeMs / 1000))}/s, store ${Math.round(records / (storeMs / 1000))}/s)  (target >= 20,000/s)`,
		);
	}
}

/** A daemon on its own database, as eyelet starts it (bench/lib/daemon.mjs). */
async function daemon(name) {
	const home = join(dir, name);
	mkdirSync(home, {recursive: true});
	const db = join(home, 'events.db');
	return startDaemon(db, {...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config')});
}

// Through the daemon: protobuf requests of 500 records from 2 clients, each answered once committed.
if (parts.has('ingest')) {
	const d = await daemon('ingest-daemon');
	const auth = {authorization: `Bearer ${d.secret}`, 'content-type': 'application/x-protobuf'};
	await post(d.port, '/v1/logs', auth, toProtobuf(jsonRequest(10)));
	const requests = quick ? 30 : 80;
	const bodies = Array.from({length: requests}, () => toProtobuf(jsonRequest(500)));
	let next = 0;
	const started = performance.now();
	await Promise.all(
		[0, 1].map(async () => {
			while (next < bodies.length) {
				const answer = await post(d.port, '/v1/logs', auth, bodies[next++]);
				if (answer.status !== 200) throw new Error(`answered ${answer.status}`);
			}
		}),
	);
	const seconds = (performance.now() - started) / 1000;
	const health = await new Promise(done =>
		request({host: '127.0.0.1', port: d.port, path: '/health', headers: {authorization: auth.authorization}}, res => {
			let text = '';
			res.on('data', chunk => (text += chunk));
			res.on('end', () => done(JSON.parse(text)));
		}).end(),
	);
	console.log(
		`ingest through eyelet serve (protobuf, 2 clients, ${requests} requests of 500): ${Math.round((requests * 500) / seconds)} log records/s stored and answered (${health.telemetry.added - 10} added; decoders loaded in ${health.telemetry.decoderLoadMs} ms)  (target >= 20,000/s)`,
	);
	d.child.kill('SIGTERM');
}

if (parts.has('hooks')) {
	const {child, port, secret} = await daemon('hooks');
	const load = prefix =>
		new Promise(done => {
			const generator = spawn(
				process.execPath,
				[
					join(root, 'bench', 'lib', 'http-load.mjs'),
					String(port),
					secret,
					'16',
					quick ? '100' : '300',
					join(root, 'test', 'fixtures', 'claude-code-sessions.jsonl'),
					prefix,
				],
				{stdio: ['ignore', 'pipe', 'inherit']},
			);
			let out = '';
			generator.stdout.on('data', chunk => (out += chunk));
			generator.on('close', () => done(JSON.parse(out)));
		});
	const bodies = Array.from({length: 40}, () => toProtobuf(jsonRequest(500, 'load')));
	const auth = {authorization: `Bearer ${secret}`, 'content-type': 'application/x-protobuf'};
	const alone1 = await load('alone1');
	let sending = true;
	let sent = 0;
	const telemetryMs = [];
	const sender = (async () => {
		for (let i = 0; sending; i++) {
			const answer = await post(port, '/v1/logs', auth, bodies[i % bodies.length]);
			if (answer.status === 200) sent += 500;
			telemetryMs.push(answer.ms);
		}
	})();
	const started = performance.now();
	const loaded = await load('loaded');
	const seconds = (performance.now() - started) / 1000;
	sending = false;
	await sender;
	const alone2 = await load('alone2');
	console.log(`hooks: 16 clients x ${quick ? 100 : 300} hook POSTs`);
	console.log(
		`  alone                        p50 ${ms(Math.min(alone1.p50, alone2.p50))}  p99 ${ms(Math.max(alone1.p99, alone2.p99))}  (two runs, around the next)`,
	);
	console.log(
		`  with telemetry arriving      p50 ${ms(loaded.p50)}  p99 ${ms(loaded.p99)}  (${Math.round(sent / seconds)} log records/s in ${telemetryMs.length} requests of 500, each answered in p50 ${ms(median(telemetryMs))})  (target: p99 <= 50 ms)`,
	);
	console.log(`  acknowledged ${loaded.acknowledged}/${loaded.sent}`);
	child.kill('SIGTERM');
}

if (parts.has('timeline')) {
	const {path: base, sessionId, events} = await longSessionDb(2000, quick ? 50_000 : 1_000_000);
	const path = join(dir, 'timeline.db');
	copyFileSync(base, path);
	for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, {force: true});
	const writer = openWriter(path);
	migrate(writer);
	// The long session as if telemetry had been on: a prompt id per prompt, five API calls per prompt,
	// a tool row per call and a hook run per event; and 200,000 API calls of other sessions around it.
	const redactor = createRedactor();
	const prompts = writer.all("SELECT id FROM events WHERE session_id = ? AND event = 'UserPromptSubmit'", [sessionId]);
	writer.transaction(() => {
		for (const {id} of prompts) writer.run("UPDATE events SET payload = jsonb_set(payload, '$.prompt_id', ?) WHERE id = ?", [`prompt-${id}`, id]);
	});
	const eventsOf = writer.all('SELECT id, ts, event, tool, tool_use_id, agent_id FROM events WHERE session_id = ? ORDER BY id', [sessionId]);
	const attr = (key, value) => ({key, value: typeof value === 'number' ? {intValue: value} : {stringValue: value}});
	const log = (ts, name, attributes) => ({
		timeUnixNano: String(BigInt(ts) * 1000000n),
		attributes: [attr('event.name', name), attr('session.id', sessionId), ...attributes],
	});
	let prompt = null;
	const records = [];
	for (const event of eventsOf) {
		if (event.event === 'UserPromptSubmit') {
			prompt = `prompt-${event.id}`;
			for (let i = 0; i < 5; i++)
				records.push(
					log(event.ts + i, 'api_request', [
						attr('prompt.id', prompt),
						attr('model', 'claude-opus-5-5'),
						attr('input_tokens', 1200),
						attr('output_tokens', 300),
						attr('duration_ms', 900),
					]),
				);
		}
		if (event.tool_use_id && event.event === 'PostToolUse')
			records.push(
				log(event.ts, 'tool_result', [
					attr('tool_use_id', event.tool_use_id),
					attr('tool_name', event.tool ?? ''),
					attr('success', 'true'),
					attr('duration_ms', '40'),
				]),
			);
		if (event.event)
			records.push(
				log(event.ts + 2, 'hook_execution_complete', [
					attr('hook_event', event.event),
					attr('hook_name', event.tool ? `${event.event}:${event.tool}` : event.event),
					attr('num_hooks', '1'),
					attr('total_duration_ms', '5'),
				]),
			);
	}
	const others = quick ? 20_000 : 200_000;
	for (let i = 0; i < others; i++)
		records.push({
			timeUnixNano: String(BigInt(1796109822581 + i) * 1000000n),
			attributes: [
				attr('event.name', 'api_request'),
				attr('session.id', `other-${i % 5000}`),
				attr('prompt.id', `p-${i % 20000}`),
				attr('model', 'claude-opus-5-5'),
				attr('input_tokens', 10),
			],
		});
	for (let at = 0; at < records.length; at += 5000) {
		const batch = decodeJson(
			'logs',
			Buffer.from(JSON.stringify({resourceLogs: [{resource: {attributes: []}, scopeLogs: [{logRecords: records.slice(at, at + 5000)}]}]})),
		);
		insertTelemetry(writer, telemetryRows(batch, redactor), Date.now());
	}
	writer.pragma('wal_checkpoint(TRUNCATE)');
	writer.close();
	const plain = db => {
		const {session, events: read} = sessionEvents(db, sessionId);
		const flat = flattenTimeline(buildTimeline(read, {sessionEnded: session?.state === 'ended'}));
		return timelineLines(flat, read, session?.project ?? null).length;
	};
	const joined = db => {
		const {session, events: read} = sessionEvents(db, sessionId);
		const flat = flattenTimeline(buildTimeline(read, {sessionEnded: session?.state === 'ended'}));
		const telemetry = sessionTelemetry(db, sessionId);
		return timelineLines(flat, read, session?.project ?? null, joinTelemetry(flat, telemetry)).length;
	};
	const cold = {plain: [], joined: []};
	const warm = {plain: [], joined: []};
	const runs = quick ? 4 : 16;
	for (let run = 0; run < runs; run++) {
		// Which goes first alternates: the second of a pair finds the code warmer.
		const pair = [
			['plain', plain],
			['joined', joined],
		];
		for (const [name, fn] of run % 2 ? pair.reverse() : pair) {
			const db = openReader(path);
			let started = performance.now();
			fn(db);
			cold[name].push(performance.now() - started);
			const repeats = [];
			for (let i = 0; i < 5; i++) {
				started = performance.now();
				fn(db);
				repeats.push(performance.now() - started);
			}
			warm[name].push(median(repeats));
			db.close();
		}
	}
	// The ratio of each pair, measured seconds apart, then their median: load drifts between pairs more than within one.
	const ratio = (a, b) => median(a.map((value, index) => value / b[index])).toFixed(2);
	console.log(
		`timeline of a ${events}-event session (${prompts.length} prompts) on ${base.split('/').at(-1)} plus ${records.length} telemetry records, ${runs} pairs of connections, each of a pair first in turn; ratios are the median of the pairs' ratios:`,
	);
	console.log(`  without the cost join  cold ${ms(median(cold.plain))}  warm ${ms(median(warm.plain))}`);
	console.log(`  with the cost join     cold ${ms(median(cold.joined))}  warm ${ms(median(warm.joined))}`);
	console.log(`  ratio                  cold ${ratio(cold.joined, cold.plain)}x  warm ${ratio(warm.joined, warm.plain)}x  (target <= 1.2x)`);
	console.log(`  p90 cold: ${ms(percentile(cold.plain, 90))} / ${ms(percentile(cold.joined, 90))}`);
	// What the join itself adds, step by step on one warm connection: less exposed to the machine's noise.
	const reader = openReader(path);
	const steps = {timeline: [], read: [], join: [], lines: [], plainLines: []};
	for (let i = 0; i < 41; i++) {
		let started = performance.now();
		const {session, events: read} = sessionEvents(reader, sessionId);
		const flat = flattenTimeline(buildTimeline(read, {sessionEnded: session?.state === 'ended'}));
		steps.timeline.push(performance.now() - started);
		started = performance.now();
		timelineLines(flat, read, session?.project ?? null);
		steps.plainLines.push(performance.now() - started);
		started = performance.now();
		const telemetry = sessionTelemetry(reader, sessionId);
		steps.read.push(performance.now() - started);
		started = performance.now();
		const joinedRows = joinTelemetry(flat, telemetry);
		steps.join.push(performance.now() - started);
		started = performance.now();
		timelineLines(flat, read, session?.project ?? null, joinedRows);
		steps.lines.push(performance.now() - started);
	}
	reader.close();
	// The copy is the size of the million-event database: not kept.
	for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, {force: true});
	const without = median(steps.timeline) + median(steps.plainLines);
	const extra = median(steps.read) + median(steps.join) + Math.max(0, median(steps.lines) - median(steps.plainLines));
	console.log(
		`  step by step (warm, medians of 41): timeline ${ms(without)}; the join adds its read ${ms(median(steps.read))}, the join ${ms(median(steps.join))}, longer lines ${ms(Math.max(0, median(steps.lines) - median(steps.plainLines)))}: ${((without + extra) / without).toFixed(2)}x`,
	);
}
console.log(
	`load average at the end ${loadavg()
		.map(l => l.toFixed(2))
		.join(' ')}`,
);
