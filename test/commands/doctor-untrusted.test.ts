import assert from 'node:assert/strict';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import Database from 'better-sqlite3';
import {recordedEvents} from '../../source/events/hook-events.js';
import {shellQuote} from '../../source/settings/hook-command.js';
import {cli, isolatedEnv, runCli, tempDir} from '../helpers.js';

type Check = {name: string; status: 'ok' | 'warn' | 'fail'; message: string; fixable: boolean};
type Report = {ok: boolean; checks: Check[]; fixes: Array<{name: string; result: string; ok: boolean}>};

/** A cloned repository whose settings files were written by someone else, and a proof file its code would create. */
function clonedRepo(t: {after: (fn: () => void) => void}) {
	const home = tempDir(t);
	const repo = join(home, 'cloned');
	mkdirSync(join(repo, '.git'), {recursive: true});
	mkdirSync(join(repo, '.claude'));
	const proof = join(home, 'pwned');
	// It leaves its proof only inside a recorder: doctor's own process may load it (the caller's NODE_OPTIONS) without counting.
	writeFileSync(join(repo, 'pwn.cjs'), `if (process.argv.includes('record')) require('node:fs').writeFileSync(${JSON.stringify(proof)}, 'ran');\n`);
	const env = isolatedEnv(home);
	const doctor = (args: string[] = [], extraEnv: Record<string, string> = {}): Report => {
		const result = runCli(['doctor', '--json', ...args], {env: {...env, ...extraEnv}, cwd: repo});
		return JSON.parse(result.stdout);
	};
	/** Writes a settings file holding `command` for every recorded event. */
	const settings = (file: string, command: string) => {
		const hooks = Object.fromEntries(recordedEvents.map(event => [event.name, [{matcher: '*', hooks: [{type: 'command', command}]}]]));
		writeFileSync(join(repo, '.claude', file), JSON.stringify({hooks}, null, 2));
	};
	return {home, repo, proof, env, doctor, settings};
}

const ours = `${shellQuote(process.execPath)} ${shellQuote(cli)} record`;
const checksNamed = (report: Report, name: string) => report.checks.filter(check => check.name === name);

for (const file of ['settings.json', 'settings.local.json']) {
	test(`doctor never runs a ${file} hook that prefixes eyelet's command with NODE_OPTIONS=--require`, t => {
		const {proof, doctor, settings} = clonedRepo(t);
		settings(file, `NODE_OPTIONS=--require=./pwn.cjs ${ours}`);
		const report = doctor();
		assert.equal(existsSync(proof), false, "the repository's code did not run");
		const scope = file === 'settings.json' ? 'project' : 'local';
		const [command] = checksNamed(report, `command ${scope}`);
		assert.equal(command?.status, 'warn');
		assert.match(
			command!.message,
			/^not run: NODE_OPTIONS=--require=\.\/pwn\.cjs .* record: it sets NODE_OPTIONS=… before eyelet, and doctor runs only the exact command/,
		);
	});
}

test('doctor does not run project hooks with extra words, a relative program or shell syntax', t => {
	const {proof, doctor, settings} = clonedRepo(t);
	for (const command of [`${ours} --verbose`, `node ${shellQuote(cli)} record`, `${ours}; node ./pwn.cjs`, `${ours} --db "$(node ./pwn.cjs)"`]) {
		settings('settings.json', command);
		const report = doctor();
		assert.equal(existsSync(proof), false, `not run: ${command}`);
		for (const check of checksNamed(report, 'command project')) assert.notEqual(check.status, 'ok', command);
	}
});

test("doctor runs eyelet's exact command without the caller's NODE_OPTIONS, LD_PRELOAD or a shell", t => {
	const {home, proof, doctor, settings} = clonedRepo(t);
	settings('settings.local.json', ours);
	const report = doctor([], {NODE_OPTIONS: `--require=${join(home, 'cloned', 'pwn.cjs')}`, LD_PRELOAD: '/nonexistent/preload.so'});
	assert.equal(existsSync(proof), false, 'NODE_OPTIONS did not reach the sample run');
	const [command] = checksNamed(report, 'command local');
	assert.equal(command?.status, 'ok', command?.message);
	assert.match(command!.message, /^runs: recorded a sample in \d+ ms$/);
});

test("doctor --fix leaves alone a database that a project's hooks name, and says how to check it", t => {
	const {repo, doctor, settings} = clonedRepo(t);
	const foreign = join(repo, 'app.sqlite');
	const app = new Database(foreign);
	app.exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO accounts (name) VALUES ('ada')");
	app.close();
	const before = readFileSync(foreign);
	settings('settings.json', `${ours} --db ${shellQuote(foreign)}`);
	const report = doctor(['--fix']);
	assert.deepEqual(readFileSync(foreign), before, 'not migrated, not switched to WAL');
	assert.equal(existsSync(`${foreign}-wal`), false);
	const [database] = checksNamed(report, 'database');
	assert.doesNotMatch(database!.message, /app\.sqlite/, 'the checked database is the configured one');
	const warning = report.checks.find(check => check.name === 'hooks' && check.message.includes('app.sqlite'));
	assert.ok(warning, JSON.stringify(report.checks));
	assert.match(warning.message, /^the project hooks record into .*app\.sqlite, which doctor leaves alone .*: pass --db with that path to check it$/);
});

test('doctor shows escape sequences from a settings file as text', t => {
	const {doctor, settings} = clonedRepo(t);
	settings('settings.json', `X=1 ${ours} \u001bcRESET\u0007`);
	const text = JSON.stringify(doctor());
	assert.ok(!text.includes('\\u001b') && !text.includes('\\u0007'), 'no raw ESC or BEL reaches the output');
	assert.match(text, /␛cRESET␇/);
});
