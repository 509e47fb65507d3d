import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs';
import {basename} from 'node:path';
import {eventRecord, normalizeValue, type NormalizeOptions} from '../events/normalize.js';
import {failureNeedles, type HookFailureFact, hookFailurePayload, hookFailureSourceKey, hookFailuresInLine} from '../events/transcript.js';
import {type DeliveryTarget, failedDelivery} from '../events/delivery-failure.js';
import {type EventRecord, isObject} from '../events/types.js';
import type {WriteDb} from '../store/db.js';
import {insertEvents} from '../store/insert.js';
import {saveTranscriptState, transcriptState, type TranscriptState} from '../store/transcripts.js';
import {readLines} from './transcript-lines.js';

/** What the harvested rows share with the event that triggered the harvest (or, on backfill, with nothing). */
export interface HarvestRowContext {
	/** null: the transcript line's cwd. */
	project: string | null;
	hostname: string | null;
	/** Used when the transcript line has no gitBranch. */
	gitBranch: string | null;
	gitCommit: string | null;
	/** JSON text of the custom fields. */
	custom: string | null;
}

export interface HarvestOptions {
	normalize: NormalizeOptions;
	row: HarvestRowContext;
	/** The session the transcript belongs to, for lines that do not say. */
	sessionId?: string | null;
	/** Bytes of new lines this call may start reading (the rest waits for the next call). */
	maxBytes: number;
	/** Date.now() past which no further chunk is read. */
	deadline: number;
	/** Called as reading advances, with the bytes read so far by this call. */
	onProgress?: (bytes: number) => void;
	/**
	 * eyelet serve's address, when the http transport is installed: a failed delivery to it is not a
	 * failure of the user's hooks but a missed event, counted in `deliveries` for the rebuild to bring in.
	 */
	delivery?: DeliveryTarget | null;
}

export interface HarvestResult {
	path: string;
	/** missing: no such file (or not a regular file, or a symlink); unchanged: nothing new since last time; read: new bytes were read. */
	outcome: 'missing' | 'unchanged' | 'read';
	/** The file shrank or was replaced since last time, so reading started over. */
	restarted: boolean;
	/** Where reading started and stopped (the start of the first line not yet read). */
	from: number;
	position: number;
	size: number;
	found: number;
	/** Rows that were new: found minus the ones already stored. */
	added: number;
	malformed: number;
	/** Failed deliveries to eyelet serve among the lines read (options.delivery). */
	deliveries: number;
}

const headBytes = 256;
const batchRows = 500;
const needles = [...failureNeedles, 'hook_cancelled"'].map(needle => Buffer.from(needle));

/** A line that is a JSON object at a glance: `{` first and `}` last, spaces aside. Blank lines are not malformed. */
function looksMalformed(line: Buffer): boolean {
	let start = 0;
	let end = line.length - 1;
	while (start <= end && (line[start] === 0x20 || line[start] === 0x09 || line[start] === 0x0d)) start++;
	while (end >= start && (line[end] === 0x20 || line[end] === 0x09 || line[end] === 0x0d)) end--;
	if (start > end) return false;
	return line[start] !== 0x7b || line[end] !== 0x7d;
}

/** Claude Code names a session's transcript after the session id. */
function sessionOfPath(path: string): string | null {
	const name = basename(path, '.jsonl');
	return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(name) ? name : null;
}

/** sha256 of the head, loaded only when a transcript is read (crypto is not needed on most hooks). */
function hashHead(head: Buffer): string {
	const {createHash} = require('node:crypto') as typeof import('node:crypto');
	return createHash('sha256').update(head).digest('hex');
}

/** The same file as last time, grown only: same device and inode, not shorter, the same first bytes (by their hash). */
function sameFile(previous: TranscriptState, fileId: string, size: number, head: Buffer): boolean {
	if (previous.fileId !== fileId || size < previous.position) return false;
	// A state from before schema 8 knows no hash: the same inode, not shorter, is the same file.
	if (previous.headHash === null || previous.headLength === null) return true;
	return head.length >= previous.headLength && hashHead(head.subarray(0, previous.headLength)) === previous.headHash;
}

/** A failure found in a transcript line, as the row the harvest stores (the demo's generated sessions use it too). */
export function hookFailureRecord(
	fact: HookFailureFact,
	line: Buffer,
	path: string,
	sessionId: string | null,
	options: Pick<HarvestOptions, 'normalize' | 'row'>,
): EventRecord {
	const normalized = normalizeValue(hookFailurePayload(fact, {path, sessionId}), line, options.normalize);
	return eventRecord(normalized, {
		ts: fact.ts ?? Date.now(),
		origin: 'harvest',
		project: options.row.project ?? fact.cwd,
		hostname: options.row.hostname,
		gitBranch: fact.gitBranch ?? options.row.gitBranch,
		gitCommit: options.row.gitCommit,
		sourceKey: hookFailureSourceKey(fact),
		custom: options.row.custom,
	});
}

function readHead(fd: number, size: number): Buffer {
	const head = Buffer.alloc(Math.min(headBytes, size));
	let got = 0;
	while (got < head.length) {
		const n = readSync(fd, head, got, head.length - got, got);
		if (n <= 0) break;
		got += n;
	}
	return head.subarray(0, got);
}

/**
 * Reads a transcript from where the last harvest stopped and stores each hook failure in it as a
 * HookFailure event. Bounded by options.maxBytes and options.deadline; a transcript that shrank or
 * was replaced is read again from the start (rows already stored are skipped by source_key).
 * Malformed lines are counted and skipped: transcript bytes are untrusted input.
 */
export function harvestTranscript(db: WriteDb, path: string, options: HarvestOptions): HarvestResult {
	let fd: number;
	try {
		// Non-blocking, so a path that names a FIFO cannot hang the hook; never through a symlink (Claude
		// Code writes transcripts as plain files); regular files read as usual.
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP')
			return {path, outcome: 'missing', restarted: false, from: 0, position: 0, size: 0, found: 0, added: 0, malformed: 0, deliveries: 0};
		throw error;
	}
	try {
		const stat = fstatSync(fd, {bigint: true});
		const size = Number(stat.size);
		if (!stat.isFile()) return {path, outcome: 'missing', restarted: false, from: 0, position: 0, size, found: 0, added: 0, malformed: 0, deliveries: 0};
		const fileId = `${stat.dev}:${stat.ino}`;
		const head = readHead(fd, size);
		const previous = transcriptState(db, path);
		const restarted = previous !== null && !sameFile(previous, fileId, size, head);
		const from = previous && !restarted ? previous.position : 0;
		const result: HarvestResult = {path, outcome: 'unchanged', restarted, from, position: from, size, found: 0, added: 0, malformed: 0, deliveries: 0};
		if (previous && !restarted && from === size) return result;

		const sessionId = options.sessionId ?? previous?.sessionId ?? sessionOfPath(path);
		const state: TranscriptState = {
			path,
			sessionId,
			position: from,
			fileId,
			headLength: head.length,
			headHash: hashHead(head),
			failures: previous && !restarted ? previous.failures : 0,
			malformed: previous && !restarted ? previous.malformed : 0,
			restarts: (previous?.restarts ?? 0) + (restarted ? 1 : 0),
			readTs: Date.now(),
		};
		const counted = {failures: state.failures, malformed: state.malformed};
		let records: EventRecord[] = [];
		const commit = (position: number) => {
			state.position = position;
			state.failures = counted.failures + result.found;
			state.malformed = counted.malformed + result.malformed;
			const batch = records;
			records = [];
			db.transaction(() => {
				result.added += insertEvents(db, batch);
				saveTranscriptState(db, state);
			});
		};
		const read = readLines(
			fd,
			{start: from, size, maxBytes: options.maxBytes, deadline: options.deadline, needles},
			(line, candidate, next) => {
				if (!candidate) {
					if (looksMalformed(line)) result.malformed++;
					return;
				}
				let parsed: unknown;
				try {
					parsed = JSON.parse(line.toString('utf8'));
				} catch {
					result.malformed++;
					return;
				}
				if (!isObject(parsed)) {
					result.malformed++;
					return;
				}
				if (options.delivery && failedDelivery(parsed, options.delivery)) {
					result.deliveries++;
					return;
				}
				for (const fact of hookFailuresInLine(parsed)) {
					records.push(hookFailureRecord(fact, line, path, sessionId, options));
					result.found++;
				}
				if (records.length >= batchRows) commit(next);
			},
			options.onProgress && (position => options.onProgress!(position - from)),
		);
		result.malformed += read.oversized;
		result.position = read.position;
		result.outcome = read.position > from ? 'read' : 'unchanged';
		if (read.position !== state.position || records.length > 0 || restarted || !previous) commit(read.position);
		return result;
	} finally {
		closeSync(fd);
	}
}
