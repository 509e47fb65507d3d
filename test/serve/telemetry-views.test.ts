import assert from 'node:assert/strict';
import {before, test} from 'node:test';
import {fixtureLines, runCli, tempDir, isolatedEnv} from '../helpers.js';
import {capture, clientTotals, replay} from '../otlp-helpers.js';
import {startServe} from '../serve-helpers.js';
import {noTmux, openTerminal} from '../terminal.js';

// The real client's capture, hooks and telemetry, through a real daemon; then every view that shows it.

let db = '';
let env: NodeJS.ProcessEnv = {};
const parallel = '9a40eb8b-e252-4e2f-a5d0-a207007e6d42';
const subagent = '1c9b489e-e033-454a-bf24-2233a5bba146';
const call = 0.000448;

before(async () => {
	const home = tempDir({after: fn => process.on('exit', fn)});
	env = isolatedEnv(home);
	db = `${home}/events.db`;
	const daemon = await startServe(env, db);
	for (const payload of fixtureLines('otlp/hook-payloads.jsonl')) assert.equal((await daemon.hook(payload)).status, 200);
	await replay(daemon.port, daemon.auth, capture('claude-code-otlp.jsonl'));
	daemon.child.kill('SIGTERM');
	await daemon.exited;
});

const json = (args: string[]) => {
	const result = runCli([...args, '--db', db, '--json'], {env});
	assert.equal(result.status, 0, result.stderr);
	return JSON.parse(result.stdout);
};

type Item = Record<string, any>;
const walk = (items: Item[], out: Item[] = []): Item[] => {
	for (const item of items) {
		out.push(item);
		walk(item['calls'] ?? [], out);
		walk(item['subagents'] ?? [], out);
		walk(item['items'] ?? [], out);
	}
	return out;
};

test('eyelet sessions --json: each session has the totals the client reported', () => {
	const sessions = json(['sessions']) as Item[];
	for (const client of clientTotals()) {
		const session = sessions.find(row => row['session_id'] === client.session_id)!;
		const models = Object.values(client.modelUsage);
		assert.ok(Math.abs(session['telemetry'].cost_usd - client.total_cost_usd) <= client.total_cost_usd * 0.01);
		assert.equal(
			session['telemetry'].input_tokens,
			models.reduce((sum, model) => sum + model.inputTokens, 0),
		);
		assert.equal(
			session['telemetry'].output_tokens,
			models.reduce((sum, model) => sum + model.outputTokens, 0),
		);
		assert.deepEqual(session['telemetry'].models, ['claude-sonnet-4-5']);
	}
});

test("eyelet session --json: a prompt's cost lands on that prompt, subagents included; a call's telemetry on that call", () => {
	const items = walk(json(['session', subagent])['timeline']);
	const prompts = items.filter(item => item['kind'] === 'prompt');
	assert.deepEqual(
		prompts.map(prompt => [prompt['prompt_id'], prompt['telemetry'].api_calls]),
		[
			['3e764c3a-6e97-47c9-b218-3ee28b7eda7e', 5],
			['882ec122-2c17-4c1f-a049-143a548b1c43', 1],
		],
	);
	assert.ok(Math.abs(prompts[0]!['telemetry'].cost_usd - 5 * call) < 1e-12, "the subagent's calls count in the prompt that started it");

	const calls = walk(json(['session', parallel])['timeline']).filter(item => item['kind'] === 'call');
	const missing = calls.find(item => item['tool_use_id'] === 'toolu_parallel_0_2_872076709024')!;
	// The blocked_on_user span (9 ms) reached the call through its parent tool span.
	assert.deepEqual([missing['telemetry'].permission_wait_ms, missing['telemetry'].decision, missing['telemetry'].decision_source], [9, 'accept', 'config']);
	// Its PreToolUse:Read run (184 ms, the third of three overlapping ones) and its PostToolUseFailure:Read run (22 ms).
	assert.equal(missing['telemetry'].hook_ms, 184 + 22);
	const a = calls.find(item => item['tool_use_id'] === 'toolu_parallel_0_0_872076699795')!;
	const b = calls.find(item => item['tool_use_id'] === 'toolu_parallel_0_1_872076705358')!;
	assert.deepEqual([a['telemetry'].hook_ms, b['telemetry'].hook_ms], [111 + 14, 164 + 41]);
});

test('eyelet hooks --json and eyelet stats --json: hook time per event and tool, cost per day, project and model', () => {
	const hooks = json(['hooks', '--project', '/nonexistent-project'])['hook_time'];
	const pre = hooks.by_event.find((group: Item) => group['event'] === 'PreToolUse');
	assert.equal(pre.runs, 13);
	assert.equal(hooks.by_tool.find((group: Item) => group['tool'] === 'Read').calls, 5);
	assert.equal(hooks.client_failures, 0);
	const cost = json(['stats'])['cost'];
	assert.equal(cost.total.api_calls, 16);
	assert.ok(Math.abs(cost.total.cost_usd - 16 * call) < 1e-12);
	assert.deepEqual(
		cost.by_model.map((row: Item) => row['model']),
		['claude-sonnet-4-5'],
	);
	assert.equal(cost.by_project[0].project, '/home/dev/webapp');
});

test("the TUI shows a session's cost and a prompt's cost (tmux, 80x24)", {skip: noTmux}, async t => {
	const {keys, waitFor} = openTerminal(t, {
		command: 'node "$EYELET_CLI" tui --db "$EYELET_TEST_DB" --interval 100',
		env: {EYELET_TEST_DB: db, HOME: env['HOME']!},
	});
	await waitFor(text => /● following/.test(text), 'the stream');
	keys('s');
	const list = await waitFor(text => text.includes('3 sessions') && text.includes('$0.0031'), 'the sessions pane with costs');
	assert.match(list, /ae3f22 .* \$0\.0031 /);
	assert.match(list, /ae3f2299: \$0\.0031 · 7 API calls/);
	keys('/', '9a40', 'Enter');
	await waitFor(text => text.includes('1 session '), 'the parallel session');
	keys('Enter');
	const timeline = await waitFor(text => text.includes('4 calls in one batch'), 'its timeline');
	assert.match(timeline, /session 9a40eb8b · \$0\.0013 in 3 API calls/);
	assert.match(timeline, /\$ \$0\.0013 · 3 API calls · 36 in, 60 out/);
	assert.match(timeline, /Read missing\.txt .* h:206ms/);
	for (const line of timeline.split('\n')) assert.ok([...line].length <= 80, line);
});

test('eyelet sessions --sort cost: the dearest session first, the cheapest with --asc', () => {
	const costs = (args: string[]) => (json(['sessions', '--sort', 'cost', ...args]) as Item[]).map(row => row['telemetry']?.cost_usd ?? 0);
	const dearest = costs([]);
	assert.ok(dearest.length >= 2 && dearest[0] > dearest.at(-1)!, `costs differ: ${dearest.join(', ')}`);
	assert.deepEqual(
		dearest,
		[...dearest].sort((a, b) => b - a),
	);
	assert.deepEqual(costs(['--asc']), [...dearest].reverse());
});
