import {isUtf8} from 'node:buffer';
import {closeSync, openSync, readFileSync, readSync, statSync} from 'node:fs';
import {basename} from 'node:path';
import {parentPort, workerData} from 'node:worker_threads';
import {createRedactor} from '../events/redact.js';
import {fileNameToMs, secondsToMs} from '../events/python-eyelet.js';
import type {ImportedRecord as EventRecord} from './records.js';
import {openPythonHooks, type PythonHookRow, pythonHookCount, pythonHookRows} from '../store/python-hooks.js';
import {ImportNormalizer} from './records.js';
import {detectSource, jsonFilesUnder, type Source} from './sources.js';
import type {ImportOptions, WorkerMessage} from './protocol.js';

/**
 * The import's reading half, on its own thread: reads each source, parses and normalises entries
 * (the CPU-heavy part) and posts batches of finished rows to the main thread, which only writes
 * them. At most `maxInFlight` batches wait there, so memory stays bounded on any input size.
 */

const options = workerData as ImportOptions;
const inFlight = new Int32Array(options.inFlight);
const maxInFlight = 3;
const chunkBytes = 4 * 1024 * 1024;

const normalizer = new ImportNormalizer(
	{redactor: options.redaction.enabled ? createRedactor(options.redaction) : null, maxPayloadBytes: options.maxPayloadBytes},
	options.custom,
);

function post(message: WorkerMessage): void {
	if (message.type === 'batch') {
		// Wait while the writer is behind; it decrements and notifies after each batch it commits.
		for (let waiting = Atomics.load(inFlight, 0); waiting >= maxInFlight; waiting = Atomics.load(inFlight, 0)) Atomics.wait(inFlight, 0, waiting, 1000);
		Atomics.add(inFlight, 0, 1);
	}
	parentPort!.postMessage(message);
}

/** Collects rows of one source and posts them in batches. */
class Batcher {
	private records: EventRecord[] = [];
	private invalid: string[] = [];
	private units = 0;

	constructor(private readonly source: number) {}

	add(record: EventRecord, where: string, units = 0): void {
		this.records.push(record);
		if (record.status === 'invalid') this.invalid.push(where);
		this.units += units;
		if (this.records.length >= options.batchSize) this.flush();
	}

	advance(units: number): void {
		this.units += units;
	}

	flush(): void {
		if (this.records.length === 0 && this.units === 0) return;
		post({type: 'batch', source: this.source, records: this.records, invalid: this.invalid, units: this.units});
		this.records = [];
		this.invalid = [];
		this.units = 0;
	}
}

function readJsonl(path: string, batcher: Batcher): void {
	const fallbackTs = statSync(path).mtimeMs;
	const fd = openSync(path, 'r');
	try {
		let carry: Buffer = Buffer.alloc(0);
		let lineNo = 0;
		const handleLine = (line: Buffer, units: number) => {
			lineNo++;
			let end = line.length;
			if (end > 0 && line[end - 1] === 13) end--; // CRLF files
			const bytes = line.subarray(0, end);
			if (bytes.length === 0 || ((bytes[0] === 32 || bytes[0] === 9) && bytes.every(byte => byte === 32 || byte === 9))) return batcher.advance(units);
			let parsed: unknown;
			let ok = isUtf8(bytes);
			if (ok) {
				try {
					parsed = JSON.parse(bytes.toString('utf8'));
				} catch {
					ok = false;
				}
			}
			batcher.add(ok ? normalizer.fromParsed(parsed, bytes, fallbackTs) : normalizer.fromBytes(bytes, fallbackTs), `line ${lineNo}`, units);
		};
		for (;;) {
			const chunk = Buffer.allocUnsafe(chunkBytes);
			const read = readSync(fd, chunk, 0, chunkBytes, null);
			if (read === 0) break;
			const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
			let start = 0;
			for (let newline = data.indexOf(10, start); newline !== -1; newline = data.indexOf(10, start)) {
				handleLine(data.subarray(start, newline), newline + 1 - start);
				start = newline + 1;
			}
			carry = Buffer.from(data.subarray(start));
		}
		if (carry.length) handleLine(carry, carry.length);
	} finally {
		closeSync(fd);
	}
}

function readJsonLogs(dir: string, files: string[], batcher: Batcher): void {
	for (const path of files) {
		const bytes = readFileSync(path);
		const where = path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : path;
		const fallbackTs = fileNameToMs(basename(path)) ?? statSync(path).mtimeMs;
		let parsed: unknown;
		try {
			parsed = isUtf8(bytes) ? JSON.parse(bytes.toString('utf8')) : undefined;
		} catch {
			parsed = undefined;
		}
		batcher.add(parsed === undefined ? normalizer.fromBytes(bytes, fallbackTs) : normalizer.fromParsed(parsed, bytes, fallbackTs), where, 1);
	}
}

/** One row of the Python eyelet's table as a record; a row that cannot be read as a payload is an invalid one, never the end of the import. */
function pythonRecord(row: PythonHookRow, fallbackTs: number): EventRecord {
	const ts = secondsToMs(row.timestamp) ?? fallbackTs;
	const bytes = row.malformed ? Buffer.from(row.malformed) : Buffer.from(row.data ?? '');
	let record: EventRecord;
	try {
		let parsed: unknown;
		try {
			parsed = row.malformed ? undefined : JSON.parse(row.data ?? '');
		} catch {
			parsed = undefined;
		}
		record = parsed === undefined ? normalizer.fromBytes(bytes, ts) : normalizer.fromParsed(parsed, bytes, ts);
	} catch {
		record = normalizer.fromBytes(bytes, ts);
	}
	record.hostname ??= row.hostname && row.hostname !== 'unknown' ? row.hostname : null;
	record.project ??= row.project_dir;
	return record;
}

function readPythonDb(path: string, batcher: Batcher): void {
	const db = openPythonHooks(path)!;
	try {
		const fallbackTs = statSync(path).mtimeMs;
		for (let after = 0; ; ) {
			const rows = pythonHookRows(db, after, 1000);
			if (rows.length === 0) break;
			for (const row of rows) batcher.add(pythonRecord(row, fallbackTs), `id ${row.id}`, 1);
			after = rows.at(-1)!.id;
		}
	} finally {
		db.close();
	}
}

/** Opens one source and says how many units (bytes, files or rows) its progress counts. */
function plan(source: Source): {units: number; files?: string[]} {
	if (source.kind === 'jsonl') return {units: statSync(source.path).size};
	if (source.kind === 'json-logs') {
		const files = jsonFilesUnder(source.path);
		return {units: files.length, files};
	}
	const db = openPythonHooks(source.path);
	if (!db) throw new Error('an SQLite database without the Python eyelet\'s "hooks" table');
	try {
		return {units: pythonHookCount(db)};
	} finally {
		db.close();
	}
}

options.paths.forEach((path, index) => {
	let source: Source;
	let planned: ReturnType<typeof plan>;
	try {
		source = detectSource(path);
		planned = plan(source);
	} catch (error) {
		post({type: 'problem', source: index, message: (error as Error).message});
		return;
	}
	post({type: 'source', source: index, kind: source.kind, units: planned.units});
	normalizer.nextSource();
	const batcher = new Batcher(index);
	try {
		if (source.kind === 'jsonl') readJsonl(path, batcher);
		else if (source.kind === 'json-logs') readJsonLogs(path, planned.files!, batcher);
		else readPythonDb(path, batcher);
		batcher.flush();
	} catch (error) {
		batcher.flush();
		post({type: 'problem', source: index, message: (error as Error).message});
	}
});
post({type: 'done'});
