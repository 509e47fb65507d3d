import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test, type TestContext} from 'node:test';
import {eventRecord, normalizeValue} from '../../source/events/normalize.js';
import type {EventRecord} from '../../source/events/types.js';
import {harvestTranscript} from '../../source/recorder/harvest.js';
import {insertEvents} from '../../source/store/insert.js';
import {hookHealth} from '../../source/settings/hook-report.js';
import {guardedToolCall, hookFailureGroups, hookFailureStats, recordedHookFacts} from '../../source/store/hooks.js';
import {
	backfillOptions,
	basicSession,
	basicTranscript,
	blockedSession,
	blockedTranscript,
	fixturePath,
	freshDb,
	guardCommand,
	lintCommand,
} from '../harvest-helpers.js';
import {tempDir} from '../helpers.js';

function hookEvent(payload: Record<string, unknown>, ts: number): EventRecord {
	const input = normalizeValue(payload, Buffer.from(JSON.stringify(payload)), backfillOptions().normalize);
	return eventRecord(input, {ts, origin: 'hook', project: '/home/dev/webapp', hostname: null, gitBranch: null, gitCommit: null, sourceKey: null, custom: null});
}

/** Both fixture sessions harvested, plus the recorded hook events of two guarded calls and a Stop. */
function harvested(t: TestContext) {
	const dir = tempDir(t);
	const db = freshDb(dir);
	t.after(() => db.close());
	const call = (event: string, tool_use_id: string, tool_name: string, ts: string) =>
		hookEvent(
			{hook_event_name: event, session_id: basicSession, tool_name, tool_use_id, tool_input: {command: 'echo hello'}, cwd: '/home/dev/webapp'},
			Date.parse(ts),
		);
	insertEvents(db, [
		call('PreToolUse', 'toolu_basic_0_1_1959937855699', 'Bash', '2026-11-27T22:07:43.712Z'),
		call('PostToolUse', 'toolu_basic_0_1_1959937855699', 'Bash', '2026-11-27T22:07:43.780Z'),
		call('PreToolUse', 'toolu_basic_2_0_1960102745804', 'Write', '2026-11-27T22:07:43.870Z'),
		call('PostToolUse', 'toolu_basic_2_0_1960102745804', 'Write', '2026-11-27T22:07:43.900Z'),
		hookEvent({hook_event_name: 'Stop', session_id: basicSession, cwd: '/home/dev/webapp'}, Date.parse('2026-11-27T22:07:45.000Z')),
	]);
	for (const name of [basicTranscript, blockedTranscript]) harvestTranscript(db, fixturePath(name), backfillOptions());
	return {dir, db};
}

test('hook failures group by command and masked stderr, with their events, tools, exit codes and blocking counts', t => {
	const {db} = harvested(t);
	const groups = hookFailureGroups(db);
	assert.deepEqual(
		groups.map(group => ({...group, hookNames: [...group.hookNames].sort(), tools: [...group.tools].sort(), lastId: typeof group.lastId})),
		[
			{
				signature: `${lintCommand}: lint: <n> problems in notes.txt`,
				command: lintCommand,
				headline: 'lint: 3 problems in notes.txt',
				count: 4,
				blocking: 4,
				nonBlocking: 0,
				hookEvents: ['PostToolUse'],
				hookNames: ['PostToolUse:Edit', 'PostToolUse:Write'],
				tools: ['Edit', 'Write'],
				exitCodes: [],
				sessions: 2,
				firstTs: Date.parse('2026-11-27T22:07:43.906Z'),
				lastTs: Date.parse('2026-11-27T22:07:45.026Z'),
				lastId: 'number',
			},
			{
				signature: `${guardCommand}: guard: refusing because of policy X`,
				command: guardCommand,
				headline: 'guard: refusing because of policy X',
				count: 4,
				blocking: 2,
				nonBlocking: 2,
				hookEvents: ['PreToolUse'],
				hookNames: ['PreToolUse:Bash'],
				tools: ['Bash'],
				exitCodes: [1],
				sessions: 2,
				firstTs: Date.parse('2026-11-27T22:07:43.736Z'),
				lastTs: Date.parse('2026-11-27T22:07:44.835Z'),
				lastId: 'number',
			},
		],
	);
	const last = db.get<{tool_use_id: string}>('SELECT tool_use_id FROM events WHERE id = ?', [groups[1]!.lastId]);
	assert.equal(last!.tool_use_id, 'toolu_basic_1_0_1961054982462');

	assert.deepEqual(
		hookFailureGroups(db, {filter: {sessionId: blockedSession}}).map(group => [group.count, group.blocking]),
		[
			[2, 2],
			[2, 2],
		],
	);
	assert.deepEqual(
		hookFailureGroups(db, {filter: {tool: 'Write'}}).map(group => group.count),
		[2],
	);
	assert.deepEqual(
		hookFailureGroups(db, {signatures: [groups[1]!.signature]}).map(group => group.command),
		[guardCommand],
	);
	assert.deepEqual(hookFailureGroups(db, {signatures: []}), []);
});

test('a failure leads to the tool call it guarded, landing on the event the hook ran for', t => {
	const {db} = harvested(t);
	const idOf = (key: string) => db.value<number>('SELECT id FROM events WHERE source_key = ?', [key])!;
	const pre = guardedToolCall(db, idOf('harvest:6ce26b8c-f62c-45ee-bcd0-d4ead92f34cd'))!;
	assert.equal(pre.failure.hook_event, 'PreToolUse');
	assert.deepEqual(
		pre.events.map(event => event.event),
		['PreToolUse', 'PostToolUse'],
	);
	assert.deepEqual([pre.target?.event, pre.target?.tool_use_id], ['PreToolUse', 'toolu_basic_0_1_1959937855699']);
	const post = guardedToolCall(db, idOf('harvest:2a03148f-26a4-4aae-9397-aee5252fc553'))!;
	assert.deepEqual([post.target?.event, post.target?.tool, post.target?.tool_use_id], ['PostToolUse', 'Write', 'toolu_basic_2_0_1960102745804']);
	const unrecorded = guardedToolCall(db, idOf('harvest:8b4314ca-4349-43f8-aabb-f05abef2c81f'))!;
	assert.deepEqual([unrecorded.events, unrecorded.target], [[], null]);
	const firstEvent = db.value<number>("SELECT min(id) FROM events WHERE event = 'PreToolUse'")!;
	assert.equal(guardedToolCall(db, firstEvent), undefined);
	assert.equal(guardedToolCall(db, 999_999), undefined);
});

test('a failing Stop hook leads to the Stop event nearest in time', t => {
	const {db} = harvested(t);
	const fact = {
		hook_event_name: 'HookFailure',
		session_id: basicSession,
		hook_event: 'Stop',
		hook_name: 'Stop',
		command: 'stop.sh',
		exit_code: 1,
		blocking: false,
		stderr: 'x',
	};
	insertEvents(db, [{...hookEvent(fact, Date.parse('2026-11-27T22:07:45.100Z')), origin: 'harvest'}]);
	const id = db.value<number>("SELECT max(id) FROM events WHERE event = 'HookFailure'")!;
	assert.equal(guardedToolCall(db, id)!.target?.event, 'Stop');
});

test('failure stats per command, and hook health joining them to the settings of every scope', t => {
	const {dir, db} = harvested(t);
	const stats = hookFailureStats(db);
	assert.deepEqual(
		stats.map(stat => [
			stat.command,
			stat.failures,
			stat.blocking,
			stat.nonBlocking,
			stat.exitCodes,
			stat.sessions,
			stat.projects,
			stat.last.hookName,
			stat.last.stderr,
		]),
		[
			[lintCommand, 4, 4, 0, {}, 2, ['/home/dev/webapp'], 'PostToolUse:Edit', 'lint: 3 problems in notes.txt\n'],
			[guardCommand, 4, 2, 2, {'1': 2}, 2, ['/home/dev/webapp'], 'PreToolUse:Bash', 'guard: refusing because of policy X\n'],
		],
	);

	const home = join(dir, 'home');
	const project = join(dir, 'webapp');
	mkdirSync(join(home, '.claude'), {recursive: true});
	mkdirSync(join(project, '.claude'), {recursive: true});
	writeFileSync(
		join(home, '.claude', 'settings.json'),
		JSON.stringify({
			hooks: {
				Stop: [
					{
						hooks: [
							{type: 'command', command: 'eyelet record'},
							{type: 'http', url: 'http://x'},
						],
					},
				],
			},
		}),
	);
	writeFileSync(
		join(project, '.claude', 'settings.json'),
		JSON.stringify({hooks: {PreToolUse: [{matcher: 'Bash', hooks: [{type: 'command', command: guardCommand, timeout: 5}]}]}}),
	);
	writeFileSync(join(project, '.claude', 'settings.local.json'), '{"hooks": {');
	const report = hookHealth(recordedHookFacts(db), {project, home});
	assert.equal(report.problems.length, 1);
	assert.match(report.problems[0]!, /settings\.local\.json is not valid JSON: error at the end of the file/);
	assert.deepEqual(
		report.hooks.map(hook => [
			hook.command,
			hook.configured.map(where => `${where.scope} ${where.event} ${where.matcher}`),
			hook.failures,
			hook.lastFailure?.hookName ?? null,
		]),
		[
			[lintCommand, [], 4, 'PostToolUse:Edit'],
			[guardCommand, ['project PreToolUse Bash'], 4, 'PreToolUse:Bash'],
			['eyelet record', ['user Stop null'], 0, null],
		],
	);
	assert.deepEqual(
		hookHealth(recordedHookFacts(null), {project, home}).hooks.map(hook => hook.command),
		['eyelet record', guardCommand],
	);
});
