import assert from 'node:assert/strict';
import {appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {test} from 'node:test';
import {
	basicSession,
	basicTranscript,
	blockedSession,
	blockedTranscript,
	claudeTranscriptPath,
	fixturePath,
	guardCommand,
	lintCommand,
} from '../harvest-helpers.js';
import {fixtureLines, isolatedEnv, parseJsonl, runCli, tempDir, withReader} from '../helpers.js';

/** HookFailure rows as `eyelet query` prints them (read in-process: a child process per look is slow). */
const failures = (db: string) =>
	withReader(db, reader =>
		reader
			.all<Record<string, any>>(
				`SELECT tool, tool_use_id, session_id, status, origin, summary, ts, json(payload) AS payload FROM events WHERE event = 'HookFailure' ORDER BY ts, id`,
			)
			.map((row): Record<string, any> => ({...row, payload: JSON.parse(row['payload'])})),
	);

test('the recorder harvests the transcript when a turn ends, only what is new, once', t => {
	const dir = tempDir(t);
	const env = isolatedEnv(dir);
	const db = join(dir, 'eyelet.db');
	const transcript = claudeTranscriptPath(dir, `${basicSession}.jsonl`);
	const agentTranscript = claudeTranscriptPath(dir, 'agent-a1.jsonl');
	const lines = fixtureLines(basicTranscript);
	writeFileSync(
		transcript,
		lines
			.slice(0, 8)
			.map(line => `${line}\n`)
			.join(''),
	);
	copyFileSync(fixturePath(blockedTranscript), agentTranscript);
	const record = (payload: Record<string, unknown>) => {
		const result = runCli(['record', '--db', db], {
			env,
			input: Buffer.from(JSON.stringify({session_id: basicSession, cwd: '/home/dev/webapp', transcript_path: transcript, ...payload})),
		});
		assert.deepEqual([result.status, result.stdout, result.stderr], [0, '', '']);
	};

	record({hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_use_id: 'toolu_basic_0_1_1959937855699', tool_input: {command: 'echo hello && uname -s'}});
	assert.equal(failures(db).length, 0, 'only turn-ending events harvest');

	record({hook_event_name: 'Stop'});
	let rows = failures(db);
	assert.deepEqual(
		rows.map(row => [row['tool'], row['tool_use_id'], row['status'], row['origin'], row['payload'].command, row['payload'].exit_code, row['payload'].blocking]),
		[
			['Bash', 'toolu_basic_0_1_1959937855699', 'error', 'harvest', guardCommand, 1, false],
			['Bash', 'toolu_basic_1_0_1960044371084', 'error', 'harvest', guardCommand, 1, false],
		],
	);
	assert.equal(rows[0]!['ts'], Date.parse('2026-11-27T22:07:43.736Z'));
	assert.equal(rows[0]!['summary'], 'PreToolUse:Bash guard.sh exit 1: guard: refusing because of policy X');

	appendFileSync(
		transcript,
		lines
			.slice(8)
			.map(line => `${line}\n`)
			.join(''),
	);
	record({hook_event_name: 'Stop'});
	record({hook_event_name: 'SessionEnd', reason: 'other'});
	rows = failures(db);
	assert.deepEqual(
		rows.map(row => [row['tool_use_id'], row['payload'].hook_name, row['payload'].command, row['payload'].exit_code, row['payload'].blocking]),
		[
			['toolu_basic_0_1_1959937855699', 'PreToolUse:Bash', guardCommand, 1, false],
			['toolu_basic_1_0_1960044371084', 'PreToolUse:Bash', guardCommand, 1, false],
			['toolu_basic_2_0_1960102745804', 'PostToolUse:Write', lintCommand, null, true],
			['toolu_basic_4_0_1960215012449', 'PostToolUse:Edit', lintCommand, null, true],
		],
	);

	// A subagent's own transcript is read at SubagentStop; a missing transcript is no error.
	record({hook_event_name: 'SubagentStop', agent_id: 'a1', agent_transcript_path: agentTranscript});
	record({hook_event_name: 'Stop', transcript_path: claudeTranscriptPath(dir, 'missing.jsonl')});
	rows = failures(db);
	assert.equal(rows.length, 8);
	assert.deepEqual(
		rows.filter(row => row['session_id'] === blockedSession).map(row => row['tool_use_id']),
		['toolu_basic_0_1_1960974929073', 'toolu_basic_1_0_1961054982462', 'toolu_basic_2_0_1961089476867', 'toolu_basic_4_0_1961230813362'],
	);
	const query = parseJsonl(runCli(['query', '--db', db, '--tool', 'Write', '--status', 'error'], {env}).stdout);
	assert.deepEqual(
		query.map(row => [row['event'], row['time'], row['tool_use_id']]),
		[
			['HookFailure', '2026-11-27T22:07:43.906Z', 'toolu_basic_2_0_1960102745804'],
			['HookFailure', '2026-11-27T22:07:44.917Z', 'toolu_basic_2_0_1961089476867'],
		],
	);
});

test('eyelet harvest backfills ~/.claude/projects, recursively and idempotently', t => {
	const dir = tempDir(t);
	const env = isolatedEnv(dir);
	const db = join(dir, 'eyelet.db');
	const projectDir = join(dir, '.claude', 'projects', '-home-dev-webapp');
	mkdirSync(join(projectDir, basicSession, 'subagents'), {recursive: true});
	copyFileSync(fixturePath(basicTranscript), join(projectDir, `${basicSession}.jsonl`));
	copyFileSync(fixturePath(blockedTranscript), join(projectDir, `${blockedSession}.jsonl`));
	// A copy holds the same lines (same uuids): found again, stored once.
	copyFileSync(fixturePath(basicTranscript), join(projectDir, basicSession, 'subagents', 'agent-a1.jsonl'));
	writeFileSync(join(projectDir, 'notes.txt'), 'not a transcript');

	const first = runCli(['harvest', '--db', db], {env});
	assert.equal(first.stderr, '');
	assert.equal(first.status, 0);
	assert.match(first.stdout, /^3 transcripts \(3 with new lines\), \d+ KB read: 8 new hook failures \(12 found\)\n$/);
	const again = runCli(['harvest', '--db', db], {env});
	assert.deepEqual([again.status, again.stdout], [0, '3 transcripts, nothing new since the last harvest\n']);
	assert.equal(failures(db).length, 8);

	const one = runCli(['harvest', '--db', db, join(projectDir, `${basicSession}.jsonl`)], {env});
	assert.equal(one.stdout, '1 transcript, nothing new since the last harvest\n');
	const missing = runCli(['harvest', '--db', db, join(dir, 'nope')], {env});
	assert.deepEqual([missing.status, missing.stdout], [1, '']);
	assert.equal(missing.stderr, `eyelet: no such file or folder: ${join(dir, 'nope')}\n`);
	const noDefault = runCli(['harvest', '--db', db], {env: isolatedEnv(join(dir, 'empty-home'))});
	assert.match(noDefault.stderr, /^eyelet: no Claude Code transcripts at .*\.claude\/projects: pass transcript files or folders\n$/);
});

/** Every byte SQLite keeps for a database: the file and, if still there, its WAL. */
const storedBytes = (db: string) => Buffer.concat([readFileSync(db), existsSync(`${db}-wal`) ? readFileSync(`${db}-wal`) : Buffer.alloc(0)]);

test('a transcript_path outside Claude Code projects folder, climbing out of it, or a symlink in it is never read', t => {
	const dir = tempDir(t);
	const env = isolatedEnv(dir);
	const db = join(dir, 'events.db');
	// A file that is not a transcript, holding a secret and, after it, a line that looks like a hook failure.
	const outside = join(dir, 'shadow');
	const secret = 'root:$6$not-a-transcript-SECRET:19000:0:99999:7:::';
	writeFileSync(outside, `${secret}\n${fixtureLines(basicTranscript)[3]}\n`);
	const projects = join(dir, '.claude', 'projects');
	const link = claudeTranscriptPath(dir, 'linked.jsonl');
	symlinkSync(outside, link);
	for (const path of [outside, join(projects, '..', '..', 'shadow'), link]) {
		const result = runCli(['record', '--db', db], {
			env,
			input: JSON.stringify({session_id: basicSession, hook_event_name: 'Stop', cwd: dir, transcript_path: path}),
		});
		assert.deepEqual([result.status, result.stderr], [0, '']);
	}
	withReader(db, reader => {
		assert.equal(reader.value('SELECT count(*) FROM events'), 3, 'each Stop is stored');
		assert.equal(reader.value("SELECT count(*) FROM events WHERE event = 'HookFailure'"), 0);
		assert.equal(reader.value('SELECT count(*) FROM transcripts'), 0);
	});
	assert.equal(storedBytes(db).includes('not-a-transcript-SECRET'), false);
	assert.match(readFileSync(join(dir, 'eyelet.log'), 'utf8'), /harvest skipped: a transcript path outside .*projects is not read/);
});

test('CLAUDE_CONFIG_DIR moves the transcript folder the recorder reads', t => {
	const dir = tempDir(t);
	const config = join(dir, 'claude-config');
	const env = isolatedEnv(dir, {CLAUDE_CONFIG_DIR: config});
	const db = join(dir, 'events.db');
	const transcript = join(config, 'projects', '-home-dev-webapp', `${basicSession}.jsonl`);
	mkdirSync(dirname(transcript), {recursive: true});
	copyFileSync(fixturePath(basicTranscript), transcript);
	const result = runCli(['record', '--db', db], {
		env,
		input: JSON.stringify({session_id: basicSession, hook_event_name: 'Stop', cwd: dir, transcript_path: transcript}),
	});
	assert.equal(result.status, 0);
	assert.equal(failures(db).length, 4);
});

test('no byte of a transcript is stored to tell a replaced one: a secret in its first line stays out of the database', t => {
	const dir = tempDir(t);
	const env = isolatedEnv(dir);
	const db = join(dir, 'events.db');
	const transcript = claudeTranscriptPath(dir, `${basicSession}.jsonl`);
	const secretLine = JSON.stringify({type: 'summary', summary: 'deploy with token FIRSTLINE-SECRET-4f9a', leafUuid: 'x'});
	writeFileSync(transcript, [secretLine, ...fixtureLines(basicTranscript)].map(line => `${line}\n`).join(''));
	const stop = () =>
		runCli(['record', '--db', db], {env, input: JSON.stringify({session_id: basicSession, hook_event_name: 'Stop', cwd: dir, transcript_path: transcript})});
	assert.equal(stop().status, 0);
	assert.equal(failures(db).length, 4);
	assert.equal(storedBytes(db).includes('FIRSTLINE-SECRET-4f9a'), false, 'the head is not in the file');
	const state = withReader(db, reader => reader.get<{head_length: number; head_sha256: string}>('SELECT head_length, head_sha256 FROM transcripts'));
	assert.equal(state?.head_length, 256);
	assert.match(state!.head_sha256, /^[0-9a-f]{64}$/);

	// The hash still tells a file rewritten in place (same inode, same size, other first bytes): read again, no duplicates.
	const text = readFileSync(transcript, 'utf8');
	writeFileSync(transcript, text.replace('FIRSTLINE', 'SECONDLINE'));
	assert.equal(stop().status, 0);
	assert.match(readFileSync(join(dir, 'eyelet.log'), 'utf8'), /file was replaced or shrank: read from the start/);
	assert.equal(failures(db).length, 4);
});
