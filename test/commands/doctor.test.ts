import {eyeletApplicationId} from '../../source/settings/database-file.js';
import {schemaVersion} from '../../source/store/migrate.js';
import assert from 'node:assert/strict';
import {chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import Database from 'better-sqlite3';
import {recordedEvents} from '../../source/events/hook-events.js';
import {readJson, runSession} from '../claude-code.js';
import {cli, fixtureLines, isolatedEnv, runCli, tempDir, withReader} from '../helpers.js';

type Check = {name: string; status: 'ok' | 'warn' | 'fail'; message: string; fixable: boolean};
type Report = {ok: boolean; checks: Check[]; fixes: Array<{name: string; result: string; ok: boolean}>; status: number | null};

function setup(t: {after: (fn: () => void) => void}) {
	const home = tempDir(t);
	const project = join(home, 'project');
	mkdirSync(join(project, '.git'), {recursive: true});
	const env = isolatedEnv(home);
	const db = join(home, 'data', 'eyelet', 'events.db');
	const eyelet = (args: string[], extraEnv: Record<string, string> = {}) => runCli(args, {env: {...env, ...extraEnv}, cwd: project});
	const doctor = (args: string[] = [], extraEnv: Record<string, string> = {}): Report => {
		const result = eyelet(['doctor', '--json', ...args], extraEnv);
		assert.equal(result.stderr, '');
		return {...JSON.parse(result.stdout), status: result.status};
	};
	const record = (_payload: string, args: string[] = [], extraEnv: Record<string, string> = {}) =>
		assert.equal(eyelet(['record', '--db', db, ...args], extraEnv).status ?? 0, 0);
	return {
		home,
		project,
		env,
		db,
		eyelet,
		doctor,
		record,
		userSettings: join(home, '.claude', 'settings.json'),
		localSettings: join(project, '.claude', 'settings.local.json'),
	};
}

/** The one check with this name (several commands per scope would share one; tests use one each). */
function find(report: Report, name: string): Check {
	const matches = report.checks.filter(check => check.name === name);
	assert.equal(matches.length, 1, `one "${name}" check in ${JSON.stringify(report.checks.map(check => check.name))}`);
	return matches[0]!;
}

const payload = fixtureLines('claude-code-sessions.jsonl')[0]!;

test('doctor: a healthy install passes every check and exits 0', async t => {
	const {project, env, eyelet, doctor, userSettings} = setup(t);
	assert.equal(eyelet(['install', '--transport', 'command']).status, 0);
	await runSession(readJson(userSettings), fixtureLines('claude-code-sessions.jsonl').slice(0, 4), {cwd: project, env});
	const report = doctor();
	assert.equal(report.status, 0);
	assert.equal(report.ok, true);
	assert.deepEqual(
		report.checks.map(check => check.name),
		[
			'config',
			'folders',
			'database',
			'integrity',
			'journal',
			'schema',
			'size',
			'spool',
			'permissions',
			'redaction',
			'hooks user',
			'hooks project',
			'hooks local',
			'telemetry',
			'command user',
			'test record',
		],
	);
	for (const check of report.checks) {
		// a machine busy enough to take over a second per hook makes the latency a warning, not a failure
		assert.ok(check.status === 'ok' || (check.name === 'test record' && check.status === 'warn'), `${check.name}: ${check.status} ${check.message}`);
	}
	assert.match(find(report, 'permissions').message, /^data dir 0700, events\.db 0600/);
	assert.match(find(report, 'hooks user').message, new RegExp(`^${recordedEvents.length} of ${recordedEvents.length} events in ~/\\.claude/settings\\.json$`));
	assert.match(find(report, 'command user').message, /^runs: recorded a sample in \d+ ms$/);
	assert.match(
		find(report, 'test record').message,
		/^sample recorded into a temporary database in \d+ ms \(median of 3\), what each command hook costs(: slow, .*)?$/,
	);
	assert.match(find(report, 'size').message, /^database \d+(\.\d)? KB, WAL \d+/);
	assert.match(find(report, 'redaction').message, /^\d+ built-in rules find nothing to redact in all 4 stored rows$/);
});

test('doctor: stored rows that the current rules would still redact are counted, and eyelet redact makes it ok', t => {
	const {home, db, eyelet, doctor} = setup(t);
	const leaky = JSON.stringify({session_id: 's', hook_event_name: 'UserPromptSubmit', prompt: 'deploy with AKIAQ3EGSNX7YBUVZ2KD'});
	for (const [input, redact] of [
		[leaky, '0'],
		[payload, '0'],
		[leaky, '1'],
	] as const)
		assert.equal(runCli(['record', '--db', db], {input, env: isolatedEnv(home, {EYELET_REDACT: redact})}).status, 0);
	const warned = find(doctor(), 'redaction');
	assert.equal(warned.status, 'warn');
	assert.match(warned.message, /^1 of all 3 stored rows hold secrets the current rules would redact: run `eyelet redact`, then `eyelet vacuum`$/);
	assert.equal(eyelet(['redact', '--db', db]).status, 0);
	assert.equal(find(doctor(), 'redaction').status, 'ok');
	assert.equal(find(doctor([], {EYELET_REDACT: '0'}), 'redaction').status, 'warn', 'redaction switched off is worth a word');
});

test('doctor: a file that is not a database, and a damaged one, fail', t => {
	const {home, doctor} = setup(t);
	const junk = join(home, 'junk.db');
	writeFileSync(junk, 'this is not a database, only text that goes on long enough to look like a header '.repeat(20));
	const notDb = doctor(['--db', junk]);
	assert.equal(notDb.status, 1);
	assert.equal(find(notDb, 'database').status, 'fail');
	assert.match(find(notDb, 'database').message, /^cannot open .*junk\.db: file is not a database/);
	assert.equal(find(notDb, 'hooks').status, 'fail');
	assert.match(find(notDb, 'hooks').message, /not installed in any settings scope: run `eyelet install`/);

	const damaged = join(home, 'damaged.db');
	const db = new Database(damaged);
	db.pragma('journal_mode = WAL');
	db.pragma(`application_id = ${eyeletApplicationId}`);
	db.exec('CREATE TABLE filler(x TEXT); CREATE INDEX filler_x ON filler(x)');
	const insert = db.prepare('INSERT INTO filler VALUES (?)');
	db.transaction(() => {
		for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${'.'.repeat(50)}`);
	})();
	db.close();
	// overwrite the cell pointers of the last b-tree page: the file opens, its pages do not add up
	const fd = openSync(damaged, 'r+');
	writeSync(fd, Buffer.alloc(200, 0xff), 0, 200, statSync(damaged).size - 4096 + 8);
	closeSync(fd);
	const report = doctor(['--db', damaged]);
	assert.equal(report.status, 1);
	assert.equal(find(report, 'database').status, 'ok');
	assert.equal(find(report, 'integrity').status, 'fail');
	assert.match(find(report, 'integrity').message, /^PRAGMA quick_check found \d+ (or more )?problem\(s\), the first: .*page.*; copy the file aside/);
});

test('doctor: journal not WAL, a newer schema, loose permissions and a spool backlog are reported; --fix repairs what it safely can', t => {
	const {db, eyelet, doctor, record} = setup(t);
	record(payload);
	// hold the write lock so the next recorder gives up within its budget and spools its event
	const locker = new Database(db);
	locker.exec('BEGIN EXCLUSIVE');
	record(payload, [], {EYELET_BUDGET_MS: '100'});
	locker.exec('ROLLBACK');
	locker.pragma('journal_mode = DELETE');
	locker.pragma('user_version = 99');
	locker.close();
	chmodSync(db, 0o644);

	const text = eyelet(['doctor', '--db', db]);
	assert.equal(text.status, 1);
	assert.match(text.stdout, /^fail {2}journal +journal mode is delete, not WAL: recorders and viewers block each other/m);
	assert.match(text.stdout, /^warn {2}spool +1 event\(s\) wait in the spool/m);
	assert.match(text.stdout, /\n3 problem\(s\) can be repaired: run `eyelet doctor --fix`\n$/);
	for (const line of text.stdout.trim().split('\n\n')[0]!.split('\n')) assert.match(line, /^(ok|warn|fail) +\S+( \S+)? +\S/);

	const before = doctor(['--db', db]);
	assert.equal(find(before, 'schema').status, 'fail');
	assert.match(find(before, 'schema').message, new RegExp(`^version 99 is newer than this eyelet's \\(${schemaVersion}\\): upgrade eyelet`));
	assert.equal(find(before, 'permissions').status, 'fail');
	assert.match(find(before, 'permissions').message, /^readable by others: events\.db/);
	assert.equal(find(before, 'spool').status, 'warn');

	const fixed = doctor(['--db', db, '--fix']);
	assert.deepEqual(
		fixed.fixes.map(fix => [fix.name, fix.ok]),
		[
			['journal', true],
			['spool', true],
			['permissions', true],
		],
	);
	assert.match(fixed.fixes[1]!.result, /^drained 1 event\(s\)/);
	for (const name of ['journal', 'spool', 'permissions']) assert.equal(find(fixed, name).status, 'ok', name);
	assert.equal(find(fixed, 'schema').status, 'fail', "a newer schema is not doctor's to repair");
	assert.equal(fixed.status, 1);
	assert.equal(statSync(db).mode & 0o777, 0o600);
	assert.equal(
		withReader(db, reader => reader.value<number>('SELECT count(*) FROM events')),
		2,
	);
});

test('doctor: an empty database file warns; --fix switches it to WAL and creates the schema', t => {
	const {db, doctor} = setup(t);
	mkdirSync(join(db, '..'), {recursive: true, mode: 0o700});
	writeFileSync(db, '', {mode: 0o600});
	const before = doctor();
	assert.equal(find(before, 'schema').status, 'warn');
	assert.match(find(before, 'schema').message, /^empty database/);
	assert.equal(find(before, 'journal').status, 'fail');
	const after = doctor(['--fix']);
	assert.deepEqual(
		after.fixes.map(fix => fix.name),
		['journal'],
	);
	assert.equal(find(after, 'journal').status, 'ok');
	assert.equal(find(after, 'schema').status, 'ok');
	assert.match(find(after, 'schema').message, new RegExp(`^version ${schemaVersion} \\(current\\)`));
});

test('doctor: an oversized WAL warns; --fix checkpoints and truncates it', t => {
	const {db, doctor, record} = setup(t);
	record(payload);
	const writer = new Database(db);
	t.after(() => writer.close());
	writer.pragma('wal_autocheckpoint = 0');
	writer.exec('CREATE TABLE filler(b BLOB)');
	const insert = writer.prepare('INSERT INTO filler VALUES (?)');
	const blob = Buffer.alloc(1024 * 1024, 7);
	writer.transaction(() => {
		for (let i = 0; i < 70; i++) insert.run(blob);
	})();
	assert.ok(statSync(`${db}-wal`).size > 64 * 1024 * 1024);
	const before = doctor();
	assert.equal(find(before, 'size').status, 'warn');
	assert.match(find(before, 'size').message, /WAL 7\d MB: the WAL is over 64 MB/);
	const after = doctor(['--fix']);
	assert.match(after.fixes.find(fix => fix.name === 'size')!.result, /^checkpointed; WAL now 0 B/);
	assert.equal(find(after, 'size').status, 'ok');
	assert.equal(statSync(`${db}-wal`).size, 0);
});

test('doctor: settings scopes: invalid JSON, missing events, a forbidden event, a second scope and disableAllHooks', t => {
	const {project, eyelet, doctor, userSettings, localSettings} = setup(t);
	assert.equal(eyelet(['install', '--transport', 'command']).status, 0);
	const settings = readJson(userSettings);
	const ours = settings['hooks']['Stop'][0];
	delete settings['hooks']['Stop'];
	delete settings['hooks']['PreToolUse'];
	settings['hooks']['WorktreeCreate'] = [ours];
	writeFileSync(userSettings, JSON.stringify(settings));
	mkdirSync(join(project, '.claude'));
	writeFileSync(join(project, '.claude', 'settings.json'), '{"hooks": }');
	assert.equal(eyelet(['install', '--scope', 'local', '--transport', 'command']).status, 0);
	writeFileSync(localSettings, JSON.stringify({...readJson(localSettings), disableAllHooks: true}));

	const report = doctor();
	assert.equal(report.status, 1);
	const user = find(report, 'hooks user');
	assert.equal(user.status, 'fail');
	assert.match(user.message, new RegExp(`^${recordedEvents.length - 2} of ${recordedEvents.length} events`));
	assert.match(user.message, /installed for WorktreeCreate, which it must not be \(a WorktreeCreate hook replaces worktree creation/);
	assert.match(user.message, /missing PreToolUse, Stop: `eyelet install --scope user` adds them/);
	const shared = find(report, 'hooks project');
	assert.equal(shared.status, 'fail');
	assert.match(shared.message, /settings\.json is not valid JSON: error at line 1, column 11: Claude Code cannot read it either$/);
	const local = find(report, 'hooks local');
	assert.equal(local.status, 'warn');
	assert.match(local.message, /"disableAllHooks": true in this file: no hook runs/);
	assert.match(local.message, /also installed in the user scope \(~\/\.claude\/settings\.json\): every event is recorded twice/);

	assert.equal(eyelet(['install', '--transport', 'command']).status, 0, 'install repairs the user scope');
	const repaired = find(doctor(), 'hooks user');
	assert.equal(repaired.status, 'ok', repaired.message);
});

test('doctor: a hook command whose path is gone fails and --fix reinstalls it; one that runs but records nothing fails', t => {
	const {home, project, eyelet, doctor, userSettings, localSettings} = setup(t);
	const db = join(home, 'custom.db');
	assert.equal(eyelet(['install', '--transport', 'command', '--db', db, '--async']).status, 0);
	const stale = readFileSync(userSettings, 'utf8').replaceAll(cli, '/gone/eyelet/dist/cli.cjs');
	writeFileSync(userSettings, stale);

	const before = doctor();
	const gone = find(before, 'command user');
	assert.equal(gone.status, 'fail');
	assert.equal(gone.fixable, true);
	assert.match(gone.message, /^\/gone\/eyelet\/dist\/cli\.cjs no longer exists \(--fix reinstalls with /);
	assert.match(find(before, 'database').message, /custom\.db .*\(named by the hooks\)/);

	const after = doctor(['--fix']);
	assert.match(after.fixes[0]!.result, /^reinstalled in ~\/\.claude\/settings\.json with .*dist\/cli\.cjs \(backup /);
	assert.equal(find(after, 'command user').status, 'ok');
	const hooks = Object.values(readJson(userSettings)['hooks']).flatMap((groups: any) => groups.flatMap((group: any) => group.hooks));
	assert.equal(hooks.length, recordedEvents.length);
	for (const hook of hooks) {
		assert.equal(hook.command, `'${process.execPath}' '${cli}' record --db '${db}'`);
		assert.equal(hook.async, true, 'same options as before');
	}

	// a command that exists and exits with an error, as a broken install would
	const broken = join(home, 'broken', 'dist', 'cli.cjs');
	mkdirSync(join(broken, '..'), {recursive: true});
	writeFileSync(broken, "process.stderr.write('boom: cannot load\\n'); process.exit(3);\n");
	const brokenSettings = JSON.stringify({hooks: {Stop: [{hooks: [{type: 'command', command: `'${process.execPath}' '${broken}' record`}]}]}});
	writeFileSync(userSettings, brokenSettings);
	// the same in a project's file is not run at all: the repository may come from anyone
	mkdirSync(join(localSettings, '..'), {recursive: true});
	writeFileSync(localSettings, brokenSettings);
	const report = doctor();
	const failing = find(report, 'command user');
	assert.equal(failing.status, 'fail');
	assert.match(failing.message, /: nothing recorded; exit code 3: boom: cannot load$/);
	const notRun = find(report, 'command local');
	assert.equal(notRun.status, 'warn');
	assert.match(notRun.message, /^not run: .*broken\/dist\/cli\.cjs' record is not this eyelet/);
	assert.equal(report.status, 1);
	assert.ok(project);
});

test('doctor: the test record fails when no temporary database can be made', t => {
	const {home, doctor} = setup(t);
	const report = doctor([], {TMPDIR: join(home, 'no such dir')});
	assert.equal(report.status, 1);
	assert.equal(find(report, 'test record').status, 'fail');
	assert.match(find(report, 'test record').message, /^cannot create a temporary directory in .*no such dir: ENOENT/);
});

test('doctor with the http transport: the hooks post where eyelet serve listens; a stopped daemon and a readable secret are repaired', async t => {
	const {eyelet, doctor, userSettings, db} = setup(t);
	assert.equal(eyelet(['install', '--transport', 'http']).status, 0);
	const healthy = doctor();
	assert.equal(find(healthy, 'serve user').status, 'ok');
	assert.match(find(healthy, 'serve user').message, /^26 events post to eyelet serve at 127\.0\.0\.1:\d+$/);
	assert.equal(find(healthy, 'serve').status, 'ok');
	assert.match(
		find(healthy, 'serve').message,
		/^eyelet serve \S+ runs \(pid \d+, 127\.0\.0\.1:\d+, up \d+ s\): [\d.]+ events\/s, queue \d+, \d+ stored and \d+ spooled since it started$/,
	);

	const {pid} = JSON.parse(readFileSync(`${db}.serve.pid`, 'utf8'));
	process.kill(pid, 'SIGTERM');
	await waitForExit(pid);
	chmodSync(userSettings, 0o644);
	const before = doctor();
	assert.equal(find(before, 'serve').status, 'warn');
	assert.match(find(before, 'serve').message, /^eyelet serve is not running: the next SessionStart starts it/);
	assert.equal(find(before, 'serve secret').status, 'warn');
	const after = doctor(['--fix']);
	assert.deepEqual(
		after.fixes.map(fix => [fix.name, fix.ok]),
		[
			['serve secret', true],
			['serve', true],
		],
	);
	assert.equal(find(after, 'serve').status, 'ok');
	assert.equal(statSync(userSettings).mode & 0o777, 0o600);

	// Hooks that post to another port than the database's daemon: every delivery would fail.
	const settings = readJson(userSettings);
	for (const groups of Object.values(settings['hooks']) as any[])
		for (const group of groups) for (const hook of group.hooks) if (hook.type === 'http') hook.url = 'http://127.0.0.1:9/hook';
	writeFileSync(userSettings, JSON.stringify(settings));
	const wrong = find(doctor(), 'serve user');
	assert.equal(wrong.status, 'fail');
	assert.match(wrong.message, /^the http hooks post to port 9, and this database's eyelet serve listens on \d+: `eyelet install --scope user` rewrites them$/);
});

async function waitForExit(pid: number): Promise<void> {
	for (let i = 0; i < 500; i++) {
		try {
			process.kill(pid, 0);
		} catch {
			return;
		}
		await new Promise(resolve => setTimeout(resolve, 10));
	}
	throw new Error(`pid ${pid} still runs`);
}
