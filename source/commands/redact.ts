import {createHash} from 'node:crypto';
import {existsSync} from 'node:fs';
import {builtInRules, createRedactor, type Redactor} from '../events/redact.js';
import {type Rescanned, rescanStored, rescanTelemetry} from '../events/rescan.js';
import type {EventRecord} from '../events/types.js';
import {rewriteSpool, type SpoolRewrite} from '../spool/spool.js';
import type {Config} from '../settings/config.js';
import type {ReadDb, WriteDb} from '../store/db.js';
import {readMeta} from '../store/meta.js';
import {
	countAfter,
	countTelemetryAfter,
	type RowRewrite,
	rewriteRows,
	rewriteTelemetry,
	rowsAfter,
	type StoredRow,
	type StoredTelemetry,
	type TelemetryRewrite,
	telemetryAfter,
	wipeDeletedContent,
} from '../store/redact.js';
import {hasTelemetry} from '../store/telemetry.js';
import {truncateWal} from '../store/wal.js';
import {byteProgress} from './byte-progress.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {commandConfig, dbFlag, openExistingReader, openWriterFor, writeOut} from './shared.js';

const cursorKey = 'redact.cursor';
const telemetryCursorKey = 'redact.telemetry_cursor';
// Rows read at a time, and the most one write transaction rewrites: ~200 rows of a few KB hold
// the write lock for tens of milliseconds, so a hook firing meanwhile barely waits.
const readBatch = 500;
const writeBatch = 200;
const writeBytes = 2 * 1024 * 1024;
const number = (n: number) => n.toLocaleString('en-US');

/** Identifies the rules a run applied: a run with other rules (or other user patterns) starts over. */
export function rulesFingerprint(redaction: Config['redaction']): string {
	const hash = createHash('sha256');
	for (const rule of builtInRules)
		hash.update(`${rule.kind}\0${rule.pattern}\0${rule.flags ?? ''}\0${rule.keywords.join(',')}\0${String(rule.accept ?? '')}\n`);
	hash.update(JSON.stringify({patterns: redaction.patterns, allow: redaction.allow}));
	return hash.digest('hex').slice(0, 16);
}

interface Cursor {
	after: number;
	rules: string;
}

function savedCursor(db: ReadDb, key: string, fingerprint: string): number {
	try {
		const cursor = JSON.parse(readMeta(db, key) ?? 'null') as Cursor | null;
		return cursor?.rules === fingerprint && Number.isInteger(cursor.after) ? cursor.after : 0;
	} catch {
		return 0;
	}
}

const rescanRow = (row: StoredRow, redactor: Redactor, maxPayloadBytes: number) =>
	rescanStored({payload: row.payload, summary: row.summary, signature: row.signature, raw: row.raw, truncated: row.truncated === 1}, redactor, maxPayloadBytes);

const rewriteOf = (row: StoredRow, found: Rescanned): RowRewrite => ({
	id: row.id,
	payload: found.payload,
	summary: found.summary,
	signature: found.signature,
	previousSignature: row.signature,
	raw: found.raw,
	truncated: found.truncated,
	searchText: found.searchText,
	redactions: found.redactions,
	previousRedactions: row.redactions,
});

/** Spooled events get the same treatment before they reach the database. */
function redactSpooled(record: EventRecord, redactor: Redactor, maxPayloadBytes: number): EventRecord | null {
	const found = rescanStored(record, redactor, maxPayloadBytes);
	if (!found) return null;
	const {searchText, redactions, ...text} = found;
	return {...record, ...text, searchText: searchText ?? record.searchText, redactions: record.redactions + redactions};
}

interface DatabasePass {
	scanned: number;
	changed: number;
	secrets: number;
	resumedAfter: number;
}

/** One table `eyelet redact` walks: how to read it by id, what the rules make of a row, how to write it back. */
interface Table<Row extends {id: number}, Rewrite extends {id: number}> {
	cursorKey: string;
	label: string;
	count(db: ReadDb, after: number): number;
	rows(db: ReadDb, after: number, limit: number): Row[];
	rescan(row: Row): {rewrite: Rewrite; secrets: number} | null;
	write(db: WriteDb, rewrites: readonly Rewrite[], cursor: {key: string; value: string}): number;
	bytes(rewrite: Rewrite): number;
}

/** Writes one read batch's rewrites in transactions of bounded size, the cursor moving with each. */
function writeBatches<Row extends {id: number}, Rewrite extends {id: number}>(
	db: WriteDb,
	table: Table<Row, Rewrite>,
	rewrites: Rewrite[],
	lastId: number,
	fingerprint: string,
): number {
	let written = 0;
	let start = 0;
	do {
		let end = start;
		let bytes = 0;
		while (end < rewrites.length && end - start < writeBatch && bytes < writeBytes) bytes += table.bytes(rewrites[end++]!);
		const after = end < rewrites.length ? rewrites[end - 1]!.id : lastId;
		written += table.write(db, rewrites.slice(start, end), {key: table.cursorKey, value: JSON.stringify({after, rules: fingerprint} satisfies Cursor)});
		start = end;
	} while (start < rewrites.length);
	return written;
}

function rescanTable<Row extends {id: number}, Rewrite extends {id: number}>(
	db: ReadDb,
	write: WriteDb | null,
	table: Table<Row, Rewrite>,
	fingerprint: string,
	options: {restart: boolean},
): DatabasePass {
	const resumedAfter = options.restart ? 0 : savedCursor(db, table.cursorKey, fingerprint);
	const total = table.count(db, resumedAfter);
	const pass: DatabasePass = {scanned: 0, changed: 0, secrets: 0, resumedAfter};
	const progress = byteProgress(table.label, total, process.stderr, done => `${number(done)} rows`);
	try {
		for (let after = resumedAfter; ; ) {
			const rows = table.rows(db, after, readBatch);
			if (rows.length === 0) break;
			const rewrites: Rewrite[] = [];
			for (const row of rows) {
				const found = table.rescan(row);
				if (!found) continue;
				rewrites.push(found.rewrite);
				pass.secrets += found.secrets;
			}
			after = rows.at(-1)!.id;
			pass.changed += write ? writeBatches(write, table, rewrites, after, fingerprint) : rewrites.length;
			pass.scanned += rows.length;
			progress.update(pass.scanned, `${number(pass.changed)} rewritten`);
		}
	} finally {
		progress.done();
	}
	return pass;
}

const eventsTable = (redactor: Redactor, maxPayloadBytes: number): Table<StoredRow, RowRewrite> => ({
	cursorKey,
	label: 'redacting',
	count: countAfter,
	rows: rowsAfter,
	rescan(row) {
		const found = rescanRow(row, redactor, maxPayloadBytes);
		return found ? {rewrite: rewriteOf(row, found), secrets: found.redactions} : null;
	},
	write: rewriteRows,
	bytes: rewrite => rewrite.payload?.length ?? 0,
});

const telemetryTable = (redactor: Redactor): Table<StoredTelemetry, TelemetryRewrite> => ({
	cursorKey: telemetryCursorKey,
	label: 'redacting telemetry',
	count: countTelemetryAfter,
	rows: telemetryAfter,
	rescan(row) {
		const found = rescanTelemetry(row.data, redactor);
		return found
			? {rewrite: {id: row.id, data: found.data, redactions: found.redactions, previousRedactions: row.redactions}, secrets: found.redactions}
			: null;
	},
	write: rewriteTelemetry,
	bytes: rewrite => rewrite.data.length,
});

interface Passes {
	events: DatabasePass;
	/** Null when the database has no telemetry tables (no daemon of 0009 or later migrated it). */
	telemetry: DatabasePass | null;
	walEmptied: boolean | null;
}

function rescanDatabase(db: ReadDb, write: WriteDb | null, config: Config, options: {restart: boolean}): Passes {
	const redactor = createRedactor(config.redaction);
	const fingerprint = rulesFingerprint(config.redaction);
	const events = rescanTable(db, write, eventsTable(redactor, config.maxPayloadBytes), fingerprint, options);
	const telemetry = hasTelemetry(db) ? rescanTable(db, write, telemetryTable(redactor), fingerprint, options) : null;
	const changed = events.changed + (telemetry?.changed ?? 0);
	return {events, telemetry, walEmptied: write && changed > 0 ? truncateWal(write) : null};
}

function report(passes: Passes, spool: SpoolRewrite, dryRun: boolean): string {
	const {events, telemetry} = passes;
	const lines: string[] = [];
	const verb = dryRun ? 'would rewrite' : 'rewrote';
	if (events.resumedAfter > 0)
		lines.push(`resumed after id ${number(events.resumedAfter)}, where a run with the same rules stopped (--restart rescans every row)`);
	lines.push(
		`rescanned ${number(events.scanned)} rows with ${number(builtInRules.length)} built-in rules: ${verb} ${number(events.changed)} rows, ${number(events.secrets)} secrets`,
	);
	if (telemetry && telemetry.scanned > 0)
		lines.push(`telemetry: rescanned ${number(telemetry.scanned)} records, ${verb} ${number(telemetry.changed)}, ${number(telemetry.secrets)} secrets`);
	lines.push(`spool: rescanned ${number(spool.scanned)} events, ${verb} ${number(spool.rewritten)}`);
	if (dryRun || events.changed + (telemetry?.changed ?? 0) === 0) return `${lines.join('\n')}\n`;
	if (passes.walEmptied === false) lines.push('a reader holds the WAL: its old page images stay in it until the next checkpoint (close eyelet tui first)');
	lines.push(
		'SQLite keeps old page contents until they are overwritten: this run zeroed most of what it replaced (secure_delete),',
		'but pieces of the old text stay in the file and in the search index until both are rebuilt: run `eyelet vacuum` now.',
	);
	return `${lines.join('\n')}\n`;
}

export const command: Command = {
	name: 'redact',
	summary: 'Apply the current redaction rules to the events already stored and to the spool',
	usage: `
  Usage
    $ eyelet redact [--dry-run] [--restart] [--db PATH]

  Rescans every stored event (payload, summary, signature, search text, the raw bytes of input
  that was not JSON), every Claude Code telemetry record and every spooled event with the
  current rules, yours included, and
  rewrites those in which they find secrets. Works in short batches, so recorders keep recording
  meanwhile; a progress bar shows on a terminal. A run that stops (Ctrl-C, a locked database)
  resumes where it was, as long as the rules are the same.

  SQLite keeps old page contents until they are overwritten. The run zeroes what it replaces
  (secure_delete) and empties the WAL, but pieces of old text stay in reorganised pages and in
  the search index until they are rebuilt: run \`eyelet vacuum\` afterwards.

  Options
    --dry-run         count what would be rewritten, write nothing
    --restart         rescan from the first event, not from where the last run stopped
    --db PATH         database

  Example
    $ eyelet redact && eyelet vacuum
`,
	flags: {...dbFlag, dryRun: {type: 'boolean', default: false}, restart: {type: 'boolean', default: false}},
	async run(_input, flags) {
		process.umask(0o077);
		const {config} = commandConfig({db: typeof flags['db'] === 'string' ? flags['db'] : null});
		if (!config.redaction.enabled) throw new UserError('redaction is switched off (EYELET_REDACT=0 or "redaction": {"enabled": false}): nothing to apply', 2);
		const dryRun = flags['dryRun'] === true;
		const redactor = createRedactor(config.redaction);
		const spool = rewriteSpool(config.db, record => redactSpooled(record, redactor, config.maxPayloadBytes), {dryRun});
		if (!existsSync(config.db) && !dryRun) throw new UserError(`no database at ${config.db}: pass --db PATH`);
		const write = dryRun ? null : openWriterFor(config.db);
		const read = write ?? openExistingReader(config.db);
		let passes: Passes;
		try {
			if (write) wipeDeletedContent(write);
			passes = rescanDatabase(read, write, config, {restart: flags['restart'] === true});
		} catch (error) {
			if (error instanceof UserError) throw error;
			throw new UserError(`redact stopped: ${(error as Error).message}; what was rewritten stays, and running it again resumes`);
		} finally {
			read.close();
		}
		await writeOut(report(passes, spool, dryRun));
		return 0;
	},
};
