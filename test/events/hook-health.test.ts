import assert from 'node:assert/strict';
import {test} from 'node:test';
import {expandHookCommand, type HookFailureStat, sameHookCommand} from '../../source/events/hook-health.js';
import {mergeHookHealth} from '../../source/settings/hook-report.js';
import type {ConfiguredHook} from '../../source/settings/configured-hooks.js';

test('hook commands are compared as the shell would run them', () => {
	const context = {project: '/home/dev/webapp', home: '/home/dev'};
	assert.equal(expandHookCommand('"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh', context), '/home/dev/webapp/.claude/hooks/guard.sh');
	assert.equal(expandHookCommand('${CLAUDE_PROJECT_DIR}/x.sh arg', context), '/home/dev/webapp/x.sh arg');
	assert.equal(expandHookCommand('~/bin/check.sh && $HOME/bin/b.sh', context), '/home/dev/bin/check.sh && /home/dev/bin/b.sh');
	assert.equal(expandHookCommand('echo ~user/x $CLAUDE_PROJECT_DIRX', context), 'echo ~user/x $CLAUDE_PROJECT_DIRX');
	assert.ok(
		sameHookCommand('"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh', '/home/dev/webapp/.claude/hooks/guard.sh', {projects: ['/home/dev/webapp'], home: null}),
	);
	assert.ok(
		!sameHookCommand('"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh', '/home/dev/webapp/.claude/hooks/guard.sh', {projects: ['/elsewhere'], home: null}),
	);
	assert.ok(sameHookCommand(' a.sh ', 'a.sh', {projects: [], home: null}));
});

const configured = (command: string, event: string, matcher: string | null, scope: ConfiguredHook['scope'] = 'project'): ConfiguredHook => ({
	scope,
	file: `/p/.claude/settings${scope === 'local' ? '.local' : ''}.json`,
	event,
	matcher,
	command,
	timeout: null,
	async: false,
});

const stat = (command: string | null, ts: number, extra: Partial<HookFailureStat> = {}): HookFailureStat => ({
	command,
	failures: 2,
	blocking: 1,
	nonBlocking: 1,
	exitCodes: {'1': 1},
	hookNames: ['PreToolUse:Bash'],
	projects: ['/p'],
	sessions: 1,
	firstTs: ts - 10,
	lastTs: ts,
	last: {id: ts, ts, hookName: 'PreToolUse:Bash', blocking: true, exitCode: null, stderr: 'no', headline: 'no', sessionId: 's', toolUseId: 't', project: '/p'},
	...extra,
});

test('every hook known: configured ones with their failures, failing ones first, unconfigured failures listed too', () => {
	const hooks = mergeHookHealth(
		[
			configured('ok.sh', 'Stop', null, 'user'),
			configured('"$CLAUDE_PROJECT_DIR"/guard.sh', 'PreToolUse', 'Bash'),
			configured('"$CLAUDE_PROJECT_DIR"/guard.sh', 'PermissionRequest', 'Bash', 'local'),
			configured('lint.sh', 'PostToolUse', 'Edit|Write'),
		],
		[
			stat('/p/guard.sh', 500),
			stat('lint.sh', 300, {exitCodes: {'2': 1, '1': 1}}),
			stat('gone.sh', 400),
			stat('/p/guard.sh ', 100, {exitCodes: {'1': 3}, hookNames: ['PermissionRequest:Bash']}),
		],
		{project: '/p', home: '/h'},
	);
	assert.deepEqual(
		hooks.map(hook => [
			hook.command,
			hook.configured.map(where => `${where.scope}:${where.event}:${where.matcher}`),
			hook.failures,
			hook.lastFailure?.ts ?? null,
		]),
		[
			['"$CLAUDE_PROJECT_DIR"/guard.sh', ['project:PreToolUse:Bash', 'local:PermissionRequest:Bash'], 4, 500],
			['gone.sh', [], 2, 400],
			['lint.sh', ['project:PostToolUse:Edit|Write'], 2, 300],
			['ok.sh', ['user:Stop:null'], 0, null],
		],
	);
	assert.deepEqual(hooks[0]!.exitCodes, {'1': 4});
	assert.deepEqual(hooks[0]!.hookNames, ['PreToolUse:Bash', 'PermissionRequest:Bash']);
	assert.equal(hooks[0]!.firstFailureTs, 90);
	assert.deepEqual(mergeHookHealth([], [], {project: null, home: null}), []);
});
