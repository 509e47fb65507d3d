import assert from 'node:assert/strict';
import {existsSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {
	DeliveryRebuilder,
	deliveryNeedles,
	deliveryTargetOf,
	failedDelivery,
	type RebuiltDelivery,
	rebuildDeliveries,
} from '../../source/events/delivery-rebuild.js';
import {normalizeValue} from '../../source/events/normalize.js';
import {createRedactor} from '../../source/events/redact.js';
import {basicTranscript} from '../harvest-helpers.js';
import {fixtureLines, fixtures} from '../helpers.js';

const target = {host: '127.0.0.1', port: 14400};
const truth: Array<Record<string, any>> = fixtureLines('http-down/hook-payloads.jsonl').map(line => JSON.parse(line));
// SessionStart takes no http hooks and SessionEnd comes after the transcript's end: the command recorder keeps both.
const missed = truth.filter(payload => payload.hook_event_name !== 'SessionStart' && payload.hook_event_name !== 'SessionEnd');
const sessionIds = [...new Set(truth.map(payload => payload.session_id as string))];
const transcriptPathOf = (session: string): string => truth.find(payload => payload.session_id === session)!.transcript_path;

/** The session's transcript, then its subagents' (each file in its own order). */
function transcriptFiles(session: string): string[][] {
	const subagents = join(fixtures, 'http-down', 'transcripts', session, 'subagents');
	const names = existsSync(subagents) ? readdirSync(subagents).sort() : [];
	return [`http-down/transcripts/${session}.jsonl`, ...names.map(name => `http-down/transcripts/${session}/subagents/${name}`)].map(fixtureLines);
}

const rebuild = (session: string, lines: string[] = transcriptFiles(session).flat(), options = {}) =>
	rebuildDeliveries(lines, {target, transcriptPath: transcriptPathOf(session), ...options});
const rebuiltAll = () => sessionIds.flatMap(session => rebuild(session));

/** What identifies one delivery among a session's: its call, or the calls of its batch; else its order. */
function identityOf(payload: Record<string, any>): string {
	const calls = Array.isArray(payload['tool_calls']) ? payload['tool_calls'].map((call: any) => call.tool_use_id).join(',') : '';
	return [payload['session_id'], payload['hook_event_name'], payload['agent_id'] ?? '', payload['tool_use_id'] ?? calls].join(' ');
}

/** Each ground-truth payload with the rebuilt delivery for it, in order within the same identity. */
function pairs(rebuilt: RebuiltDelivery[]): Array<{expected: Record<string, any>; actual: RebuiltDelivery}> {
	const byIdentity = new Map<string, RebuiltDelivery[]>();
	for (const delivery of rebuilt) {
		const key = identityOf(delivery.payload);
		byIdentity.set(key, [...(byIdentity.get(key) ?? []), delivery]);
	}
	return missed.map(expected => {
		const actual = byIdentity.get(identityOf(expected))?.shift();
		assert.ok(actual, `no rebuilt delivery for ${identityOf(expected)}`);
		return {expected, actual};
	});
}

/**
 * The fields a rebuilt payload cannot hold exactly, and why. Every other field Claude Code sent must be
 * equal, and the rebuilt payload must hold no field Claude Code did not send.
 */
const notInTranscript: Record<string, string> = {
	duration_ms: 'Claude Code times the tool call (PostToolUse, PostToolUseFailure) and writes the figure nowhere in the transcript',
};
const approximatedInSubagents: Record<string, string> = {
	tool_response: "a subagent's transcript keeps no toolUseResult (the main one does), so a subagent call's PostToolUse carries the tool_result the model saw",
};

test('every delivery the http hook missed is rebuilt once: same events per session and type', () => {
	const rebuilt = rebuiltAll();
	const count = (payloads: Array<Record<string, any>>) => {
		const counts: Record<string, number> = {};
		for (const payload of payloads)
			counts[`${payload['session_id']} ${payload['hook_event_name']}`] = (counts[`${payload['session_id']} ${payload['hook_event_name']}`] ?? 0) + 1;
		return counts;
	};
	assert.equal(rebuilt.length, 47);
	assert.deepEqual(count(rebuilt.map(delivery => delivery.payload)), count(missed));
	assert.equal(new Set(rebuilt.map(delivery => delivery.dedupeKey)).size, rebuilt.length);
	assert.ok(rebuilt.every(delivery => delivery.origin === 'transcript' && delivery.failure.kind === 'refused' && !delivery.failure.mayHaveLanded));
});

test('rebuilt payloads equal the ground truth field by field, except the fields the transcript does not hold', () => {
	for (const {expected, actual} of pairs(rebuiltAll())) {
		const label = identityOf(expected);
		const inSubagent = typeof expected['agent_id'] === 'string';
		for (const key of new Set([...Object.keys(expected), ...Object.keys(actual.payload)])) {
			if (key in notInTranscript) {
				assert.ok(!(key in actual.payload), `${label}: ${key} is not in the transcript, so it is left out`);
				assert.ok(actual.missing.includes(key), `${label}: ${key} is listed as missing`);
			} else if (key in approximatedInSubagents && inSubagent && expected['hook_event_name'] === 'PostToolUse') {
				assert.ok(actual.approximated.includes(key), `${label}: ${key} is listed as approximated`);
			} else {
				assert.deepStrictEqual(actual.payload[key], expected[key], `${label}: ${key}`);
			}
		}
		assert.deepEqual(
			actual.missing,
			Object.keys(notInTranscript).filter(key => key in expected),
			`${label}: nothing else is missing`,
		);
		// Claude Code's key order too, so a stored rebuilt payload reads like a delivered one.
		const shared = (from: Record<string, unknown>, other: Record<string, unknown>) => Object.keys(from).filter(key => key in other);
		assert.deepEqual(shared(actual.payload, expected), shared(expected, actual.payload), `${label}: key order`);
	}
});

test("a subagent call's tool_response is the tool_result the model saw", () => {
	const subagentPosts = rebuiltAll().filter(delivery => delivery.payload['agent_id'] && delivery.payload['hook_event_name'] === 'PostToolUse');
	assert.deepEqual(
		subagentPosts.map(delivery => [delivery.payload['tool_use_id'], delivery.payload['tool_response'], delivery.approximated]),
		[
			['toolu_sub1_0_0_903695382087', 'from-subagent', ['tool_response']],
			['toolu_sub1_1_0_903810480651', '1\talpha\n2\t', ['tool_response']],
		],
	);
});

test("rebuilt payloads get the same status, summary and signature as the delivered ones from eyelet's normalisation", () => {
	const options = {redactor: createRedactor(), maxPayloadBytes: 1024 * 1024};
	const normalize = (payload: Record<string, unknown>) => {
		const json = JSON.stringify(payload);
		return normalizeValue(JSON.parse(json), Buffer.from(json), options);
	};
	let errors = 0;
	for (const {expected, actual} of pairs(rebuiltAll())) {
		const want = normalize(expected);
		const got = normalize(actual.payload);
		assert.deepEqual([got.status, got.summary, got.signature], [want.status, want.summary, want.signature], identityOf(expected));
		if (got.status === 'error') errors++;
	}
	assert.equal(errors, 4, 'the three PostToolUseFailures, and the batch whose Edit Claude Code rejected');
	const failure = rebuiltAll().find(
		delivery => delivery.payload['tool_use_id'] === 'toolu_basic_1_0_903634726235' && delivery.payload['hook_event_name'] === 'PostToolUseFailure',
	)!;
	assert.deepEqual(
		[normalize(failure.payload).status, normalize(failure.payload).signature],
		['error', 'Bash: Exit code <n>: ls: cannot access <q>: No such file or directory'],
	);
});

test("each rebuilt delivery has the time its hook fired: the failure line's", () => {
	const [first] = rebuild('9f024e0e-adf2-4139-abe1-a894b2ad21d1');
	assert.equal(first!.payload['hook_event_name'], 'UserPromptSubmit');
	assert.equal(first!.ts, Date.parse('2026-12-01T07:24:14.145Z'));
	assert.equal(first!.dedupeKey, 'rebuilt:9f024e0e-adf2-4139-abe1-a894b2ad21d1:UserPromptSubmit:fcb9dcf6-9706-4b0d-b7c4-3530ccfe4183');
});

test('the same transcript fed twice, or with a copy, gives the same deliveries with the same keys', () => {
	for (const session of sessionIds) {
		const lines = transcriptFiles(session).flat();
		const once = rebuild(session, lines);
		const twice = rebuild(session, [...lines, ...lines]);
		assert.deepEqual(
			twice.map(delivery => delivery.dedupeKey),
			once.map(delivery => delivery.dedupeKey),
		);
		assert.deepEqual(
			twice.map(delivery => delivery.payload),
			once.map(delivery => delivery.payload),
		);
		// A copy read on its own, under another path, names the same deliveries.
		const copy = rebuildDeliveries(lines, {target, transcriptPath: '/elsewhere/copy.jsonl'});
		assert.deepEqual(
			copy.map(delivery => delivery.dedupeKey),
			once.map(delivery => delivery.dedupeKey),
		);
	}
});

test('the order of files and of a failure and its line does not change what is rebuilt', () => {
	const session = 'e2071138-7b09-4631-bcf9-243475237a1e';
	const [main, subagent] = transcriptFiles(session);
	const expected = rebuild(session);
	assert.deepEqual(rebuild(session, [...subagent!, ...main!]), expected, 'the subagent transcript first');

	// Each failure moved before the line it refers to (its tool_use, its tool_result).
	for (const other of sessionIds) {
		const reordered = transcriptFiles(other).map(lines => {
			const out = [...lines];
			for (const line of lines.filter(text => text.includes('hook_non_blocking_error'))) {
				const id = JSON.parse(line).attachment.toolUseID as string;
				const event = JSON.parse(line).attachment.hookEvent as string;
				const from = out.indexOf(line);
				const to = out.findIndex(
					text => text.includes(`"${id}"`) && (event === 'PreToolUse' ? text.includes('"type":"assistant"') : text.includes('"type":"tool_result"')),
				);
				if (to < 0 || to > from) continue;
				out.splice(from, 1);
				out.splice(to, 0, line);
			}
			return out;
		});
		assert.notDeepEqual(reordered.flat(), transcriptFiles(other).flat());
		assert.deepEqual(
			rebuild(other, reordered.flat()).map(delivery => delivery.payload),
			rebuild(other).map(delivery => delivery.payload),
			other,
		);
	}

	// The first prompt's failure before the prompt; a batch's failure after the next message began.
	const basic = '9f024e0e-adf2-4139-abe1-a894b2ad21d1';
	const lines = transcriptFiles(basic).flat();
	const move = (from: (line: string) => boolean, to: (line: string) => boolean, after: boolean) => {
		const out = [...lines];
		const [line] = out.splice(out.findIndex(from), 1);
		out.splice(out.findIndex(to) + (after ? 1 : 0), 0, line!);
		return out;
	};
	const promptFailureFirst = move(
		line => line.includes('"hookEvent":"UserPromptSubmit"'),
		line => line.includes('"promptId"') && line.includes('"content":"SCENARIO'),
		false,
	);
	const batchFailureLate = move(
		line => line.includes('"hookEvent":"PostToolBatch"'),
		line => line.includes('"id":"toolu_basic_1_0_903634726235"'),
		true,
	);
	for (const reordered of [promptFailureFirst, batchFailureLate]) {
		assert.notDeepEqual(reordered, lines);
		assert.deepEqual(
			rebuild(basic, reordered).map(delivery => delivery.payload),
			rebuild(basic).map(delivery => delivery.payload),
		);
	}
});

test('a delivery that landed is not rebuilt: no failure line, no rebuilt event', () => {
	const session = '12867c79-363c-478d-a225-2b6067e645aa';
	const lines = transcriptFiles(session).flat();
	const landed = (line: string) => line.includes('"hookEvent":"PreToolUse"') || line.includes('"hookEvent":"Stop"');
	const rebuilt = rebuild(
		session,
		lines.filter(line => !landed(line)),
	);
	assert.equal(rebuilt.length, rebuild(session).length - 6);
	assert.ok(rebuilt.every(delivery => delivery.payload['hook_event_name'] !== 'PreToolUse' && delivery.payload['hook_event_name'] !== 'Stop'));
	// The Stop summary line alone is not a failed delivery: only the attachment counts, once.
	assert.ok(lines.some(line => line.includes('stop_hook_summary') && !landed(line)));

	// Command hooks failing (the harvest's HookFailure rows) are not deliveries to eyelet.
	assert.deepEqual(rebuildDeliveries(fixtureLines(basicTranscript), {target, transcriptPath: '/t/b.jsonl'}), []);
});

test('a failure to another port or host is not a delivery to eyelet', () => {
	const session = '9f024e0e-adf2-4139-abe1-a894b2ad21d1';
	const lines = transcriptFiles(session).flat();
	const elsewhere = (address: string) => lines.map(line => line.replaceAll('127.0.0.1:14400', address));
	for (const address of ['127.0.0.1:14401', '127.0.0.1:144001', '10.0.0.7:14400', '192.168.127.0.0.1:14400']) {
		assert.deepEqual(rebuild(session, elsewhere(address)), [], address);
	}
	assert.deepEqual(rebuildDeliveries(lines, {target: {host: '127.0.0.1', port: 1440}, transcriptPath: '/t.jsonl'}), []);
	assert.deepEqual(deliveryTargetOf('http://127.0.0.1:14400/hook'), target);
	assert.deepEqual(deliveryTargetOf('http://[::1]:14400/hook'), {host: '::1', port: 14400});
	assert.equal(deliveryTargetOf('not a url'), null);
	// Any loopback name reaches the same daemon.
	assert.equal(rebuildDeliveries(lines, {target: {host: 'localhost', port: 14400}, transcriptPath: '/t.jsonl'}).length, rebuild(session).length);
	assert.equal(rebuild(session, elsewhere('[::1]:14400')).length, rebuild(session).length);
});

test('malformed lines are skipped', () => {
	const session = '12867c79-363c-478d-a225-2b6067e645aa';
	const lines = transcriptFiles(session).flat();
	const garbage = [
		'{"type":"user",',
		'not json but "type":"assistant"',
		'[{"type":"user"}]',
		'',
		'{"type":"attachment","attachment":"hook_non_blocking_error"}',
		'\u0000',
	];
	const mixed = lines.flatMap((line, index) => [line, garbage[index % garbage.length]!]);
	const rebuilder = new DeliveryRebuilder({target, transcriptPath: transcriptPathOf(session)});
	for (const line of mixed) rebuilder.add(line);
	assert.deepEqual(
		rebuilder.finish().map(delivery => delivery.payload),
		rebuild(session).map(delivery => delivery.payload),
	);
	assert.ok(rebuilder.malformed > 0);
});

test('only lines that can matter are parsed, and tool results only when a failure needs them', () => {
	const session = '9f024e0e-adf2-4139-abe1-a894b2ad21d1';
	const lines = transcriptFiles(session).flat();
	const healthy = lines.filter(line => !line.includes('hook_non_blocking_error'));
	const rebuilder = new DeliveryRebuilder({target, transcriptPath: transcriptPathOf(session)});
	for (const line of healthy) rebuilder.add(line);
	assert.deepEqual(rebuilder.finish(), []);
	const kinds = healthy.map(line => JSON.parse(line));
	const prompts = kinds.filter(line => line.type === 'user' && typeof line.message.content === 'string').length;
	const assistants = kinds.filter(line => line.type === 'assistant').length;
	assert.equal(rebuilder.parsed, prompts + assistants, 'no tool_result line is parsed when no delivery failed');
	assert.ok(lines.filter(line => !deliveryNeedles.some(needle => line.includes(needle))).length > lines.length / 2, 'most lines are never parsed');
});

test('memory stays bounded on a long transcript: calls no failure refers to are dropped', () => {
	const session = '00000000-0000-4000-8000-000000000001';
	const rebuilder = new DeliveryRebuilder({target, transcriptPath: `/p/${session}.jsonl`});
	const at = (n: number) => new Date(Date.UTC(2026, 11, 1) + n).toISOString();
	const big = 'x'.repeat(20_000);
	let peak = 0;
	for (let n = 0; n < 3000; n++) {
		const id = `toolu_${n}`;
		const common = {sessionId: session, cwd: '/p', timestamp: at(n * 10)};
		if (n % 500 === 0)
			rebuilder.add(
				JSON.stringify({
					...common,
					type: 'user',
					uuid: `p${n}`,
					promptId: `prompt-${n}`,
					permissionMode: 'default',
					message: {role: 'user', content: `prompt ${n}`},
				}),
			);
		rebuilder.add(
			JSON.stringify({
				...common,
				type: 'assistant',
				uuid: `a${n}`,
				effort: 'low',
				message: {id: `msg_${n}`, role: 'assistant', content: [{type: 'tool_use', id, name: 'Bash', input: {command: `echo ${n}`}}]},
			}),
		);
		if (n === 1234) {
			rebuilder.add(
				JSON.stringify({
					...common,
					type: 'attachment',
					uuid: `f${n}`,
					attachment: {
						type: 'hook_non_blocking_error',
						hookName: 'PostToolUse:Bash',
						toolUseID: id,
						hookEvent: 'PostToolUse',
						stderr: 'connect ECONNREFUSED 127.0.0.1:14400',
						stdout: '',
						exitCode: 0,
					},
				}),
			);
		}
		rebuilder.add(
			JSON.stringify({
				...common,
				type: 'user',
				uuid: `r${n}`,
				message: {role: 'user', content: [{type: 'tool_result', tool_use_id: id, content: `${n} ${big}`}]},
				toolUseResult: {stdout: `${n}`, stderr: '', interrupted: false},
			}),
		);
		const {calls, deferredLines} = rebuilder.retained;
		peak = Math.max(peak, calls + deferredLines);
	}
	assert.ok(peak <= 8, `at most a few calls held at once (held ${peak})`);
	assert.ok(rebuilder.parsed < 3100, 'tool results nobody needs are never parsed');
	const [delivery] = rebuilder.finish();
	assert.deepEqual(delivery!.payload, {
		session_id: session,
		transcript_path: `/p/${session}.jsonl`,
		cwd: '/p',
		prompt_id: 'prompt-1000',
		permission_mode: 'default',
		effort: {level: 'low'},
		hook_event_name: 'PostToolUse',
		tool_name: 'Bash',
		tool_input: {command: 'echo 1234'},
		tool_response: {stdout: '1234', stderr: '', interrupted: false},
		tool_use_id: 'toolu_1234',
	});
});

/** A failure attachment line in session s, for the synthetic cases below. */
function failureLine(attachment: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
	return JSON.stringify({
		type: 'attachment',
		uuid: `u-${Math.random()}`,
		timestamp: '2026-12-01T10:00:10.000Z',
		sessionId: 's',
		cwd: '/p',
		attachment: {
			type: 'hook_non_blocking_error',
			hookName: 'Notification',
			toolUseID: 'n-1',
			hookEvent: 'Notification',
			stdout: '',
			exitCode: 0,
			...attachment,
		},
		...extra,
	});
}

test('what Claude Code writes for each way a delivery fails', () => {
	const parse = (line: string) => failedDelivery(JSON.parse(line), target);
	const kind = (stderr: string) => parse(failureLine({stderr}))?.kind ?? null;
	assert.equal(kind('connect ECONNREFUSED 127.0.0.1:14400'), 'refused');
	assert.equal(kind('connect ECONNREFUSED ::1:14400'), 'refused');
	assert.equal(kind('HTTP 503 from http://127.0.0.1:14400/hook'), 'status');
	assert.equal(kind('HTTP 401 from http://localhost:14400/hook'), 'status');
	assert.equal(kind('connect ETIMEDOUT 127.0.0.1:14400'), 'timeout');
	assert.equal(kind('connect EHOSTUNREACH 127.0.0.1:14400'), 'unreachable');
	assert.deepEqual(
		[
			parse(failureLine({stderr: 'connect ECONNRESET 127.0.0.1:14400'}))?.mayHaveLanded,
			parse(failureLine({stderr: 'read ECONNRESET 127.0.0.1:14400'}))?.mayHaveLanded,
		],
		[false, true],
	);
	// Not a transport failure: the daemon answered 2xx (the row is stored) with a body Claude Code rejects.
	assert.equal(kind('HTTP hook must return JSON, but got non-JSON response body: 127.0.0.1:14400'), null);
	// A command hook that prints eyelet's address is a command hook failing, not a delivery.
	assert.equal(parse(failureLine({stderr: 'curl: (7) Failed to connect to 127.0.0.1:14400: ECONNREFUSED', command: '/bin/forward.sh'})), null);

	// Messages that name no address are another hook's, unless the caller knows eyelet's is the only http hook.
	const unnamed = failureLine({stderr: 'socket hang up'});
	assert.equal(parse(unnamed), null);
	assert.deepEqual(
		[failedDelivery(JSON.parse(unnamed), target, {claimUnnamed: true})?.kind, failedDelivery(JSON.parse(unnamed), target, {claimUnnamed: true})?.mayHaveLanded],
		['reset', true],
	);
	assert.equal(failedDelivery(JSON.parse(failureLine({stderr: 'connect ECONNREFUSED 10.0.0.7:9000'})), target, {claimUnnamed: true}), null);

	// A timeout cancels the hook: Claude Code writes hook_cancelled with the URL and how long it waited.
	const cancelled = failureLine({type: 'hook_cancelled', command: 'http://127.0.0.1:14400/hook', timedOut: true, timeoutMs: 10_000});
	const timeout = parse(cancelled)!;
	assert.deepEqual([timeout.kind, timeout.mayHaveLanded, timeout.waitedMs], ['timeout', true, 10_000]);
	assert.equal(parse(failureLine({type: 'hook_cancelled', command: '/bin/slow.sh', timedOut: true, timeoutMs: 10_000})), null);
	assert.equal(parse(failureLine({type: 'hook_cancelled', command: 'http hook', timedOut: true})), null);
	const [rebuilt] = rebuildDeliveries([cancelled], {target, transcriptPath: '/p/s.jsonl'});
	assert.equal(rebuilt!.ts, Date.parse('2026-12-01T10:00:10.000Z') - 10_000, 'the hook fired when Claude Code began to wait');
});

test('an event the transcript holds nothing of is rebuilt with what is known: identity and event name', () => {
	const prompt = JSON.stringify({
		type: 'user',
		uuid: 'p',
		timestamp: '2026-12-01T10:00:00.000Z',
		sessionId: 's',
		cwd: '/p',
		promptId: 'pr-1',
		permissionMode: 'plan',
		message: {role: 'user', content: 'go'},
	});
	const [notification] = rebuildDeliveries([prompt, failureLine({stderr: 'connect ECONNREFUSED 127.0.0.1:14400'})], {target, transcriptPath: '/p/s.jsonl'});
	assert.deepEqual(notification!.payload, {session_id: 's', transcript_path: '/p/s.jsonl', cwd: '/p', prompt_id: 'pr-1', hook_event_name: 'Notification'});
	assert.deepEqual(notification!.missing, ['message', 'title', 'notification_type']);
	const normalized = normalizeValue(notification!.payload, Buffer.from('{}'), {redactor: null, maxPayloadBytes: 1 << 20});
	assert.equal(normalized.status, 'ok');
});

test('a Stop after a Stop hook blocked the turn has stop_hook_active', () => {
	const line = (fields: Record<string, unknown>) =>
		JSON.stringify({sessionId: 's', cwd: '/p', timestamp: '2026-12-01T10:00:00.000Z', uuid: `u-${Math.random()}`, ...fields});
	const stop = (toolUseID: string) => failureLine({hookName: 'Stop', hookEvent: 'Stop', toolUseID, stderr: 'connect ECONNREFUSED 127.0.0.1:14400'});
	const lines = [
		line({type: 'user', promptId: 'pr', permissionMode: 'default', message: {role: 'user', content: 'go'}}),
		line({type: 'assistant', effort: 'high', message: {id: 'm1', role: 'assistant', content: [{type: 'text', text: 'Done?'}]}}),
		stop('stop-1'),
		line({
			type: 'attachment',
			attachment: {
				type: 'hook_blocking_error',
				hookName: 'Stop',
				hookEvent: 'Stop',
				toolUseID: 'stop-1',
				blockingError: {blockingError: '[check.sh]: tests fail', command: 'check.sh'},
			},
		}),
		line({type: 'assistant', effort: 'high', message: {id: 'm2', role: 'assistant', content: [{type: 'text', text: 'Fixed.'}]}}),
		stop('stop-2'),
	];
	const stops = rebuildDeliveries(lines, {target, transcriptPath: '/p/s.jsonl'}).map(delivery => delivery.payload);
	assert.deepEqual(
		stops.map(payload => [payload['stop_hook_active'], payload['last_assistant_message'], payload['effort']]),
		[
			[false, 'Done?', {level: 'high'}],
			[true, 'Fixed.', {level: 'high'}],
		],
	);
});
