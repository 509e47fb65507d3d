import {existsSync} from 'node:fs';
import {Worker} from 'node:worker_threads';
import {resolveOtlpExport, shownEndpoint} from '../settings/otlp-export.js';
import type {ExportMessage, ExportWorkerData} from '../serve/export/protocol.js';
import {exportWorkerFile} from '../serve/export/thread.js';
import {byteProgress} from './byte-progress.js';
import type {Command} from './command.js';
import {commandConfig, dbFlag, writeOut} from './shared.js';
import {isoTime, parseTime} from './time.js';
import {UserError} from './user-error.js';

const plural = (count: number, one: string) => `${count.toLocaleString('en-US')} ${one}${count === 1 ? '' : 's'}`;

export const command: Command = {
	name: 'export',
	summary: "Send history to the team's OpenTelemetry collector: --otlp --since 7d",
	usage: `
  Usage
    $ eyelet export --otlp --since 7d [--all] [--db PATH]

  Sends the events recorded since then to the collector of "export.otlp" in the config file, as the
  daemon's export does (a log record per event, the sessions as traces), through the same batches and
  retries, with a progress bar on a terminal. Only what the daemon's export has not sent is sent: it
  began at the newest event when export was first configured, and each backfill moves that start back,
  so running this again sends nothing twice. Records and span ids are the same as the daemon's, so a
  backend that receives one twice can tell.

  Options
    --otlp            to the OTLP collector in the config (the only kind of export there is)
    --since T         from then: 30m, 12h, 7d or an ISO time
    --all             send every event since then again, the ones already exported too
    --db PATH         database

  Examples
    $ eyelet export --otlp --since 7d
    $ eyelet export --otlp --since 2026-11-01 --all
`,
	flags: {...dbFlag, otlp: {type: 'boolean', default: false}, since: {type: 'string'}, all: {type: 'boolean', default: false}},
	async run(_input, flags) {
		if (!flags['otlp']) throw new UserError('say where to: --otlp (to the collector of "export.otlp" in the config file)', 2);
		const since = typeof flags['since'] === 'string' && flags['since'] ? parseTime(flags['since'], '--since') : null;
		if (since === null) throw new UserError('say from when: --since 7d (or 12h, or an ISO time)', 2);
		const {config} = commandConfig({db: typeof flags['db'] === 'string' ? flags['db'] : null});
		const resolved = resolveOtlpExport(config, process.env);
		if (resolved.status === 'off')
			throw new UserError('export is not configured: add "export": {"otlp": {"endpoint": "http://collector:4318"}} to the config file (see `eyelet config`)');
		if (resolved.status === 'invalid') throw new UserError(resolved.problem);
		if (!existsSync(config.db)) throw new UserError(`no database at ${config.db}: pass --db PATH`);
		const data: ExportWorkerData = {
			dbPath: config.db,
			settings: resolved.settings,
			redaction: config.redaction,
			startAfter: null,
			backfill: {sinceTs: since, all: Boolean(flags['all'])},
		};
		const where = shownEndpoint((resolved.settings.logs ?? resolved.settings.traces)!.url).replace(/\/v1\/(logs|traces)$/, '');
		const outcome = await backfill(data);
		const sent = Object.entries(outcome.records)
			.map(([stream, count]) => (stream === 'otlp/logs' ? plural(count, 'log record') : plural(count, 'span')))
			.join(' and ');
		if (!outcome.ok)
			throw new UserError(`export to ${where} stopped: ${outcome.error ?? 'the collector did not take it'}${sent ? ` (${sent} sent before)` : ''}`);
		await writeOut(`exported ${sent || 'nothing'} of the events since ${isoTime(since)} to ${where}\n`);
		return 0;
	},
};

function backfill(data: ExportWorkerData): Promise<{ok: boolean; records: Record<string, number>; error: string | null}> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(exportWorkerFile, {workerData: data});
		const bars = new Map<string, ReturnType<typeof byteProgress>>();
		const records = new Map<string, number>();
		let finished = false;
		worker.on('message', (message: ExportMessage) => {
			if (message.type === 'progress') {
				const {stream} = message;
				records.set(stream, message.records);
				let bar = bars.get(stream);
				if (!bar) {
					for (const other of bars.values()) other.done();
					bar = byteProgress(stream === 'otlp/logs' ? 'logs  ' : 'traces', message.total, process.stderr, () =>
						plural(records.get(stream) ?? 0, stream === 'otlp/logs' ? 'record' : 'span'),
					);
					bars.set(message.stream, bar);
				}
				bar.update(message.done, `${message.done.toLocaleString('en-US')}/${message.total.toLocaleString('en-US')} events`);
			} else if (message.type === 'log') process.stderr.write(`\r\u001b[Keyelet: ${message.message}\n`);
			else if (message.type === 'done') {
				finished = true;
				for (const bar of bars.values()) bar.done();
				resolve(message);
			}
		});
		worker.on('error', reject);
		worker.on('exit', code => {
			if (!finished) reject(new Error(`the export thread stopped (exit ${code})`));
		});
	});
}
