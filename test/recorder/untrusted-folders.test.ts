import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {chmodSync, chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {basename, join} from 'node:path';
import {test} from 'node:test';
import {spoolDirs} from '../../source/spool/spool.js';
import {asOtherUser, isolatedEnv, otherUser, parseJsonl, runCli, tempDir, withReader} from '../helpers.js';

const uid = process.getuid?.() ?? 0;

const payload = (n: number) =>
	JSON.stringify({
		session_id: 'ours',
		hook_event_name: 'PreToolUse',
		cwd: '/w',
		tool_name: 'Bash',
		tool_input: {command: `echo ours ${n}`},
		tool_use_id: `t${n}`,
	});

/** A spool file as the recorder writes one, forged by someone else: what a drain must not take in. */
const forgedEvent = JSON.stringify({
	v: 1,
	record: {
		ts: 1,
		status: 'ok',
		origin: 'hook',
		project: '/w',
		hostname: null,
		gitBranch: null,
		gitCommit: null,
		durationMs: null,
		summary: 'FORGED',
		signature: null,
		redactions: 0,
		payloadBytes: 60,
		truncated: false,
		sourceKey: 'spool:forged',
		custom: null,
		raw: null,
		payload: JSON.stringify({session_id: 'forged', hook_event_name: 'UserPromptSubmit', prompt: 'FORGED'}),
		searchText: 'FORGED',
	},
});

/** A home, and a shared tmp folder (sticky, world-writable, like /tmp) that the recorder uses as TMPDIR. */
function setup(t: {after: (fn: () => void) => void}) {
	const dir = tempDir(t);
	chmodSync(dir, 0o755); // the second user must reach the shared tmp inside
	const tmp = join(dir, 'tmp');
	mkdirSync(tmp);
	chmodSync(tmp, 0o1777);
	const env = isolatedEnv(dir, {TMPDIR: tmp});
	return {dir, tmp, env};
}

/** A database path whose folder cannot exist (its parent is a file): every event has to go to a fallback spool. */
function unwritableDb(dir: string): {dbPath: string; makeWritable: () => void} {
	const blocker = join(dir, 'blocked');
	writeFileSync(blocker, 'a file where the data folder should be');
	return {
		dbPath: join(blocker, 'events.db'),
		makeWritable: () => {
			execFileSync('rm', [blocker]);
			mkdirSync(blocker, {mode: 0o700});
		},
	};
}

const events = (dbPath: string) =>
	withReader(dbPath, reader => reader.all<{session_id: string}>('SELECT session_id FROM events ORDER BY id').map(row => row.session_id));

test('a FIFO with an .event name in the spool hangs neither a drain nor the recorder; it goes to spool/bad', t => {
	const {dir, env} = setup(t);
	const dbPath = join(dir, 'data', 'events.db');
	mkdirSync(join(dir, 'data', 'spool'), {recursive: true, mode: 0o700});
	execFileSync('mkfifo', [join(dir, 'data', 'spool', '0-fifo.event')]);
	// Before the fix, each of these blocked on the FIFO until killed.
	const recorded = runCli(['record', '--db', dbPath], {input: payload(1), env, killAfterMs: 30_000});
	assert.equal(recorded.status, 0, 'the recorder finished');
	assert.deepEqual(events(dbPath), ['ours']);
	assert.deepEqual(readdirSync(join(dir, 'data', 'spool', 'bad')).length, 1);
	assert.ok(lstatSync(join(dir, 'data', 'spool', 'bad', readdirSync(join(dir, 'data', 'spool', 'bad'))[0]!)).isFIFO());
	execFileSync('mkfifo', [join(dir, 'data', 'spool', '1-fifo.event')]);
	const drained = runCli(['drain', '--db', dbPath], {env, killAfterMs: 30_000});
	assert.equal(drained.status, 1, drained.stderr);
	assert.match(drained.stdout, /1 unreadable file\(s\) moved to spool\/bad/);
});

test('a shared tmp fallback that is a symlink to a folder anyone can write is not used: a private one is, and drain finds it', t => {
	const {dir, tmp, env} = setup(t);
	const {dbPath, makeWritable} = unwritableDb(dir);
	const open = join(dir, 'open-folder');
	mkdirSync(join(open, basename(spoolDirs(dbPath)[1]!)), {recursive: true});
	chmodSync(open, 0o777);
	writeFileSync(join(open, basename(spoolDirs(dbPath)[1]!), '1-forged.event'), forgedEvent);
	symlinkSync(open, join(tmp, `eyelet-${uid}`));

	assert.equal(runCli(['record', '--db', dbPath], {input: payload(1), env}).status, 0);
	assert.deepEqual(readdirSync(join(open, basename(spoolDirs(dbPath)[1]!))), ['1-forged.event'], 'nothing of ours went there');
	const [privateFolder] = readdirSync(tmp).filter(name => name.startsWith(`eyelet-${uid}-spool-`));
	assert.ok(privateFolder, `a private fallback in ${readdirSync(tmp)}`);
	assert.equal(statSync(join(tmp, privateFolder)).mode & 0o777, 0o700);
	assert.match(readFileSync(join(dir, '.local', 'state', 'eyelet', 'spool-folders'), 'utf8'), new RegExp(`${privateFolder}\n`));

	makeWritable();
	const drained = runCli(['drain', '--db', dbPath], {env});
	assert.equal(drained.status, 0, drained.stderr);
	assert.match(drained.stdout, /^drained 1 event\(s\)/);
	assert.deepEqual(events(dbPath), ['ours'], 'the forged event was not drained');
});

test('a shared tmp fallback another user created first: our events never go there, and theirs are never drained', t => {
	if ('skip' in otherUser) return t.skip(otherUser.skip);
	const {dir, tmp, env} = setup(t);
	const {dbPath, makeWritable} = unwritableDb(dir);
	const theirs = join(tmp, `eyelet-${uid}`);
	const spoolName = basename(spoolDirs(dbPath)[1]!);
	asOtherUser(
		otherUser,
		`import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
		const [folder, spool, forged] = process.argv.slice(1);
		mkdirSync(spool, {recursive: true});
		chmodSync(folder, 0o777);
		chmodSync(spool, 0o777);
		writeFileSync(spool + '/1-forged.event', forged);`,
		[theirs, join(theirs, spoolName), forgedEvent],
	);
	assert.equal(statSync(theirs).uid, otherUser.uid);

	assert.equal(runCli(['record', '--db', dbPath], {input: payload(1), env}).status, 0);
	assert.deepEqual(readdirSync(join(theirs, spoolName)), ['1-forged.event'], 'nothing of ours went into their folder');
	makeWritable();
	// Only the private folder is recorded: a drain by the next recorder finds it too.
	assert.equal(runCli(['record', '--db', dbPath], {input: payload(2), env}).status, 0);
	assert.deepEqual(events(dbPath), ['ours', 'ours']);
	const rows = parseJsonl(runCli(['query', '--db', dbPath], {env}).stdout);
	assert.deepEqual(rows.map(row => row['payload'].tool_input.command).sort(), ['echo ours 1', 'echo ours 2']);

	const doctor = runCli(['doctor', '--db', dbPath, '--json'], {env});
	const folders = JSON.parse(doctor.stdout).checks.find((check: {name: string}) => check.name === 'folders');
	assert.equal(folders.status, 'warn');
	assert.match(folders.message, /belongs to uid \d+, not to you: eyelet does not use it as a spool fallback.*; 1 file\(s\) there are not drained/);
});

test('a spooled file that is not the user’s own is not drained', t => {
	if ('skip' in otherUser) return t.skip(otherUser.skip);
	const {dir, env} = setup(t);
	const dbPath = join(dir, 'data', 'events.db');
	const spool = join(dir, 'data', 'spool');
	mkdirSync(spool, {recursive: true, mode: 0o700});
	writeFileSync(join(spool, '1-forged.event'), forgedEvent);
	chownSync(join(spool, '1-forged.event'), otherUser.uid, otherUser.gid);
	assert.equal(runCli(['record', '--db', dbPath], {input: payload(1), env}).status, 0);
	assert.deepEqual(events(dbPath), ['ours']);
	assert.equal(readdirSync(join(spool, 'bad')).length, 1);
});
