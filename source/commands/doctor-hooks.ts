import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {isAbsolute, join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {hookEvents, knownEventNames, recordedEvents} from '../events/hook-events.js';
import {projectRoot, readSettings, type Scope, scopes, type SettingsFile} from '../settings/claude-settings.js';
import {hookTimeoutSeconds, shellWords} from '../settings/hook-command.js';
import {neutralize} from '../events/neutralize.js';
import {installHooks, type OurEntry, ourEntries} from '../settings/hook-edit.js';
import {loadConfig} from '../settings/config.js';
import {cliPath, logPath} from '../settings/paths.js';
import {readServeKey} from '../settings/serve-file.js';
import {openWriter} from '../store/db.js';
import {sessionEventCount} from '../store/health.js';
import {migrate} from '../store/migrate.js';
import {check, type Check} from './doctor-check.js';
import {applyEdit, currentHookSpec, displayPath, scopePath} from './settings-edit.js';

/** One settings scope as doctor found it. */
export interface ScopeState {
	scope: Scope;
	path: string;
	/** The parse error, one line, when the file is not valid settings JSON. */
	error: string | null;
	settings: Record<string, unknown>;
	entries: OurEntry[];
	/** Set when this scope's file is the same as an earlier scope's (a project at the home directory). */
	sameAs: Scope | null;
}

export function readScopes(cwd: string): ScopeState[] {
	const states: ScopeState[] = [];
	for (const scope of scopes) {
		const path = scopePath(scope, cwd);
		const sameAs = states.find(state => state.path === path)?.scope ?? null;
		let file: SettingsFile | null = null;
		let error: string | null = null;
		try {
			file = readSettings(path);
		} catch (caught) {
			error = (caught as Error).message;
		}
		const settings = file?.data ?? {};
		states.push({scope, path, error, settings, entries: sameAs ? [] : ourEntries(settings), sameAs});
	}
	return states;
}

const matchesAll = (matcher: string | null) => matcher === null || matcher === '' || matcher === '*';

/** Which events a scope's entries cover, and what is off about them. */
function coverage(entries: readonly OurEntry[]) {
	const covered = new Set(entries.filter(entry => matchesAll(entry.matcher)).map(entry => entry.event));
	const restricted = [...new Set(entries.filter(entry => !covered.has(entry.event)).map(entry => entry.event))];
	const forbidden = hookEvents.filter(spec => spec.skip && entries.some(entry => entry.event === spec.name));
	return {
		covered: recordedEvents.filter(spec => covered.has(spec.name)).length,
		missing: recordedEvents.filter(spec => !covered.has(spec.name) && !restricted.includes(spec.name)).map(spec => spec.name),
		restricted,
		forbidden,
		unknown: [...new Set(entries.map(entry => entry.event).filter(event => !knownEventNames.has(event)))],
	};
}

function scopeCheck(state: ScopeState, earlier: readonly ScopeState[]): Check {
	const name = `hooks ${state.scope}`;
	const where = displayPath(state.path);
	if (state.sameAs) return check(name, 'ok', `${where} is the ${state.sameAs} scope's file`);
	if (state.error) return check(name, 'fail', `${state.error}: Claude Code cannot read it either`);
	if (state.entries.length === 0) return check(name, 'ok', `none in ${where}`);
	const {covered, missing, restricted, forbidden, unknown} = coverage(state.entries);
	const asyncCount = state.entries.filter(entry => entry.async).length;
	const mode = asyncCount === 0 ? '' : asyncCount === state.entries.length ? ', async' : ', some async';
	const problems: string[] = [];
	let status: Check['status'] = 'ok';
	const warn = (text: string) => {
		problems.push(text);
		if (status === 'ok') status = 'warn';
	};
	for (const spec of forbidden) {
		problems.push(`installed for ${spec.name}, which it must not be (${spec.skip}): run \`eyelet install --scope ${state.scope}\` to take it out`);
		status = 'fail';
	}
	if (missing.length) warn(`missing ${missing.join(', ')}: \`eyelet install --scope ${state.scope}\` adds them`);
	if (restricted.length) warn(`only some tools or sources for ${restricted.join(', ')} (a matcher other than "*")`);
	if (unknown.length) warn(`events this eyelet does not know: ${unknown.join(', ')}`);
	if (state.settings['disableAllHooks'] === true) warn('"disableAllHooks": true in this file: no hook runs');
	const twice = earlier.find(other => other.entries.length > 0 && !other.sameAs);
	if (twice) warn(`also installed in the ${twice.scope} scope (${displayPath(twice.path)}): every event is recorded twice`);
	return check(name, status, `${covered} of ${recordedEvents.length} events in ${where}${mode}${problems.length ? `; ${problems.join('; ')}` : ''}`);
}

/** One line per settings scope, and a failing line when no scope records anything. */
export function hookChecks(states: readonly ScopeState[]): Check[] {
	const checks = states.map((state, index) => scopeCheck(state, states.slice(0, index)));
	if (states.every(state => state.entries.length === 0))
		checks.push(check('hooks', 'fail', 'eyelet is not installed in any settings scope: run `eyelet install`'));
	const dbs = [...new Set(states.flatMap(state => state.entries.filter(entry => entry.parsed).map(entry => entry.parsed!.db ?? '(default)')))];
	if (dbs.length > 1) checks.push(check('hooks', 'warn', `the hooks record into several databases: ${dbs.map(show).join(', ')}`));
	return checks;
}

const samplePayload = (sessionId: string, cwd: string) =>
	JSON.stringify({
		session_id: sessionId,
		transcript_path: '',
		cwd,
		hook_event_name: 'PostToolUse',
		tool_name: 'Bash',
		tool_input: {command: 'echo eyelet doctor', description: 'eyelet doctor sample'},
		tool_response: {stdout: 'eyelet doctor', stderr: '', interrupted: false},
		tool_use_id: `toolu_${sessionId}`,
	});

let samples = 0;

/** Variables that make node or the dynamic loader run code they name; a sample run gets none of them. */
const codeLoadingVariable = /^(?:NODE_OPTIONS|NODE_PATH|NODE_REPL_EXTERNAL_MODULE|LD_\w*|DYLD_\w*)$/;

/** The environment of a sample run: the user's own, without code-loading variables, pointed at the temporary database. */
export function sampleEnv(env: NodeJS.ProcessEnv, dbPath: string, cwd: string): NodeJS.ProcessEnv {
	const clean = Object.fromEntries(Object.entries(env).filter(([name]) => !codeLoadingVariable.test(name)));
	return {...clean, EYELET_DB: dbPath, CLAUDE_PROJECT_DIR: cwd};
}

interface SampleRun {
	recorded: boolean;
	ms: number;
	/** Why it did not record, in one line. */
	detail: string;
}

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

/** Runs one record of a sample payload (argv for spawn, or ['sh', '-c', command] as Claude Code does) and checks the row is there. */
function runSample(argv: readonly string[], dbPath: string, cwd: string): SampleRun {
	const sessionId = `eyelet-doctor-${process.pid}-${++samples}`;
	const started = performance.now();
	const result = spawnSync(argv[0]!, argv.slice(1), {
		input: samplePayload(sessionId, cwd),
		cwd,
		env: sampleEnv(process.env, dbPath, cwd),
		timeout: hookTimeoutSeconds * 1000,
		encoding: 'utf8',
	});
	const ms = performance.now() - started;
	let recorded = false;
	try {
		recorded = existsSync(dbPath) && sessionEventCount(dbPath, sessionId) === 1;
	} catch {
		// no table yet: not recorded
	}
	if (recorded && result.status === 0) return {recorded, ms, detail: ''};
	const log = (() => {
		try {
			return lastLine(readFileSync(logPath(dbPath), 'utf8')).replace(/^\S+ \[\d+\] /, '');
		} catch {
			return '';
		}
	})();
	const how = result.error ? result.error.message : result.signal ? `killed by ${result.signal} after ${hookTimeoutSeconds} s` : `exit code ${result.status}`;
	const said = lastLine(result.stderr ?? '') || log;
	return {recorded, ms, detail: `${recorded ? 'recorded, but' : 'nothing recorded;'} ${how}${said ? `: ${said}` : ''}`};
}

/** Reinstalls our entries in a scope with this eyelet's paths, keeping their --db and async. */
function reinstall(state: ScopeState, entry: OurEntry): string {
	const file = readSettings(state.path);
	const db = entry.parsed?.db ?? null;
	// The same transport as before: http entries stay http, with the database's port and secret.
	const http = state.entries.some(e => e.transport === 'http') ? readServeKey(db ?? loadConfig().config.db) : null;
	const edit = installHooks(
		file.data,
		currentHookSpec(
			db,
			state.entries.some(e => e.async),
			http,
		),
		state.path,
	);
	const applied = applyEdit(file, edit, false, state.scope);
	return `reinstalled in ${displayPath(state.path)} with ${cliPath}${applied.backup ? ` (backup ${displayPath(applied.backup)})` : ''}`;
}

/** A command from a settings file, safe to print: its escape sequences and controls are shown, not sent. */
const show = (command: string) => neutralize(command, true);

/** Why a command that records with eyelet is still not one doctor may run. */
function notExactReason(entry: OurEntry): string {
	const words = shellWords(entry.command) ?? [];
	if (words[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) return `it sets ${words[0].slice(0, words[0].indexOf('=') + 1)}… before eyelet`;
	if (!isAbsolute(words[0] ?? '')) return 'it does not name its program by an absolute path';
	return 'it passes more than --db to eyelet';
}

/**
 * For each scope, each distinct command its entries name: do its paths exist, and does it record a
 * sample? A command is run only when it is exactly what install writes (`<node> <cli> record
 * [--db PATH]`): settings files come with repositories, and a prefix such as
 * NODE_OPTIONS=--require=./x.cjs would run the repository's code. Its argv is spawned directly, with
 * no shell, with --db pointing at a temporary database and an environment without NODE_OPTIONS,
 * LD_* or DYLD_*. Only the user's own file may name another eyelet to run.
 */
export function commandChecks(states: readonly ScopeState[], workDir: string, cwd: string): Check[] {
	const checks: Check[] = [];
	const runs = new Map<string, SampleRun>();
	const dbPath = join(workDir, 'commands.db');
	for (const state of states) {
		const commands = [...new Map(state.entries.filter(entry => entry.parsed).map(entry => [entry.command, entry])).values()];
		for (const entry of commands) {
			const parsed = entry.parsed!;
			const name = `command ${state.scope}`;
			const gone = [parsed.node, parsed.cli].filter((path): path is string => !!path?.includes('/') && !existsSync(path));
			if (gone.length) {
				checks.push(
					check(name, 'fail', `${gone.join(' and ')} no longer exist${gone.length === 1 ? 's' : ''} (--fix reinstalls with ${cliPath})`, {
						apply: () => reinstall(state, entry),
					}),
				);
				continue;
			}
			const rewrite = `\`eyelet install --scope ${state.scope}\` rewrites it`;
			if (!parsed.exact) {
				checks.push(
					check(name, 'warn', `not run: ${show(entry.command)}: ${notExactReason(entry)}, and doctor runs only the exact command eyelet writes; ${rewrite}`),
				);
				continue;
			}
			const foreign = parsed.cli !== cliPath || (parsed.node !== null && parsed.node !== process.execPath);
			if (foreign && state.scope !== 'user') {
				// A project's files come with the repository: doctor runs only the command this eyelet would write there.
				checks.push(
					check(
						name,
						'warn',
						`not run: ${show(entry.command)} is not this eyelet (${process.execPath} ${cliPath}) and a project's settings may come from anyone; ${rewrite}`,
					),
				);
				continue;
			}
			let run = runs.get(entry.command);
			const argv = [...(parsed.node ? [parsed.node] : []), parsed.cli, 'record', '--db', dbPath];
			if (!run) runs.set(entry.command, (run = runSample(argv, dbPath, projectRoot(cwd))));
			const other = foreign ? ` (runs ${parsed.cli}, not this eyelet)` : '';
			if (run.detail) checks.push(check(name, 'fail', `${show(entry.command)}: ${run.detail}`));
			else checks.push(check(name, 'ok', `runs: recorded a sample in ${Math.round(run.ms)} ms${other}`));
		}
	}
	return checks;
}

/** Past this, every hook visibly delays Claude Code. */
const slowRecordMs = 1000;

/**
 * Records a sample payload with this eyelet into a temporary database three times: the start-up
 * latency every hook pays. The schema is created first, so no run pays for that.
 */
export function testRecordCheck(workDir: string, cwd: string): Check {
	const dbPath = join(workDir, 'test-record.db');
	try {
		const db = openWriter(dbPath);
		migrate(db);
		db.close();
	} catch (error) {
		return check('test record', 'fail', `cannot create a temporary database ${dbPath}: ${(error as Error).message}`);
	}
	const times: number[] = [];
	for (let i = 0; i < 3; i++) {
		const run = runSample([process.execPath, cliPath, 'record', '--db', dbPath], dbPath, cwd);
		if (run.detail) return check('test record', 'fail', `eyelet record into a temporary database: ${run.detail}`);
		times.push(run.ms);
	}
	const median = Math.round(times.sort((a, b) => a - b)[1]!);
	const text = `sample recorded into a temporary database in ${median} ms (median of 3), what each command hook costs`;
	return median > slowRecordMs
		? check('test record', 'warn', `${text}: slow, Claude Code waits this long on each event a command hook records`)
		: check('test record', 'ok', text);
}
