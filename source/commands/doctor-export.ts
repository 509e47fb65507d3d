import type {ExportHealth, StreamStatus} from '../serve/export/protocol.js';
import {fetchHealth} from '../serve/health-client.js';
import type {Config} from '../settings/config.js';
import {resolveOtlpExport, shownEndpoint} from '../settings/otlp-export.js';
import {readServeKey, runningDaemon} from '../settings/serve-file.js';
import {openReader} from '../store/db.js';
import {type ExportCursor, exportBacklog, readCursors} from '../store/export.js';
import {sleepSync} from '../store/retry.js';
import {check, type Check, type Fix} from './doctor-check.js';
import {startDetached} from './doctor-serve.js';

/**
 * What doctor says of the export to an OpenTelemetry collector, when the config asks for one: where
 * it goes, how far behind it is and its last error, as the running eyelet serve reports them, or,
 * with no daemon to ask, as the cursors in the database leave them. Nothing when export is off.
 */

/** A lag for people: "0.4 s", "12 s", "4 min", "3 h", "2 days". */
export function lagText(ms: number): string {
	if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
	if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
	if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
	if (ms < 172_800_000) return `${Math.round(ms / 3_600_000)} h`;
	return `${Math.round(ms / 86_400_000)} days`;
}

/** A lag past this is a warning even without an error: a collector that takes everything keeps it at seconds. */
const lagWarnMs = 60_000;

const streamName = (stream: string) => (stream === 'otlp/logs' ? 'log records' : 'spans');
const counted = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}`;
const iso = (ts: number) => new Date(ts).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Stops the daemon (SIGTERM: it answers what is in flight and closes) and starts it again with the
 * config as it is now; the export resumes from its cursors, and hooks that come meanwhile are
 * rebuilt from their transcripts like any missed delivery.
 */
function restart(dbPath: string, pid: number): Fix {
	return {
		apply() {
			try {
				process.kill(pid, 'SIGTERM');
			} catch {
				// gone already
			}
			const deadline = Date.now() + 10_000;
			while (runningDaemon(dbPath) && Date.now() < deadline) sleepSync(50);
			if (runningDaemon(dbPath)) return `eyelet serve (pid ${pid}) did not stop within 10 s`;
			return `restarted eyelet serve: ${startDetached(dbPath)}`;
		},
	};
}

function runningCheck(health: ExportHealth, pid: number, dbPath: string): Check {
	if (health.state === 'invalid') return check('export', 'fail', `eyelet serve (pid ${pid}) does not export: ${health.problem}`);
	if (health.state === 'stopped')
		return check(
			'export',
			'fail',
			`eyelet serve's export thread stopped (see eyelet.log): --fix restarts eyelet serve, which resumes from the cursor`,
			restart(dbPath, pid),
		);
	const streams: StreamStatus[] = health.streams;
	const where = [...new Set(streams.map(stream => stream.endpoint.replace(/\/v1\/(logs|traces)$/, '')))].join(', ');
	const sent = streams.map(stream => counted(stream.exported, streamName(stream.stream))).join(' and ');
	const lagMs = Math.max(0, ...streams.map(stream => stream.lagMs));
	const pending = Math.max(0, ...streams.map(stream => stream.pending));
	const acked = Math.max(0, ...streams.map(stream => stream.ackedAt ?? 0));
	const line = `to ${where}: lag ${lagText(lagMs)}${pending ? ` (${counted(pending, 'events')} waiting)` : ''}; ${sent} acknowledged${acked ? `, last at ${iso(acked)}` : ''}`;
	if (health.lastError) {
		const failing = streams.find(stream => stream.lastError === health.lastError);
		const since = failing?.lastErrorAt ? ` at ${iso(failing.lastErrorAt)}` : '';
		const retry = failing?.retryAt ? `, next try in ${lagText(Math.max(0, failing.retryAt - Date.now()))}` : '';
		return check('export', 'warn', `${line}; failing: ${health.lastError}${since}${retry}`);
	}
	return check('export', lagMs > lagWarnMs ? 'warn' : 'ok', line);
}

/** No daemon to ask: what the cursors say, and that nothing goes out until eyelet serve runs. */
function cursorCheck(dbPath: string, why: string): Check {
	let cursors: ExportCursor[] = [];
	let backlog = {pending: 0, lagMs: 0};
	try {
		const db = openReader(dbPath);
		try {
			cursors = readCursors(db);
			if (cursors.length > 0) backlog = exportBacklog(db, Math.min(...cursors.map(cursor => cursor.ackedId)), Date.now());
		} finally {
			db.close();
		}
	} catch {
		// the database checks say why
	}
	if (cursors.length === 0) return check('export', 'warn', `export.otlp is configured, but ${why}: export starts with the next eyelet serve`);
	const failed = cursors.filter(cursor => cursor.lastError && (cursor.ackedTs ?? 0) < (cursor.lastErrorTs ?? 0));
	const error = failed[0] ? `; last error: ${failed[0].lastError} at ${iso(failed[0].lastErrorTs!)}` : '';
	const waiting = backlog.pending ? `${counted(backlog.pending, 'events')} wait (lag ${lagText(backlog.lagMs)})` : 'nothing waits';
	return check('export', 'warn', `export.otlp is configured, but ${why}: nothing is exported meanwhile; ${waiting}${error}`);
}

export async function exportChecks(dbPath: string, config: Config, env: NodeJS.ProcessEnv = process.env): Promise<Check[]> {
	const resolved = resolveOtlpExport(config, env);
	if (resolved.status === 'off') return [];
	if (resolved.status === 'invalid') return [check('export', 'fail', `export.otlp in the config: ${resolved.problem}`)];
	const key = readServeKey(dbPath);
	const state = runningDaemon(dbPath);
	if (!key || !state) return [cursorCheck(dbPath, 'eyelet serve is not running (the next SessionStart, or `eyelet serve --detach`, starts it)')];
	const health = await fetchHealth(state, key.secret);
	if (!health) return [cursorCheck(dbPath, `eyelet serve (pid ${state.pid}) does not answer`)];
	const exported = health['export'] as ExportHealth | undefined;
	if (!exported || exported.state === 'off') {
		const target = resolved.settings.logs ?? resolved.settings.traces;
		return [
			check(
				'export',
				'warn',
				`export.otlp (to ${shownEndpoint(target!.url).replace(/\/v1\/(logs|traces)$/, '')}) is configured, but eyelet serve (pid ${state.pid}) started without it: --fix restarts it`,
				restart(dbPath, state.pid),
			),
		];
	}
	return [runningCheck(exported, state.pid, dbPath)];
}
