import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {isolatedEnv, recordAll, runCli, tempDir, withReader} from '../helpers.js';

/** A 1 MB filesystem (tmpfs; 1,088 KB: the 64 KB schema 0009 adds, telemetry's empty tables, taken out of the same room) in a folder of its own, unmounted and removed after the test; or why this machine cannot make one. */
function smallFilesystem(t: {after: (fn: () => void) => void}): string | {skip: string} {
	if (process.getuid?.() !== 0) return {skip: 'mounting a 1 MB tmpfs needs root'};
	const fs = mkdtempSync(join(tmpdir(), 'eyelet-fs-'));
	const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1088k,mode=0700', 'tmpfs', fs], {encoding: 'utf8'});
	if (mounted.status !== 0) {
		rmSync(fs, {recursive: true});
		return {skip: `mounting a tmpfs is not allowed here: ${mounted.stderr.trim()}`};
	}
	t.after(() => {
		execFileSync('umount', [fs]);
		rmSync(fs, {recursive: true});
	});
	return fs;
}

const filesUnder = (dir: string): string[] =>
	readdirSync(dir, {withFileTypes: true}).flatMap(entry => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));

/** A PostToolUse with 2,000 characters of distinct output words: the search index grows with each. */
const payload = (n: number) =>
	JSON.stringify({
		session_id: `s${n % 5}`,
		hook_event_name: 'PostToolUse',
		cwd: '/w',
		tool_name: 'Bash',
		tool_use_id: `t${n}`,
		tool_input: {command: `echo ${n}`},
		tool_response: {
			stdout: Array.from({length: 200}, (_, i) => `w${(n * 7919 + i * 104729) % 99991}`)
				.join(' ')
				.slice(0, 2000),
		},
	});

test('a full disk: every event is stored or spooled, none lost while the spool has room, and no temporary file is left', async t => {
	const fs = smallFilesystem(t);
	if (typeof fs !== 'string') return t.skip(fs.skip);
	const dir = tempDir(t);
	// Everything on the small filesystem, the tmp fallback too: nothing can escape to a bigger disk.
	mkdirSync(join(fs, 'tmp'), {mode: 0o700});
	const db = join(fs, 'data', 'events.db');
	const env = isolatedEnv(dir, {EYELET_DB: db, TMPDIR: join(fs, 'tmp')});
	const total = 150;
	// One at a time, as one session's hooks run: the figures are then the same on every run (before the
	// fix: 80 stored, 0 spooled, 70 lost, 140 temporary files left; after: 79 stored, 71 spooled, 0 lost).
	const results = await recordAll(
		Array.from({length: total}, (_, n) => payload(n)),
		{env, parallel: 1},
	);
	assert.ok(results.every(result => result.status === 0 && result.stdout === ''));
	const lost = results.filter(result => result.stderr.includes('LOST EVENT')).length;
	const files = filesUnder(fs);
	const spooled = files.filter(file => file.endsWith('.event')).length;
	assert.deepEqual(
		files.filter(file => file.includes('.tmp-')),
		[],
		'failed spool writes leave no temporary file',
	);
	assert.equal(lost, 0, `${lost} of ${total} events lost, ${spooled} spooled`);
	assert.ok(spooled > 0, 'the disk did fill up');

	// Room again: the spooled events come in.
	execFileSync('mount', ['-o', 'remount,size=8m', fs]);
	const drained = runCli(['drain'], {env});
	assert.equal(drained.status, 0, drained.stderr);
	assert.equal(
		withReader(db, reader => reader.value<number>('SELECT count(*) FROM events')),
		total,
	);
	assert.doesNotMatch(readFileSync(join(fs, 'data', 'eyelet.log'), 'utf8'), /LOST EVENT/);
});

test('an event that cannot be kept anywhere is named in the log file as well as on stderr', t => {
	const dir = tempDir(t);
	const data = join(dir, 'data');
	mkdirSync(data, {mode: 0o700});
	// The database is a folder (it cannot open), spool/ is a file (no spool beside it), and the tmp
	// fallback cannot be made (TMPDIR is below that file).
	mkdirSync(join(data, 'events.db'));
	writeFileSync(join(data, 'spool'), '');
	const env = isolatedEnv(dir, {EYELET_DB: join(data, 'events.db'), TMPDIR: join(data, 'spool', 'tmp')});
	const result = runCli(['record'], {input: payload(1), env});
	assert.equal(result.status, 0);
	assert.match(result.stderr, /^eyelet: LOST EVENT \d{4}-\d\d-\d\dT[\d:.]+Z "echo 1": cannot spool/m);
	assert.match(readFileSync(join(data, 'eyelet.log'), 'utf8'), /LOST EVENT \d{4}-.*"echo 1": cannot spool/);
});
