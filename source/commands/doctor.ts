import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {neutralize, terminalJson} from '../events/neutralize.js';
import {loadConfig} from '../settings/config.js';
import type {Command} from './command.js';
import {check, type Check, formatChecks} from './doctor-check.js';
import {commandChecks, hookChecks, readScopes, type ScopeState, testRecordCheck} from './doctor-hooks.js';
import {foldersCheck} from './doctor-folders.js';
import {redactionCheck} from './doctor-redaction.js';
import {serveChecks} from './doctor-serve.js';
import {telemetryChecks} from './doctor-telemetry.js';
import {databaseChecks, deliveriesCheck, permissionsCheck, pythonEyeletChecks, sizeCheck, spoolCheck} from './doctor-store.js';
import {displayPath} from './settings-edit.js';

/**
 * The database to check (and, with --fix, to repair): --db, else the one the user's own hooks name,
 * else the configured one. A project's or local settings file comes with the repository, so a
 * database it names is never opened for writing unless the user passes it with --db.
 */
function chooseDatabase(flag: unknown, states: readonly ScopeState[], configured: string): {path: string; why: string} {
	if (typeof flag === 'string' && flag) return {path: resolve(flag), why: '--db'};
	const user = states.find(state => state.scope === 'user');
	const named = [...new Set(user?.entries.filter(entry => entry.parsed).map(entry => entry.parsed!.db) ?? [])];
	if (named.length === 1 && named[0]) return {path: named[0], why: 'named by the hooks'};
	return {path: configured, why: 'configured'};
}

/** Databases that project or local hooks name besides the one checked: doctor leaves them alone and says so. */
function projectDatabases(states: readonly ScopeState[], checked: string): Check[] {
	const named = states
		.filter(state => state.scope !== 'user')
		.flatMap(state => state.entries.map(entry => ({scope: state.scope, db: entry.parsed?.db ?? null})));
	const others = [...new Map(named.filter(({db}) => db !== null && resolve(db) !== checked).map(entry => [entry.db, entry])).values()];
	return others.map(({scope, db}) =>
		check(
			'hooks',
			'warn',
			`the ${scope} hooks record into ${neutralize(db!, true)}, which doctor leaves alone (a project's settings may come from anyone): pass --db with that path to check it`,
		),
	);
}

function configCheck(): Check {
	const {file, error, sources} = loadConfig();
	if (error) return check('config', 'warn', error);
	return check(
		'config',
		'ok',
		`${existsSync(file) ? displayPath(file) : 'no config file, defaults'}${sources['db'] === 'env' ? '; database from EYELET_DB' : ''}`,
	);
}

/**
 * Every check, in the order a person reads them: config, database, files, hooks, then the live runs.
 * After repairs, the test record (which no repair changes) is taken from the first pass.
 */
async function runChecks(dbFlag: unknown, testRecord: Check | null = null): Promise<Check[]> {
	const cwd = process.cwd();
	const states = readScopes(cwd);
	const db = chooseDatabase(dbFlag, states, loadConfig().config.db);
	const checks = [
		configCheck(),
		// First, so that --fix makes the folders safe before the repairs that write into them.
		foldersCheck(db.path),
		...databaseChecks(db.path, db.why),
		...pythonEyeletChecks(db.path),
		...deliveriesCheck(db.path),
		sizeCheck(db.path),
		spoolCheck(db.path),
		permissionsCheck(db.path),
		redactionCheck(db.path),
		...hookChecks(states),
		...projectDatabases(states, db.path),
		...(await serveChecks(states, db.path)),
		...telemetryChecks(states, db.path),
	];
	let workDir: string;
	try {
		workDir = mkdtempSync(join(tmpdir(), 'eyelet-doctor-'));
	} catch (error) {
		checks.push(check('test record', 'fail', `cannot create a temporary directory in ${tmpdir()}: ${(error as Error).message}`));
		return checks;
	}
	try {
		checks.push(...commandChecks(states, workDir, cwd), testRecord ?? testRecordCheck(workDir, cwd));
	} finally {
		rmSync(workDir, {recursive: true, force: true});
	}
	return checks;
}

interface FixResult {
	name: string;
	result: string;
	ok: boolean;
}

/** Applies each distinct repair once (the journal and schema lines share one), in report order. */
function applyFixes(checks: readonly Check[]): FixResult[] {
	const done = new Set<object>();
	const results: FixResult[] = [];
	for (const {name, fix} of checks) {
		if (!fix || done.has(fix)) continue;
		done.add(fix);
		try {
			results.push({name, result: fix.apply(), ok: true});
		} catch (error) {
			results.push({name, result: `could not fix: ${(error as Error).message}`, ok: false});
		}
	}
	return results;
}

export const command: Command = {
	name: 'doctor',
	summary: 'Check the database, the spool, permissions and the installed hooks',
	usage: `
  Usage
    $ eyelet doctor [--json] [--fix] [--db PATH]

  One line per check, ok / warn / fail: the database opens, passes PRAGMA quick_check, is in WAL
  mode at the current schema version; sizes of the database and its WAL; the spool backlog; file
  permissions; how many of the newest stored rows (300 ms of them) hold secrets the current
  redaction rules would redact; for each settings scope, which events the hooks cover and whether their command
  exists and records a sample (only eyelet's exact command, run directly, into a temporary
  database); with the http transport, whether the hooks post where eyelet serve listens, whether it
  runs (its rate and queue), and failed deliveries rebuilt; and a test record with its latency.
  Exits 1 when any check fails.

  Options
    --fix        repair what is safe: drain the spool, checkpoint and truncate an oversized WAL,
                 switch to WAL and migrate, make files private (0700/0600), reinstall hooks whose
                 command path no longer exists (same scope and options), start eyelet serve;
                 then check again
    --json       print {"ok", "checks": [{"name", "status", "message", "fixable"}], "fixes"} instead
    --db PATH    the database to check (default: the one the hooks name, else the configured one)
`,
	flags: {db: {type: 'string', shortFlag: 'd'}, json: {type: 'boolean', default: false}, fix: {type: 'boolean', default: false}},
	async run(_input, flags) {
		// Repairs create files (drained rows, a new WAL): they must be private like the recorder's.
		process.umask(0o077);
		let checks = await runChecks(flags['db']);
		const fixes = flags['fix'] === true ? applyFixes(checks) : [];
		if (fixes.length > 0) checks = await runChecks(flags['db'], checks.find(c => c.name === 'test record') ?? null);
		const failed = checks.some(c => c.status === 'fail');
		if (flags['json'] === true) {
			const json = {ok: !failed, checks: checks.map(({name, status, message, fix}) => ({name, status, message, fixable: fix !== undefined})), fixes};
			console.log(terminalJson(json, 2));
		} else {
			if (fixes.length) console.log(`${formatChecks(fixes.map(fix => ({name: fix.name, status: fix.ok ? 'fixed' : 'fail', message: fix.result})))}\n`);
			console.log(formatChecks(checks));
			const fixable = checks.filter(c => c.fix).length;
			if (fixable && flags['fix'] !== true) console.log(`\n${fixable} problem(s) can be repaired: run \`eyelet doctor --fix\``);
		}
		return failed ? 1 : 0;
	},
};
