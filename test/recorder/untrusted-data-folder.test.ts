import assert from 'node:assert/strict';
import {chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import Database from 'better-sqlite3';
import {isolatedEnv, otherUser, runCli, tempDir, withReader} from '../helpers.js';

const payload = (prompt: string) => JSON.stringify({session_id: 'victim', hook_event_name: 'UserPromptSubmit', cwd: '/w', prompt});

interface Check {
	name: string;
	status: string;
	message: string;
}

/** A home whose data folder is ~/data/eyelet (XDG_DATA_HOME), and a private TMPDIR for the fallback spool. */
function setup(t: {after: (fn: () => void) => void}) {
	const home = tempDir(t);
	const data = join(home, 'data', 'eyelet');
	mkdirSync(data, {recursive: true, mode: 0o700});
	mkdirSync(join(home, 'tmp'), {mode: 0o700});
	const env = isolatedEnv(home, {TMPDIR: join(home, 'tmp')});
	const record = (input: string) => {
		const result = runCli(['record'], {input, env});
		assert.deepEqual([result.status, result.stdout], [0, '']);
	};
	const doctor = (args: string[] = []): {status: number | null; checks: Check[]; fixes: Array<{name: string; result: string; ok: boolean}>} => {
		const result = runCli(['doctor', '--json', ...args], {env});
		return {status: result.status, ...JSON.parse(result.stdout)};
	};
	const folders = (report: {checks: Check[]}) => report.checks.find(check => check.name === 'folders')!;
	return {home, data, db: join(data, 'events.db'), env, record, doctor, folders};
}

const storedPrompts = (db: string) =>
	withReader(db, reader => reader.all<{p: string}>("SELECT payload ->> '$.prompt' AS p FROM events ORDER BY id").map(row => row.p));

test('a data folder others can write, with a database planted by another user: no prompt goes into it; doctor --fix makes the folder safe', t => {
	if ('skip' in otherUser) return t.skip(otherUser.skip);
	const {data, db, record, doctor, folders} = setup(t);
	chmodSync(data, 0o777);
	// Planted by another user: a SQLite file of theirs, open to everyone.
	const trap = new Database(db);
	trap.exec('CREATE TABLE trap (x)');
	trap.close();
	chownSync(db, otherUser.uid, otherUser.gid);
	chmodSync(db, 0o666);
	const planted = readFileSync(db);

	record(payload('my secret prompt'));
	assert.ok(readFileSync(db).equals(planted), 'the planted database is untouched');
	assert.equal(existsSync(`${db}-wal`), false);

	const report = doctor();
	assert.equal(folders(report).status, 'fail');
	assert.match(folders(report).message, /eyelet is writable by others \(0777\).*events\.db belongs to uid \d+, not to you/);
	const fixed = doctor(['--fix']);
	assert.match(fixed.fixes.find(fix => fix.name === 'folders')!.result, /^chmod 0700 .*; moved events\.db aside to events\.db\.untrusted-\d{8}T\d{6}Z$/);
	assert.equal(folders(fixed).status, 'ok', folders(fixed).message);
	assert.equal(statSync(data).mode & 0o777, 0o700);

	// The spooled prompt comes in with the next event, into a database of the user's own.
	record(payload('the next prompt'));
	assert.deepEqual(storedPrompts(db).sort(), ['my secret prompt', 'the next prompt']);
	assert.equal(statSync(db).uid, process.getuid!());
});

test('a data folder of the user’s that others can write is not used until doctor --fix makes it 0700', t => {
	const {data, db, record, doctor, folders} = setup(t);
	chmodSync(data, 0o777);
	record(payload('one'));
	assert.equal(existsSync(db), false, 'no database created where anyone could replace it');
	const fixed = doctor(['--fix']);
	assert.equal(folders(fixed).status, 'ok');
	record(payload('two'));
	assert.deepEqual(storedPrompts(db), ['one', 'two']);
});

test('a dangling events.db symlink: the database is never created where it points; doctor --fix moves the link aside', t => {
	const {home, data, db, record, doctor, folders} = setup(t);
	const target = join(home, 'attacker-chosen.db');
	symlinkSync(target, db);
	record(payload('secret'));
	assert.equal(existsSync(target), false);
	assert.ok(lstatSync(db).isSymbolicLink());
	const report = doctor();
	assert.match(folders(report).message, /events\.db is a symlink: eyelet does not write through it/);
	doctor(['--fix']);
	assert.equal(existsSync(target), false);
	assert.ok(readdirSync(data).some(name => name.startsWith('events.db.untrusted-')));
	record(payload('after'));
	assert.ok(lstatSync(db).isFile());
	assert.deepEqual(storedPrompts(db), ['secret', 'after']);
});

test('an eyelet.log symlink to ~/.bashrc: no log line reaches it, and doctor --fix neither writes nor chmods it', t => {
	const {home, data, db, record, doctor, folders} = setup(t);
	const bashrc = join(home, '.bashrc');
	writeFileSync(bashrc, 'export PATH=$HOME/bin:$PATH\n', {mode: 0o644});
	symlinkSync(bashrc, join(data, 'eyelet.log'));
	record('not json: the recorder logs that it stored invalid input');
	record(payload('fine'));
	assert.equal(readFileSync(bashrc, 'utf8'), 'export PATH=$HOME/bin:$PATH\n');
	assert.deepEqual(storedPrompts(db).length, 2, 'the events are stored as usual');
	const report = doctor(['--fix']);
	assert.equal(statSync(bashrc).mode & 0o777, 0o644, 'the permissions repair did not follow the link');
	assert.equal(readFileSync(bashrc, 'utf8'), 'export PATH=$HOME/bin:$PATH\n');
	assert.equal(folders(report).status, 'ok');
	assert.ok(!existsSync(join(data, 'eyelet.log')) || !lstatSync(join(data, 'eyelet.log')).isSymbolicLink(), 'the link was moved aside');
	assert.ok(readdirSync(data).some(name => name.startsWith('eyelet.log.untrusted-')));
});
