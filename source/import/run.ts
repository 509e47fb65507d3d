import {getPriority, setPriority} from 'node:os';
import {Worker} from 'node:worker_threads';
import type {EventRecord} from '../events/types.js';
import type {WriteDb} from '../store/db.js';
import {insertImported, upgradeImportKeys} from '../store/bulk.js';
import {importKey} from './records.js';
import type {ImportOptions, WorkerMessage} from './protocol.js';
import type {SourceKind} from './sources.js';

export interface SourceSummary {
	path: string;
	kind: SourceKind | null;
	/** Rows added, invalid ones included. */
	imported: number;
	/** Entries already in the database (imported before). */
	duplicates: number;
	/** Where the entries that were not usable payloads are: "line 12", "id 40", a file path. */
	invalid: string[];
	/** Why the source could not be read (whole or from some point on). */
	problem: string | null;
	units: number;
	unitsDone: number;
}

export interface ImportSummary {
	sources: SourceSummary[];
	imported: number;
	duplicates: number;
	invalid: number;
	elapsedMs: number;
}

/** No message from the reading thread for this long stops the import: every batch, source and problem is one. */
const defaultStallMs = 60_000;

export type ImportProgress = (summary: ImportSummary, current: SourceSummary | null) => void;

/**
 * Hooks that fire during an import should not wait for it: it runs at a lower CPU priority (nice 10),
 * set before the reading thread starts so that thread inherits it. Where that is not allowed, it runs as is.
 */
function lowerPriority(): void {
	try {
		setPriority(Math.max(getPriority(), 10));
	} catch {
		// not permitted here: the import still works, at normal priority
	}
}

/**
 * Imports the sources into `db`: a worker thread reads and normalises, this thread writes each batch
 * in its own short transaction (so a recorder waits one batch at most) and tallies what was new.
 */
export function runImport(db: WriteDb, options: Omit<ImportOptions, 'inFlight'>, onProgress?: ImportProgress): Promise<ImportSummary> {
	const started = Date.now();
	const inFlight = new SharedArrayBuffer(4);
	const counter = new Int32Array(inFlight);
	const summary: ImportSummary = {
		sources: options.paths.map(path => ({path, kind: null, imported: 0, duplicates: 0, invalid: [], problem: null, units: 0, unitsDone: 0})),
		imported: 0,
		duplicates: 0,
		invalid: 0,
		elapsedMs: 0,
	};
	// Its temporary b-trees stay off the disk, as every writer's do (store/db.ts openWriter).
	// wal_autocheckpoint is left at SQLite's default (1000 pages, so a checkpoint after each batch):
	// every 64 MB made a 200,000-row import 13% faster, but a hook that committed in between then did
	// that checkpoint itself and waited up to 1.4 s (bench/import.bench.mjs).

	upgradeImportKeys(db, importKey);
	lowerPriority();
	const worker = new Worker(new URL('./worker.js', import.meta.url), {workerData: {...options, inFlight}});

	const write = (message: Extract<WorkerMessage, {type: 'batch'}>) => {
		const source = summary.sources[message.source]!;
		const records: EventRecord[] = message.records.map(record =>
			record.raw && !Buffer.isBuffer(record.raw) ? {...record, raw: Buffer.from(record.raw as Uint8Array)} : record,
		);
		const added = records.length ? insertImported(db, records) : 0;
		source.imported += added;
		source.duplicates += records.length - added;
		source.invalid.push(...message.invalid);
		source.unitsDone += message.units;
		summary.imported += added;
		summary.duplicates += records.length - added;
		summary.invalid += message.invalid.length;
	};

	return new Promise((resolve, reject) => {
		let failed = false;
		let watchdog: NodeJS.Timeout | undefined;
		const fail = (error: Error) => {
			if (failed) return;
			failed = true;
			clearTimeout(watchdog);
			// A thread stuck in a read that never returns cannot be stopped: unref'd, it does not hold the process.
			worker.unref();
			void worker.terminate();
			reject(error);
		};
		// The time bound: a source the reading thread makes no headway on (a read that blocks, a query that
		// does not end) stops the import instead of hanging it.
		const stallMs = options.stallMs ?? defaultStallMs;
		const rearm = () => {
			clearTimeout(watchdog);
			watchdog = setTimeout(() => {
				const current = summary.sources.find(source => source.kind !== null && source.unitsDone < source.units) ?? summary.sources.at(-1);
				fail(new Error(`no progress for ${Math.round(stallMs / 1000)} s reading ${current?.path ?? 'the sources'}`));
			}, stallMs);
		};
		rearm();
		worker.on('message', (message: WorkerMessage) => {
			if (failed) return;
			rearm();
			try {
				if (message.type === 'batch') {
					write(message);
					Atomics.sub(counter, 0, 1);
					Atomics.notify(counter, 0);
				} else if (message.type === 'source') {
					Object.assign(summary.sources[message.source]!, {kind: message.kind, units: message.units});
				} else if (message.type === 'problem') {
					summary.sources[message.source]!.problem = message.message;
				} else {
					clearTimeout(watchdog);
					summary.elapsedMs = Date.now() - started;
					resolve(summary);
					return;
				}
				summary.elapsedMs = Date.now() - started;
				onProgress?.(summary, 'source' in message ? summary.sources[message.source]! : null);
			} catch (error) {
				fail(error as Error);
			}
		});
		worker.on('error', fail);
		worker.on('exit', code => {
			if (code !== 0) fail(new Error(`the reading thread stopped (exit code ${code})`));
		});
	});
}
