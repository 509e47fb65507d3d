import assert from 'node:assert/strict';
import {test} from 'node:test';
import {failureNeedles, hookFailurePayload, hookFailureSourceKey, hookFailuresInLine, toolOfHookName} from '../../source/events/transcript.js';
import {basicTranscript as basic, blockedTranscript as blocked, guardCommand as guard, lintCommand as lint} from '../harvest-helpers.js';
import {fixtureLines} from '../helpers.js';

const failuresOf = (name: string) => fixtureLines(name).flatMap(line => hookFailuresInLine(JSON.parse(line)));

test('the b12bee6b transcript holds two non-blocking guard failures and two blocking lint failures', () => {
	const facts = failuresOf(basic);
	assert.deepEqual(
		facts.map(fact => [
			fact.uuid,
			fact.hookName,
			fact.hookEvent,
			fact.toolName,
			fact.toolUseId,
			fact.command,
			fact.exitCode,
			fact.blocking,
			fact.stderr,
			fact.durationMs,
		]),
		[
			[
				'6ce26b8c-f62c-45ee-bcd0-d4ead92f34cd',
				'PreToolUse:Bash',
				'PreToolUse',
				'Bash',
				'toolu_basic_0_1_1959937855699',
				guard,
				1,
				false,
				'guard: refusing because of policy X',
				14,
			],
			[
				'8b4314ca-4349-43f8-aabb-f05abef2c81f',
				'PreToolUse:Bash',
				'PreToolUse',
				'Bash',
				'toolu_basic_1_0_1960044371084',
				guard,
				1,
				false,
				'guard: refusing because of policy X',
				8,
			],
			[
				'2a03148f-26a4-4aae-9397-aee5252fc553',
				'PostToolUse:Write',
				'PostToolUse',
				'Write',
				'toolu_basic_2_0_1960102745804',
				lint,
				null,
				true,
				'lint: 3 problems in notes.txt\n',
				null,
			],
			[
				'28a9dcee-cab9-4ddc-8eaa-71dfb46dcebe',
				'PostToolUse:Edit',
				'PostToolUse',
				'Edit',
				'toolu_basic_4_0_1960215012449',
				lint,
				null,
				true,
				'lint: 3 problems in notes.txt\n',
				null,
			],
		],
	);
	assert.equal(facts[0]!.stdout, '');
	assert.equal(facts[0]!.ts, Date.parse('2026-11-27T22:07:43.736Z'));
	assert.equal(facts[0]!.sessionId, 'b12bee6b-22f0-4b85-95c4-eaf14c2573b5');
	assert.equal(facts[0]!.cwd, '/home/dev/webapp');
	assert.equal(facts[0]!.gitBranch, 'main');
});

test('the c50c2b0a transcript holds two PreToolUse blocks seen only as tool results, and two blocking lint failures', () => {
	const facts = failuresOf(blocked);
	assert.deepEqual(
		facts.map(fact => [fact.uuid, fact.hookName, fact.hookEvent, fact.toolName, fact.toolUseId, fact.command, fact.exitCode, fact.blocking, fact.stderr]),
		[
			[
				'7560d713-acd8-4978-8c6d-44ec0d8f6903',
				'PreToolUse:Bash',
				'PreToolUse',
				'Bash',
				'toolu_basic_0_1_1960974929073',
				guard,
				null,
				true,
				'guard: refusing because of policy X\n',
			],
			[
				'e0ca2977-6876-4660-aba1-f573c648648c',
				'PreToolUse:Bash',
				'PreToolUse',
				'Bash',
				'toolu_basic_1_0_1961054982462',
				guard,
				null,
				true,
				'guard: refusing because of policy X\n',
			],
			[
				'b119ccb7-1293-4768-afc5-e8cba4c7fa76',
				'PostToolUse:Write',
				'PostToolUse',
				'Write',
				'toolu_basic_2_0_1961089476867',
				lint,
				null,
				true,
				'lint: 3 problems in notes.txt\n',
			],
			[
				'1737c6a1-6231-4060-9a4c-9330887e0075',
				'PostToolUse:Edit',
				'PostToolUse',
				'Edit',
				'toolu_basic_4_0_1961230813362',
				lint,
				null,
				true,
				'lint: 3 problems in notes.txt\n',
			],
		],
	);
});

test('every line that records a failure contains a needle, so the byte prefilter never drops one', () => {
	for (const name of [basic, blocked]) {
		for (const line of fixtureLines(name)) {
			if (hookFailuresInLine(JSON.parse(line)).length > 0)
				assert.ok(
					failureNeedles.some(needle => line.includes(needle)),
					line.slice(0, 120),
				);
		}
	}
});

test('tool output that merely reads like a hook error is not a hook failure', () => {
	const line = {
		type: 'user',
		uuid: 'u1',
		message: {content: [{type: 'tool_result', is_error: true, tool_use_id: 't1', content: 'PreToolUse:Bash hook error: [x]: y'}]},
		permissionDecision: {decision: 'accept', source: 'config'},
	};
	assert.deepEqual(hookFailuresInLine(line), []);
	assert.equal(hookFailuresInLine({...line, permissionDecision: {source: 'hook'}}).length, 1);
	assert.deepEqual(
		hookFailuresInLine({
			...line,
			permissionDecision: {source: 'hook'},
			message: {content: [{type: 'tool_result', is_error: false, content: 'PreToolUse:Bash hook error: [x]: y'}]},
		}),
		[],
	);
});

test('a user line with several blocked calls gives one failure each, with distinct source keys', () => {
	const part = (id: string) => ({
		type: 'tool_result',
		is_error: true,
		tool_use_id: id,
		content: [{type: 'text', text: `PreToolUse:Bash hook error: [g.sh]: no ${id}`}],
	});
	const facts = hookFailuresInLine({
		type: 'user',
		uuid: 'u2',
		permissionDecision: {source: 'hook'},
		message: {content: [part('a'), {type: 'text', text: 'x'}, part('b')]},
	});
	assert.deepEqual(
		facts.map(fact => [fact.toolUseId, fact.command, fact.stderr, hookFailureSourceKey(fact)]),
		[
			['a', 'g.sh', 'no a', 'harvest:u2'],
			['b', 'g.sh', 'no b', 'harvest:u2#1'],
		],
	);
});

test('odd lines give no failures and never throw', () => {
	for (const line of [
		null,
		42,
		'text',
		[],
		{},
		{uuid: 'x'},
		{uuid: 'x', attachment: {type: 'hook_success'}},
		{uuid: 'x', attachment: 'hook_blocking_error'},
		{uuid: 7, attachment: {type: 'hook_blocking_error'}},
	]) {
		assert.deepEqual(hookFailuresInLine(line), []);
	}
	const bare = hookFailuresInLine({uuid: 'x', timestamp: 'not a time', attachment: {type: 'hook_blocking_error'}});
	assert.equal(bare.length, 1);
	assert.deepEqual([bare[0]!.ts, bare[0]!.command, bare[0]!.stderr, bare[0]!.hookName, bare[0]!.toolName], [null, null, '', null, null]);
});

test('a non-blocking failure without stderr keeps none, and the hook name gives the tool', () => {
	const [fact] = hookFailuresInLine({
		uuid: 'x',
		attachment: {
			type: 'hook_non_blocking_error',
			hookName: 'Stop',
			hookEvent: 'Stop',
			stderr: 'Failed with non-blocking status code: No stderr output',
			exitCode: 3,
			command: 'c',
		},
	});
	assert.equal(fact!.stderr, '');
	assert.equal(fact!.toolName, null);
	assert.equal(toolOfHookName('PostToolUse:mcp__github__create_issue'), 'mcp__github__create_issue');
	assert.equal(toolOfHookName('SessionStart'), null);
});

test('the synthetic payload carries what the stream, pairing and triage read', () => {
	const [fact] = failuresOf(basic);
	const payload = hookFailurePayload(fact!, {path: '/t/b.jsonl', sessionId: 'fallback'});
	assert.deepEqual(payload, {
		hook_event_name: 'HookFailure',
		session_id: 'b12bee6b-22f0-4b85-95c4-eaf14c2573b5',
		transcript_path: '/t/b.jsonl',
		cwd: '/home/dev/webapp',
		tool_name: 'Bash',
		tool_use_id: 'toolu_basic_0_1_1959937855699',
		hook_event: 'PreToolUse',
		hook_name: 'PreToolUse:Bash',
		command: guard,
		exit_code: 1,
		blocking: false,
		stderr: 'guard: refusing because of policy X',
		stdout: '',
		duration_ms: 14,
		transcript_uuid: '6ce26b8c-f62c-45ee-bcd0-d4ead92f34cd',
	});
	assert.equal(hookFailurePayload({...fact!, sessionId: null, agentId: 'a1'}, {path: '/t', sessionId: 'owner'})['session_id'], 'owner');
	assert.equal(hookFailurePayload({...fact!, agentId: 'a1'}, {path: '/t', sessionId: null})['agent_id'], 'a1');
});
