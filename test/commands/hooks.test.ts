import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {basicTranscript, blockedTranscript, fixturePath, guardCommand, lintCommand} from '../harvest-helpers.js';
import {isolatedEnv, runCli, tempDir} from '../helpers.js';

test('eyelet hooks answers which hook is broken: where each is configured, its failures, the last stderr', t => {
	const dir = tempDir(t);
	const env = isolatedEnv(dir);
	const db = join(dir, 'eyelet.db');
	const project = join(dir, 'webapp');
	mkdirSync(join(project, '.git'), {recursive: true});
	mkdirSync(join(project, '.claude'), {recursive: true});
	mkdirSync(join(project, 'src'), {recursive: true});
	mkdirSync(join(dir, '.claude'), {recursive: true});
	writeFileSync(
		join(project, '.claude', 'settings.json'),
		JSON.stringify({
			hooks: {
				PreToolUse: [{matcher: 'Bash', hooks: [{type: 'command', command: guardCommand}]}],
				PostToolUse: [{matcher: 'Edit|Write', hooks: [{type: 'command', command: lintCommand}]}],
			},
		}),
	);
	writeFileSync(
		join(dir, '.claude', 'settings.json'),
		JSON.stringify({hooks: {Notification: [{hooks: [{type: 'command', command: 'notify \u001b]0;pwned\u0007'}]}]}}),
	);

	const empty = runCli(['hooks', '--db', db], {env, cwd: join(project, 'src')});
	assert.equal(empty.status, 0);
	assert.match(
		empty.stdout,
		/✓ \/home\/dev\/webapp\/\.claude\/hooks\/guard\.sh\n {4}configured {2}project .claude\/settings\.json {2}PreToolUse {2}Bash\n {4}failures {4}none recorded/,
	);

	assert.equal(runCli(['harvest', '--db', db, fixturePath(basicTranscript), fixturePath(blockedTranscript)], {env}).status, 0);
	const text = runCli(['hooks', '--db', db], {env, cwd: join(project, 'src')});
	assert.deepEqual([text.status, text.stderr], [0, '']);
	const blocks = text.stdout.split('\n\n');
	assert.equal(
		blocks[0],
		`Hooks for ${project}\n  settings: user ~/.claude/settings.json, project .claude/settings.json, local .claude/settings.local.json (none)`,
	);
	assert.match(
		blocks[1]!,
		/^✗ \/home\/dev\/webapp\/\.claude\/hooks\/lint\.sh\n {4}configured {2}project .claude\/settings\.json {2}PostToolUse {2}Edit\|Write\n {4}failures {4}4 in 2 sessions: 4 blocking\n {4}last {8}2026-11-27T22:07:45\.026Z \(.+ ago\) {2}PostToolUse:Edit {2}blocked\n {4}stderr {6}lint: 3 problems in notes\.txt$/,
	);
	assert.match(
		blocks[2]!,
		/^✗ \/home\/dev\/webapp\/\.claude\/hooks\/guard\.sh\n.*\n {4}failures {4}4 in 2 sessions: 2 blocking, 2 non-blocking \(exit 1 ×2\)\n {4}last {8}2026-11-27T22:07:44\.835Z \(.+ ago\) {2}PreToolUse:Bash {2}blocked\n {4}stderr {6}guard: refusing because of policy X$/,
	);
	assert.equal(blocks[3], '✓ notify ␛]0;pwned␇\n    configured  user    ~/.claude/settings.json  Notification\n    failures    none recorded\n');
	assert.ok(!text.stdout.includes('\u001b'), 'control characters from settings are neutralized');

	const json = JSON.parse(runCli(['hooks', '--db', db, '--json', '--project', project], {env}).stdout);
	assert.equal(json.project, project);
	assert.deepEqual(json.problems, []);
	assert.deepEqual(
		json.hooks.map((hook: any) => [
			hook.command,
			hook.configured.map((where: any) => `${where.scope} ${where.event} ${where.matcher}`),
			hook.failures,
			hook.blocking,
			hook.non_blocking,
			hook.exit_codes,
			hook.last_failure?.tool_use_id ?? null,
		]),
		[
			[lintCommand, ['project PostToolUse Edit|Write'], 4, 4, 0, {}, 'toolu_basic_4_0_1961230813362'],
			[guardCommand, ['project PreToolUse Bash'], 4, 2, 2, {'1': 2}, 'toolu_basic_1_0_1961054982462'],
			['notify \u001b]0;pwned\u0007', ['user Notification null'], 0, 0, 0, {}, null],
		],
	);
	assert.equal(json.hooks[1].last_failure.stderr, 'guard: refusing because of policy X\n');
	assert.equal(json.hooks[1].last_failure.time, '2026-11-27T22:07:44.835Z');
});
