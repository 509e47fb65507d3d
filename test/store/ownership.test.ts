import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import Database from 'better-sqlite3';
import {eyeletApplicationId} from '../../source/settings/database-file.js';
import {migrations, schemaVersion} from '../../source/store/migrate.js';
import {fixtureLines, fixtures, isolatedEnv, parseJsonl, runCli, tempDir} from '../helpers.js';

const payloads = fixtureLines('claude-code-sessions.jsonl').slice(0, 3);

/** A home whose data folder holds the Python eyelet's database at eyelet.db, as eyelet v0.4 (Python) leaves it. */
function pythonUser(t: {after: (fn: () => void) => void}) {
	const home = tempDir(t);
	const dataFolder = join(home, 'data', 'eyelet');
	mkdirSync(dataFolder, {recursive: true});
	const source = join(home, 'history.jsonl');
	writeFileSync(source, `${payloads.join('\n')}\n`);
	const made = spawnSync('python3', [join(fixtures, 'python-eyelet', 'make_logs.py'), source, dataFolder, '1790000000'], {encoding: 'utf8'});
	assert.equal(made.status, 0, made.stderr);
	const python = join(dataFolder, 'eyelet.db');
	const py = new Database(python);
	py.pragma('user_version = 1');
	py.close();
	return {home, env: isolatedEnv(home), python, dataFolder};
}

const pythonTables = (path: string) => {
	const db = new Database(path, {readonly: true});
	try {
		return db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
	} finally {
		db.close();
	}
};

test('a Python eyelet database at the old default path: recording goes to events.db beside it, and theirs is untouched', t => {
	const {env, python, dataFolder} = pythonUser(t);
	const before = readFileSync(python);
	for (const payload of payloads) assert.equal(runCli(['record'], {input: payload, env}).status, 0);
	const rows = parseJsonl(runCli(['query'], {env}).stdout);
	assert.equal(rows.length, payloads.length, 'every event recorded, none spooled');
	assert.ok(existsSync(join(dataFolder, 'events.db')));
	assert.equal(existsSync(join(dataFolder, 'spool')) && readdirSync(join(dataFolder, 'spool')).length > 0, false);
	assert.deepEqual(readFileSync(python), before, "the Python eyelet's file is not written");
	assert.deepEqual(pythonTables(python), ['hooks', 'sqlite_sequence']);

	const doctor = JSON.parse(runCli(['doctor', '--json'], {env}).stdout);
	const found = doctor.checks.find((check: {name: string}) => check.name === 'python eyelet');
	assert.match(
		found.message,
		/^found the Python eyelet's database at .*eyelet\.db \(3 events\); eyelet records into .*events\.db beside it: `eyelet import .*eyelet\.db` brings that history in$/,
	);
	assert.equal(runCli(['import', python], {env}).status, 0);
	const origins = parseJsonl(runCli(['query'], {env}).stdout).map(row => row['origin']);
	assert.deepEqual(origins.sort(), [...payloads.map(() => 'hook'), ...payloads.map(() => 'import')].sort(), 'the import brings the Python history in');
});

test('eyelet never migrates or writes a database that is not its own, whatever its user_version', t => {
	const {home, env, python} = pythonUser(t);
	const other = join(home, 'app.sqlite');
	const app = new Database(other);
	app.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY)');
	app.close();
	const marked = join(home, 'marked.sqlite');
	const mine = new Database(marked);
	mine.pragma('application_id = 42');
	mine.close();
	for (const path of [python, other, marked]) {
		const before = readFileSync(path);
		assert.equal(runCli(['record', '--db', path], {input: payloads[0]!, env}).status, 0, 'the hook still succeeds');
		assert.deepEqual(readFileSync(path), before, `${path} unchanged`);
		const log = readFileSync(join(path, '..', 'eyelet.log'), 'utf8');
		assert.match(log, /is not an eyelet database|is the Python eyelet's database|belongs to another program/);
		const spooled = readdirSync(join(path, '..', 'spool')).filter(name => name.endsWith('.event'));
		assert.ok(spooled.length > 0, 'the event waits in the spool, not lost');
		const doctor = JSON.parse(runCli(['doctor', '--json', '--db', path, '--fix'], {env}).stdout);
		assert.deepEqual(readFileSync(path), before, 'doctor --fix does not write it either');
		assert.equal(doctor.checks.find((check: {name: string}) => check.name === 'database').status, 'fail');
	}
});

test('a database from an eyelet before schema 6 at the old path is still the default, and is marked as eyelet’s', t => {
	const home = tempDir(t);
	const env = isolatedEnv(home);
	const legacy = join(home, 'data', 'eyelet', 'eyelet.db');
	mkdirSync(join(legacy, '..'), {recursive: true});
	const db = new Database(legacy);
	db.pragma('journal_mode = WAL');
	for (const {version, file} of migrations().filter(migration => migration.version <= 5)) {
		db.exec(readFileSync(file, 'utf8'));
		db.pragma(`user_version = ${version}`);
	}
	db.close();
	assert.equal(runCli(['record'], {input: payloads[0]!, env}).status, 0);
	assert.equal(existsSync(join(home, 'data', 'eyelet', 'events.db')), false);
	const after = new Database(legacy, {readonly: true});
	assert.equal(after.pragma('application_id', {simple: true}), eyeletApplicationId);
	assert.equal(after.pragma('user_version', {simple: true}), schemaVersion);
	assert.equal(after.prepare('SELECT count(*) FROM events').pluck().get(), 1);
	after.close();
});
