import {spawnSync} from 'node:child_process';
import {chmodSync, statSync} from 'node:fs';
import {resolve} from 'node:path';
import {hookEvents} from '../events/hook-events.js';
import type {Scope} from '../settings/claude-settings.js';
import {type EditResult, type HookSpec, installHooks} from '../settings/hook-edit.js';
import {cliPath} from '../settings/paths.js';
import {newSecret, preferredPort, readServeKey, runningDaemon, type ServeKey} from '../settings/serve-file.js';
import {installTelemetry, settingsCopy, type TelemetryEdit, writeTelemetryRecord} from '../settings/telemetry-edit.js';
import {ensureServeKey} from '../serve/key.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {
	applyEdit,
	type AppliedEdit,
	currentHookSpec,
	displayPath,
	installedTransport,
	parseScope,
	readScope,
	scopeFlag,
	scopePath,
	scopesWithHooks,
	type Transport,
} from './settings-edit.js';
import {pythonEyeletChecks} from './doctor-store.js';
import {resolveDbPath} from './shared.js';

const scopeNote: Record<Scope, string> = {
	user: 'user scope: every project',
	project: 'project scope: shared through git',
	local: 'local scope: this project, not shared',
};

const events = (n: number) => `${n} event${n === 1 ? '' : 's'}`;

function changeSummary(edit: EditResult): string {
	const parts = [
		edit.added.length ? `added ${events(edit.added.length)}` : '',
		edit.updated.length ? `updated ${events(edit.updated.length)}` : '',
		edit.removed.length ? `removed from ${edit.removed.join(', ')}` : '',
	];
	return parts.filter(Boolean).join(', ');
}

/** What the user reads after install (or a dry run of it): one fact per line. */
export function installReport(scope: Scope, path: string, edit: EditResult, applied: AppliedEdit, spec: HookSpec, dryRun: boolean): string[] {
	const where = `${displayPath(path)} (${scopeNote[scope]})`;
	const lines: string[] = [];
	if (!applied.changed) lines.push(`eyelet's hooks are already installed in ${where}; nothing to change`);
	else if (dryRun) lines.push(`would write ${where}: ${changeSummary(edit)} (dry run: nothing written)`);
	else lines.push(`installed eyelet's hooks in ${where}: ${changeSummary(edit)}`);
	if (applied.backup) lines.push(`backup of the previous file: ${displayPath(applied.backup)}`);
	if (spec.http) {
		const commandOnly = hookEvents.filter(event => event.commandOnly && !event.skip).map(event => event.name);
		lines.push(`transport: http, to eyelet serve at ${spec.http.url} (${commandOnly.join(', ')} keep the command)`);
	}
	lines.push(`command: ${spec.command}`);
	for (const {name, skip} of hookEvents) if (skip) lines.push(`not recorded: ${name}: ${skip}`);
	return lines;
}

function warnings(scope: Scope, dbFlag: string | null): string[] {
	const out: string[] = pythonEyeletChecks(dbFlag ?? resolveDbPath({})).map(found => `note: ${found.message}`);
	for (const other of scopesWithHooks(scope)) {
		out.push(
			`warning: eyelet's hooks are also installed in ${displayPath(other.path)} (${other.scope} scope): every event will be recorded twice; remove one with \`eyelet uninstall --scope ${other.scope}\``,
		);
	}
	if (scope === 'project')
		out.push(
			'note: the command holds absolute paths of this machine; if .claude/settings.json is committed, teammates get a command that may not exist for them: prefer --scope local',
		);
	if (/[\\/]_npx[\\/]/.test(cliPath))
		out.push(
			`warning: eyelet runs from npx's cache (${cliPath}); the hooks stop working when that cache is cleaned: install eyelet with \`npm install -g eyelet\` and run install again`,
		);
	if (dbFlag === null && process.env['EYELET_DB'])
		out.push('note: EYELET_DB is set in this shell; the hooks use it only if Claude Code is started with it too: pass --db to write the path into the hook');
	return out;
}

/** Which transport to write: --transport, else the one installed in this scope, else http (command in a project's shared file). */
function chooseTransport(flag: unknown, scope: Scope, settings: Record<string, unknown>): Transport {
	if (flag !== undefined && flag !== 'command' && flag !== 'http') throw new UserError(`--transport "${String(flag)}" is not one of command, http`);
	const transport = (flag as Transport | undefined) ?? installedTransport(settings) ?? (scope === 'project' ? 'command' : 'http');
	if (transport === 'http' && scope === 'project') {
		throw new UserError(
			"--transport http writes the daemon's secret into the settings file, and a project's .claude/settings.json is shared through git: use --scope local (or user), or --transport command",
		);
	}
	return transport;
}

/** The daemon's port and secret for the database: made now (and kept 0600 beside it) unless this is a dry run. */
async function serveKeyFor(dbPath: string, port: number | null, dryRun: boolean): Promise<ServeKey> {
	if (!dryRun) return ensureServeKey(dbPath, '127.0.0.1', port, {repoint: true});
	return readServeKey(dbPath) ?? {port: port ?? preferredPort(dbPath), secret: newSecret()};
}

/** The settings file holds the secret now: only its owner may read it. */
function makePrivate(path: string): string | null {
	try {
		const mode = statSync(path).mode & 0o777;
		if ((mode & 0o077) === 0) return null;
		chmodSync(path, mode & 0o700);
		return `made ${displayPath(path)} private (${(mode & 0o700).toString(8).padStart(4, '0')}): it holds eyelet serve's secret`;
	} catch (error) {
		return `warning: cannot make ${displayPath(path)} private (${(error as Error).message}): others may read eyelet serve's secret in it`;
	}
}

/** Starts the database's daemon (or restarts it on a new port) and says where it runs. */
function startDaemon(dbPath: string, key: ServeKey): string {
	const running = runningDaemon(dbPath);
	if (running && running.port !== key.port) {
		process.kill(running.pid, 'SIGTERM');
		const deadline = Date.now() + 5_000;
		while (runningDaemon(dbPath) && Date.now() < deadline) spawnSync('sleep', ['0.05']);
	}
	const started = spawnSync(process.execPath, [cliPath, 'serve', '--detach', '--db', dbPath], {encoding: 'utf8', timeout: 15_000});
	return (started.stdout || started.stderr).trim() || `eyelet serve did not start (exit code ${started.status}): see \`eyelet doctor\``;
}

/** What --telemetry did, one fact per line; a collector of the user's own gets the way to fan out to eyelet. */
export function telemetryReport(edit: TelemetryEdit, userPath: string, endpoint: string, dbPath: string, dryRun: boolean): string[] {
	if (edit.collector) {
		return [
			`telemetry: ${displayPath(userPath)} already sends Claude Code's telemetry to ${edit.collector.endpoint} (${edit.collector.key}): eyelet leaves your collector in place and changes nothing`,
			'  to send eyelet a copy, add an exporter to your OpenTelemetry Collector and list it in its logs, traces and metrics pipelines:',
			'    exporters:',
			'      otlphttp/eyelet:',
			`        endpoint: ${endpoint}`,
			`        headers: {Authorization: "Bearer <the secret in ${displayPath(`${dbPath}.serve.json`)}>"}`,
			'    service:',
			'      pipelines:',
			'        logs: {exporters: [..., otlphttp/eyelet]}   # and the same for traces and metrics',
			'  `eyelet doctor` reports which way telemetry is wired',
		];
	}
	const keys = Object.keys(edit.added);
	const lines = [
		keys.length
			? `telemetry: ${dryRun ? 'would set' : 'set'} ${keys.length} variable${keys.length === 1 ? '' : 's'} in the env of ${displayPath(userPath)}: Claude Code exports its OpenTelemetry to eyelet serve at ${endpoint}`
			: `telemetry: Claude Code already exports its OpenTelemetry to eyelet serve at ${endpoint}; nothing to change`,
		'  (the user settings whatever --scope: Claude Code turns telemetry on only from there; prompts are exported only if you also set OTEL_LOG_USER_PROMPTS=1)',
	];
	for (const key of edit.kept) lines.push(`  note: kept your own ${key}; eyelet would have set it too`);
	return lines;
}

export const command: Command = {
	name: 'install',
	summary: 'Add the recorder hooks to Claude Code settings',
	usage: `
  Usage
    $ eyelet install [--scope user|project|local] [--transport http|command] [--db PATH] [--port N]
                     [--async] [--dry-run]

  Adds one hook per Claude Code event that eyelet records (matcher "*" on tool events, so every
  tool is seen). Running it again changes nothing; a new path or option updates eyelet's entries
  in place, and a new --transport switches them. Other hooks are left exactly as they are. The
  previous file is kept as <file>.eyelet-backup-<time>.

  Transports
    http         (the default) one long-lived \`eyelet serve\` takes the events over loopback HTTP:
                 no Node process starts per event. SessionStart, SessionEnd and Setup keep the
                 command hook (Claude Code sends SessionStart to no http hook; the SessionStart
                 recorder also starts the daemon when it is down). Events missed while it is
                 down are rebuilt from the session transcript.
    command      every event runs \`eyelet record\`, a Node process each (~0.1 s of CPU)

  Options
    --scope S        user (~/.claude/settings.json, the default), project (<project>/.claude/settings.json)
                     or local (<project>/.claude/settings.local.json); the project is the git root or
                     the current directory. http is not offered for project: its file is shared.
    --transport T    http or command (default: the one already installed in this scope, else http)
    --db PATH        record into this database instead of the default
    --port N         the loopback port for eyelet serve (default: one chosen for this user and database)
    --async          run command hooks in the background: they never delay Claude Code (but
                     \`claude -p\` ends them at exit, so its last events may be lost)
    --telemetry      also point Claude Code's own OpenTelemetry (tokens, cost, API latency, hook time)
                     at eyelet serve: an env block in the user settings (~/.claude/settings.json, whatever
                     --scope), the secret in OTEL_EXPORTER_OTLP_HEADERS. An endpoint you already export
                     to is never replaced: install prints how to fan out from your collector instead.
    --dry-run        print the diff that would be applied, write nothing
`,
	flags: {
		...scopeFlag,
		transport: {type: 'string'},
		db: {type: 'string', shortFlag: 'd'},
		port: {type: 'number'},
		async: {type: 'boolean', default: false},
		telemetry: {type: 'boolean', default: false},
		dryRun: {type: 'boolean', default: false},
	},
	async run(_input, flags) {
		const scope = parseScope(flags['scope']);
		if (flags['db'] === '') throw new UserError('--db needs a path');
		const dbFlag = typeof flags['db'] === 'string' ? resolve(flags['db']) : null;
		const port = flags['port'] === undefined ? null : Number(flags['port']);
		if (port !== null && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new UserError('--port needs a port number (1-65535)');
		const dryRun = flags['dryRun'] === true;
		const path = scopePath(scope);
		const file = readScope(path);
		const transport = chooseTransport(flags['transport'], scope, file.data);
		const dbPath = dbFlag ?? resolveDbPath({});
		const telemetry = flags['telemetry'] === true;
		const key = transport === 'http' || telemetry ? await serveKeyFor(dbPath, port, dryRun) : null;
		const spec = currentHookSpec(dbFlag, flags['async'] === true, transport === 'http' ? key : null);
		let edit: EditResult;
		let telemetryEdit: TelemetryEdit | null = null;
		const userPath = scopePath('user');
		const endpoint = key ? `http://127.0.0.1:${key.port}` : '';
		try {
			edit = installHooks(file.data, spec, path);
			// Telemetry goes in the user settings: on top of the hooks edit when that is the same file.
			// (The hooks' edit is a tracked copy of the file: telemetry is added to it in place.)
			if (telemetry && key && userPath === path) telemetryEdit = installTelemetry(edit.settings, {endpoint, secret: key.secret}, process.env);
		} catch (error) {
			throw new UserError((error as Error).message);
		}
		const applied = applyEdit(file, edit, dryRun, scope);
		if (dryRun && applied.diff) process.stdout.write(applied.diff);
		const lines = installReport(scope, path, edit, applied, spec, dryRun);
		if (telemetry && key && !telemetryEdit) {
			const userFile = readScope(userPath);
			const {settings, origins} = settingsCopy(userFile.data);
			try {
				telemetryEdit = installTelemetry(settings, {endpoint, secret: key.secret}, process.env);
			} catch (error) {
				throw new UserError(`${userPath}: ${(error as Error).message}`);
			}
			const appliedUser = applyEdit(userFile, {settings, origins, added: [], updated: [], removed: []}, dryRun, 'user');
			if (dryRun && appliedUser.diff) process.stdout.write(appliedUser.diff);
			if (appliedUser.backup) lines.push(`backup of the previous user settings: ${displayPath(appliedUser.backup)}`);
		}
		if (telemetryEdit) {
			lines.push(...telemetryReport(telemetryEdit, userPath, endpoint, dbPath, dryRun));
			if (!dryRun && Object.keys(telemetryEdit.added).length) writeTelemetryRecord({settings: userPath, added: telemetryEdit.added});
		}
		if (!dryRun && key) {
			for (const written of new Set([transport === 'http' ? path : null, telemetryEdit && !telemetryEdit.collector ? userPath : null])) {
				const privacy = written && makePrivate(written);
				if (privacy) lines.push(privacy);
			}
			lines.push(startDaemon(dbPath, key));
		}
		if (!dryRun)
			lines.push(
				`events are recorded into ${displayPath(dbPath)}; check the setup with \`eyelet doctor\`; after a Claude Code session, see them with \`eyelet query\``,
			);
		console.log(lines.join('\n'));
		for (const line of warnings(scope, dbFlag)) process.stderr.write(`${line}\n`);
		return 0;
	},
};
