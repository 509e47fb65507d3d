import assert from 'node:assert/strict';
import {test} from 'node:test';
import {joinTelemetry, waitedForPermission} from '../../source/events/telemetry-join.js';
import type {SessionTelemetry, ToolTelemetry} from '../../source/events/telemetry-row.js';
import {buildTimeline, flattenTimeline, type TimelineEvent} from '../../source/events/timeline.js';

const event = (id: number, name: string, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
	id,
	ts: 1000 + id,
	event: name,
	status: 'ok',
	tool: null,
	toolUseId: null,
	agentId: null,
	agentType: null,
	durationMs: null,
	summary: null,
	detail: null,
	launchedAgentId: null,
	requestedAgentType: null,
	interrupted: false,
	batch: null,
	...extra,
});
const tool = (toolUseId: string, extra: Partial<ToolTelemetry> = {}): ToolTelemetry => ({
	toolUseId,
	tool: 'Bash',
	success: true,
	durationMs: 5,
	decision: 'accept',
	decisionSource: 'config',
	permissionWaitMs: 12,
	executionMs: 4,
	startedMs: 0,
	resultMs: 0,
	preHookMs: null,
	postHookMs: null,
	...extra,
});

test("a prompt gets its prompt_id's usage and hook time; a call its tool_use_id's, its two hooks summed", () => {
	const rows = flattenTimeline(
		buildTimeline([
			event(1, 'UserPromptSubmit', {promptId: 'p1', detail: 'do it'}),
			event(2, 'PreToolUse', {tool: 'Bash', toolUseId: 't1'}),
			event(3, 'PostToolUse', {tool: 'Bash', toolUseId: 't1'}),
			event(4, 'PreToolUse', {tool: 'Bash', toolUseId: 't2'}),
			event(5, 'UserPromptSubmit', {promptId: 'unknown', detail: 'again'}),
		]),
	);
	const telemetry: SessionTelemetry = {
		usage: null,
		prompts: new Map([
			['p1', {promptId: 'p1', apiCalls: 3, costUsd: 0.5, inputTokens: 1, outputTokens: 2, cacheReadTokens: 0, cacheCreationTokens: 0, apiMs: 90}],
		]),
		tools: new Map([
			['t1', tool('t1', {preHookMs: 30, postHookMs: 12})],
			['t2', tool('t2', {preHookMs: 8})],
		]),
		promptHooks: new Map([['p1', 19]]),
	};
	const joined = joinTelemetry(rows, telemetry);
	const prompt = rows.find(row => row.item.kind === 'prompt')!;
	assert.deepEqual([joined.prompts.get(prompt.key)?.costUsd, joined.prompts.get(prompt.key)?.hookMs], [0.5, 19]);
	assert.equal(joined.prompts.size, 1, 'a prompt the client reported nothing for has no telemetry');
	const calls = rows.filter(row => row.item.kind === 'call');
	assert.deepEqual(
		calls.map(row => joined.calls.get(row.key)?.hookMs),
		[42, 8],
	);
});

test('a permission wait is shown when someone or something decided, or it took a second', () => {
	assert.equal(waitedForPermission(tool('t', {decisionSource: 'config', permissionWaitMs: 12})), false);
	assert.equal(waitedForPermission(tool('t', {decisionSource: 'user_temporary', permissionWaitMs: 4200})), true);
	assert.equal(waitedForPermission(tool('t', {decisionSource: 'config', permissionWaitMs: 1500})), true);
	assert.equal(waitedForPermission(null), false);
});
