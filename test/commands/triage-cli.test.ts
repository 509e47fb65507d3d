import assert from 'node:assert/strict';
import {test} from 'node:test';
import {openReader} from '../../source/store/db.js';
import {errorGroups, groupId} from '../../source/store/error-groups.js';
import {databaseOf, documentedFixture, sessionsFixture} from '../fixture-db.js';
import {isolatedEnv, runCli, runCliAsync, tempDir} from '../helpers.js';

const readMissing = 'Read: File does not exist. Note: your current working directory is <path>';
const bashLs = 'Bash: Exit code <n>: ls: cannot access <q>: No such file or directory';

function setup(t: {after: (fn: () => void) => void}, payloads = sessionsFixture()) {
	const path = databaseOf(t, payloads);
	const env = isolatedEnv(tempDir(t), {EYELET_DB: path});
	const cli = (...args: string[]) => runCli(args, {env});
	const groups = () => {
		const result = cli('errors', '--all', '--json');
		assert.equal(result.status, 0, result.stderr);
		return new Map((JSON.parse(result.stdout) as Array<Record<string, any>>).map(group => [group['signature'] as string, group]));
	};
	return {path, env, cli, groups};
}

test('triage from one process is seen by another, and by a reader opened before the write', async t => {
	const {path, env, groups} = setup(t);
	const reader = openReader(path);
	t.after(() => reader.close());
	assert.equal(errorGroups(reader).groups.find(group => group.signature === readMissing)!.state, 'open');

	const ack = await runCliAsync(['triage', 'ack', groupId(readMissing)], {env});
	assert.equal(ack.status, 0, ack.stderr);
	assert.equal(ack.stdout, `acknowledged ${groupId(readMissing)} ${readMissing}\n`);
	const read = groups().get(readMissing)!;
	assert.deepEqual([read['state'], read['new'], read['regression']], ['acknowledged', 0, false]);
	assert.equal(errorGroups(reader).groups.find(group => group.signature === readMissing)!.state, 'acknowledged');

	// A prefix of the id, or the signature itself, names the group too; undo comes from a third process.
	assert.equal((await runCliAsync(['triage', 'mute', bashLs], {env})).status, 0);
	const undo = await runCliAsync(['triage', 'undo'], {env});
	assert.equal(undo.stdout, `undid muted on ${groupId(bashLs)} ${bashLs}: now open\n`);
	assert.equal(groups().get(bashLs)!['state'], 'open');
	assert.equal((await runCliAsync(['triage', 'resolve', groupId(bashLs).slice(0, 5)], {env})).status, 0);
	assert.equal(errorGroups(reader).groups.find(group => group.signature === bashLs)!.state, 'resolved');
});

test('a failure recorded after resolve reopens its group as a regression', t => {
	const {env, cli, groups} = setup(t);
	assert.equal(cli('triage', 'resolve', groupId(bashLs)).status, 0);
	assert.equal(groups().get(bashLs)!['state'], 'resolved');
	const again = {
		session_id: 'f00dcafe-0000-4000-8000-000000000001',
		hook_event_name: 'PostToolUseFailure',
		cwd: '/home/dev/other',
		tool_name: 'Bash',
		tool_input: {command: 'ls /srv/missing'},
		tool_use_id: 'toolu_again',
		error: "Exit code 2\nls: cannot access '/srv/missing': No such file or directory",
	};
	const recorded = runCli(['record'], {env, input: Buffer.from(JSON.stringify(again))});
	assert.equal(recorded.status, 0, recorded.stderr);
	const group = groups().get(bashLs)!;
	assert.deepEqual([group['state'], group['regression'], group['new'], group['occurrences'], group['sessions']], ['open', true, 1, 2, 2]);
	const table = cli('errors').stdout.split('\n');
	assert.match(table[1]!, new RegExp(`^${groupId(bashLs)}  regression `));
});

test('errors: a table with ids and states, muted groups behind --all', t => {
	const {cli} = setup(t);
	assert.equal(cli('triage', 'mute', groupId(readMissing)).status, 0);
	const table = cli('errors');
	assert.equal(table.status, 0, table.stderr);
	const lines = table.stdout.trimEnd().split('\n');
	assert.match(lines[0]!, /^ID\s+STATE\s+COUNT\s+NEW\s+SESSIONS\s+LAST SEEN\s+LAST 24H\s+SIGNATURE$/);
	assert.equal(lines.length, 1 + 3 + 1);
	assert.equal(lines.at(-1), '1 muted group hidden (--all shows them)');
	assert.ok(!table.stdout.includes(readMissing));
	const all = cli('errors', '--all').stdout;
	assert.match(all, new RegExp(`${groupId(readMissing)}  muted .*${readMissing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
	const json = JSON.parse(cli('errors', '--json').stdout) as Array<Record<string, any>>;
	assert.equal(json.length, 3);
	assert.deepEqual(Object.keys(json[0]!), [
		'id',
		'signature',
		'state',
		'regression',
		'occurrences',
		'new',
		'sessions',
		'projects',
		'first_seen',
		'last_seen',
		'first_id',
		'last_id',
		'last_summary',
		'last_session_id',
		'last_project',
		'triaged_at',
		'sparkline',
	]);
	assert.equal(json[0]!['sparkline']['counts'].length, 24);
});

test('triage refuses unknown groups and actions in one line', t => {
	const {cli} = setup(t);
	const unknown = cli('triage', 'ack', 'abcdef12');
	assert.equal(unknown.status, 1);
	assert.equal(unknown.stderr, 'eyelet: no error group "abcdef12": run `eyelet errors --all` for the ids\n');
	const action = cli('triage', 'fix', groupId(readMissing));
	assert.equal(action.status, 1);
	assert.match(action.stderr, /^eyelet: "fix" is not one of ack, mute, resolve, reopen, undo\n$/);
	assert.equal(cli('triage', 'undo').stdout, 'nothing to undo\n');
	const again = cli('triage', 'reopen', groupId(readMissing));
	assert.equal(again.stdout, `${groupId(readMissing)} ${readMissing} is already open\n`);
	// Several groups at once; a typo among them changes none.
	assert.equal(cli('triage', 'ack', groupId(readMissing), 'zz-typo').status, 1);
	assert.equal(cli('triage', 'undo').stdout, 'nothing to undo\n');
	const both = cli('triage', 'ack', groupId(readMissing), groupId(bashLs));
	assert.equal(both.stdout, `acknowledged ${groupId(readMissing)} ${readMissing}\nacknowledged ${groupId(bashLs)} ${bashLs}\n`);
});

test('sessions and session: tables and JSON, terminal text neutralized', t => {
	const hostile = {
		session_id: 'e7f49d83-0a91-4fd7-b39a-682579be91b2',
		hook_event_name: 'UserPromptSubmit',
		cwd: '/home/dev/webapp',
		prompt: 'look \u001b]0;pwned\u0007 here',
	};
	const {cli} = setup(t, [...sessionsFixture(), hostile, ...documentedFixture().filter(payload => String(payload['session_id']).startsWith('b71e'))]);
	const sessions = cli('sessions');
	assert.equal(sessions.status, 0, sessions.stderr);
	const lines = sessions.stdout.trimEnd().split('\n');
	assert.match(lines[0]!, /^SESSION\s+PROJECT\s+BRANCH\s+STARTED\s+LAST\s+DURATION\s+PROMPTS\s+TOOLS\s+ERRORS\s+AGENTS\s+STATE$/);
	assert.equal(lines.length, 5);
	assert.match(sessions.stdout, /3a09b9e4\s+webapp\s+main\s.*\s2\s+3\s+0\s+1\s+ended \(other\)/);

	const json = JSON.parse(cli('sessions', '--json', '--sort', 'errors', '--project', 'webapp').stdout) as Array<Record<string, any>>;
	assert.deepEqual(
		json.map(session => session['session_id'].slice(0, 8)),
		['e7f49d83', '31f3f850', '3a09b9e4'],
	);
	assert.deepEqual([json[0]!['errors'], json[0]!['prompts'], json[0]!['tool_calls'], json[0]!['state'], json[0]!['end_reason']], [2, 2, 5, 'ended', 'other']);
	assert.equal(
		cli('sessions', '--sort', 'colour').stderr,
		'eyelet: --sort "colour" is not one of last, first, duration, events, prompts, tools, errors, subagents, cost, project\n',
	);

	const timeline = cli('session', 'e7f4');
	assert.equal(timeline.status, 0, timeline.stderr);
	assert.ok(!timeline.stdout.includes('\u001b'));
	assert.match(timeline.stdout, /❯ look ␛\]0;pwned␇ here/);
	assert.match(timeline.stdout, /✗ Bash {2}ls \/definitely\/not\/here {2}\[error 27ms\] — Exit code 2: ls: cannot access/);
	assert.match(timeline.stdout, /✗ Edit {2}\/home\/dev\/webapp\/notes.txt {2}\[rejected\] — String to replace not found in file\./);

	const nested = JSON.parse(cli('session', '3a09b9e4', '--json').stdout) as Record<string, any>;
	assert.equal(nested['session']['session_id'], '3a09b9e4-86c9-4992-9703-0045b182d5eb');
	const agent = nested['timeline'].find((item: any) => item.kind === 'call');
	assert.equal(agent.tool, 'Agent');
	assert.equal(agent.subagents[0].agent_id, 'a88c41c3307134868');
	assert.deepEqual(
		agent.subagents[0].items.map((item: any) => item.tool),
		['Bash', 'Read'],
	);

	const missing = cli('session', 'zzzz');
	assert.equal(missing.status, 1);
	assert.equal(missing.stderr, 'eyelet: no session "zzzz": run `eyelet sessions` for the ids\n');
});
