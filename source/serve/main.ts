import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {appendLog} from '../settings/log.js';
import {sleepSync} from '../store/retry.js';
import {loadConfig} from '../settings/config.js';
import {cliPath, daemonNodeFlags, logPath, packageRoot} from '../settings/paths.js';
import {readServeKey, runningDaemon, type ServeState} from '../settings/serve-file.js';
import {startDaemon} from './daemon.js';
import {fetchHealth} from './health-client.js';

/**
 * `eyelet serve`: the daemon in the foreground, `--detach` to start it in the background, `--status`
 * to ask it how it is. Dispatched by cli.cts straight to this bundle (dist/serve.cjs), without meow.
 * The daemon itself writes nothing to any terminal: it logs to eyelet.log beside the database.
 */

export interface ServeFlags {
	db: string | null;
	port: number | null;
	listen: string | null;
	idleMinutes: number | null;
	detach: boolean;
	status: boolean;
	json: boolean;
	/** An argument that is not one of the flags above: the one-line error names it. */
	unknown: string | null;
}

export function parseServeFlags(args: readonly string[]): ServeFlags {
	const flags: ServeFlags = {db: null, port: null, listen: null, idleMinutes: null, detach: false, status: false, json: false, unknown: null};
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = () => inline ?? args[++i] ?? '';
		const number = (whole = true) => {
			const n = Number(value());
			return (whole ? Number.isInteger(n) : Number.isFinite(n)) && n > 0 ? n : Number.NaN;
		};
		if (name === '--db' || name === '-d') flags.db = value() || null;
		else if (name === '--port') flags.port = number();
		else if (name === '--listen') flags.listen = value() || null;
		else if (name === '--idle-minutes') flags.idleMinutes = number(false);
		else if (name === '--detach') flags.detach = true;
		else if (name === '--status') flags.status = true;
		else if (name === '--json') flags.json = true;
		else flags.unknown ??= arg;
	}
	return flags;
}

function version(): string {
	try {
		return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {version: string}).version;
	} catch {
		return 'unknown';
	}
}

const fail = (message: string, code = 1) => {
	process.stderr.write(`eyelet serve: ${message}\n`);
	return code;
};

const where = (state: ServeState) => `http://${state.host}:${state.port}/hook (pid ${state.pid}, ${state.db})`;

async function status(dbPath: string, json: boolean): Promise<number> {
	const state = runningDaemon(dbPath);
	const key = readServeKey(dbPath);
	const health = state && key ? await fetchHealth(state, key.secret) : null;
	if (json) {
		process.stdout.write(
			`${JSON.stringify({running: health !== null, db: dbPath, pid: state?.pid ?? null, port: state?.port ?? key?.port ?? null, health}, null, 2)}\n`,
		);
		return health ? 0 : 1;
	}
	if (!state) {
		process.stdout.write(
			`eyelet serve is not running for ${dbPath}${key ? ` (its hooks post to port ${key.port}; \`eyelet serve --detach\` starts it)` : ''}\n`,
		);
		return 1;
	}
	if (!health) {
		process.stdout.write(`eyelet serve (pid ${state.pid}) does not answer on ${state.host}:${state.port}\n`);
		return 1;
	}
	const lines = [
		`eyelet serve ${health['version']} runs on ${where(state)}`,
		`up ${health['uptimeS']} s; ${health['eventsPerSecond']} events/s; queue ${health['queue']}; received ${health['received']}, stored ${health['stored']}, spooled ${health['spooled']}${health['lost'] ? `, LOST ${health['lost']}` : ''}; spool backlog ${health['spoolBacklog']}`,
	];
	if (health['lastError']) lines.push(`last error: ${health['lastError']}`);
	process.stdout.write(`${lines.join('\n')}\n`);
	return 0;
}

/** Starts the daemon in the background and waits until it listens (or says why not). */
function detach(args: readonly string[], dbPath: string): number {
	const already = runningDaemon(dbPath);
	if (already) {
		process.stdout.write(`eyelet serve already runs on ${where(already)}\n`);
		return 0;
	}
	const child = spawn(process.execPath, [...daemonNodeFlags, cliPath, 'serve', ...args.filter(arg => arg !== '--detach'), '--db', dbPath], {
		detached: true,
		stdio: 'ignore',
	});
	child.unref();
	const deadline = Date.now() + 5_000;
	while (Date.now() < deadline) {
		const state = runningDaemon(dbPath);
		if (state) {
			process.stdout.write(`eyelet serve runs on ${where(state)}\n`);
			return 0;
		}
		sleepSync(20);
	}
	let last = '';
	try {
		last = readFileSync(logPath(dbPath), 'utf8').trim().split('\n').at(-1) ?? '';
	} catch {
		// no log
	}
	return fail(`did not start within 5 s${last ? `; the log's last line: ${last}` : ''}`);
}

export async function runServe(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
	process.umask(0o077);
	const flags = parseServeFlags(args);
	if (flags.unknown) {
		// The same line every other command gives (commands/main.ts).
		process.stderr.write(`eyelet: unknown option ${flags.unknown} for \`eyelet serve\`; run \`eyelet serve --help\` for its options\n`);
		return 2;
	}
	if (Number.isNaN(flags.port) || (flags.port !== null && flags.port > 65535)) return fail('--port needs a port number (1-65535)', 2);
	if (Number.isNaN(flags.idleMinutes)) return fail('--idle-minutes needs a number of minutes', 2);
	const {config, error} = loadConfig(env);
	const dbPath = resolve(flags.db ?? config.db);
	const log = (message: string) => appendLog(dbPath, message);
	if (error) log(`${error} (serving with defaults)`);
	if (flags.status) return status(dbPath, flags.json);
	if (flags.detach) return detach(args, dbPath);

	process.title = 'eyelet serve';
	// Taken before the daemon listens (and writes its state file), so a stop that comes at once is a clean one.
	let stopRequested: string | null = null;
	let onStop = (signal: string) => {
		stopRequested = signal;
	};
	for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => onStop(signal));
	const started = await startDaemon({
		dbPath,
		config,
		host: flags.listen ?? '127.0.0.1',
		port: flags.port,
		idleMs: (flags.idleMinutes ?? config.serve.idleMinutes) * 60_000,
		version: version(),
		log,
	});
	if (started.status === 'running') {
		process.stdout.write(`eyelet serve already runs on ${where(started.state)}\n`);
		return 0;
	}
	if (started.status === 'failed') {
		log(`serve: cannot start: ${started.message}`);
		return fail(started.message);
	}
	const {daemon} = started;
	onStop = signal => void daemon.close(signal);
	if (stopRequested) onStop(stopRequested);
	await daemon.stopped;
	return 0;
}
