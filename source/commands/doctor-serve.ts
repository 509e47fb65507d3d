import {spawnSync} from 'node:child_process';
import {chmodSync, statSync} from 'node:fs';
import {fetchHealth} from '../serve/health-client.js';
import {cliPath} from '../settings/paths.js';
import {readServeKey, runningDaemon, type ServeKey} from '../settings/serve-file.js';
import {check, type Check} from './doctor-check.js';
import type {ScopeState} from './doctor-hooks.js';
import {displayPath} from './settings-edit.js';

/**
 * What doctor says about `eyelet serve` when a scope uses the http transport: whether the hooks
 * post where the database's daemon listens, with its secret; whether the daemon runs, how fast and
 * how far behind; whether others can read the secret in a settings file; whether it listens beyond
 * loopback.
 */

const loopback = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** A settings file that holds the secret must be its owner's alone. */
function secretFileCheck(state: ScopeState): Check | null {
	let mode: number;
	try {
		mode = statSync(state.path).mode & 0o777;
	} catch {
		return null;
	}
	if ((mode & 0o077) === 0) return null;
	const where = displayPath(state.path);
	return check(
		'serve secret',
		'warn',
		`${where} holds eyelet serve's secret and others may read it (${mode.toString(8).padStart(4, '0')}); --fix makes it 0600`,
		{
			apply: () => {
				chmodSync(state.path, mode & 0o700);
				return `chmod ${(mode & 0o700).toString(8).padStart(4, '0')} ${where}`;
			},
		},
	);
}

/** The http hooks of a scope must post to the database's port with its secret: else every delivery fails. */
function hookTargetCheck(state: ScopeState, key: ServeKey | null): Check | null {
	const http = state.entries.filter(entry => entry.http);
	if (http.length === 0) return null;
	const name = `serve ${state.scope}`;
	const reinstall = `\`eyelet install --scope ${state.scope}\` rewrites them`;
	if (!key) return check(name, 'fail', `the http hooks post to port ${http[0]!.http!.port}, but this database has no eyelet serve key: ${reinstall}`);
	const wrongPort = http.find(entry => entry.http!.port !== key.port);
	if (wrongPort)
		return check(name, 'fail', `the http hooks post to port ${wrongPort.http!.port}, and this database's eyelet serve listens on ${key.port}: ${reinstall}`);
	if (http.some(entry => entry.http!.secret !== key.secret))
		return check(name, 'fail', `the http hooks carry a secret that is not this database's: ${reinstall}`);
	return check(name, 'ok', `${http.length} events post to eyelet serve at 127.0.0.1:${key.port}`);
}

/** `eyelet serve --detach` for this database, as a fix does it: what it printed (where it runs, or why not). */
export function startDetached(dbPath: string): string {
	const started = spawnSync(process.execPath, [cliPath, 'serve', '--detach', '--db', dbPath], {encoding: 'utf8', timeout: 15_000});
	return (started.stdout || started.stderr).trim();
}

/** Whether the daemon runs and answers, with its rate and queue; a fix starts it. */
async function daemonCheck(dbPath: string, key: ServeKey): Promise<Check> {
	const state = runningDaemon(dbPath);
	const start = {apply: () => startDetached(dbPath)};
	if (!state) {
		return check(
			'serve',
			'warn',
			'eyelet serve is not running: the next SessionStart starts it (events sent meanwhile are rebuilt from transcripts); --fix starts it now',
			start,
		);
	}
	const health = await fetchHealth(state, key.secret);
	if (!health) return check('serve', 'fail', `eyelet serve (pid ${state.pid}) does not answer on ${state.host}:${state.port} with this database's secret`);
	const rate = `${health['eventsPerSecond']} events/s, queue ${health['queue']}, ${health['stored']} stored and ${health['spooled']} spooled since it started`;
	const lost = Number(health['lost'] ?? 0);
	if (lost > 0) return check('serve', 'fail', `eyelet serve (pid ${state.pid}) lost ${lost} event(s): no room in the database or the spool; see eyelet.log`);
	if (!loopback.has(state.host)) {
		return check(
			'serve',
			'warn',
			`eyelet serve listens on ${state.host}:${state.port}, beyond this machine: others can reach it (the secret still guards it); ${rate}`,
		);
	}
	return check('serve', 'ok', `eyelet serve ${health['version']} runs (pid ${state.pid}, 127.0.0.1:${state.port}, up ${health['uptimeS']} s): ${rate}`);
}

export async function serveChecks(states: readonly ScopeState[], dbPath: string): Promise<Check[]> {
	const key = readServeKey(dbPath);
	const usesHttp = states.some(state => !state.sameAs && state.entries.some(entry => entry.http));
	if (!usesHttp && !key) return [];
	const checks: Check[] = [];
	for (const state of states) {
		if (state.sameAs || !state.entries.some(entry => entry.http)) continue;
		const target = hookTargetCheck(state, key);
		if (target) checks.push(target);
		const secret = secretFileCheck(state);
		if (secret) checks.push(secret);
	}
	if (key && (usesHttp || runningDaemon(dbPath))) checks.push(await daemonCheck(dbPath, key));
	return checks;
}
