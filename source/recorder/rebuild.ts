import {closeSync, constants, fstatSync, openSync, readdirSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {type DeliveryTarget, DeliveryRebuilder, deliveryNeedles, type RebuiltDelivery} from '../events/delivery-rebuild.js';
import {eventRecord, normalizeValue, type NormalizeOptions} from '../events/normalize.js';
import {type EventRecord, stringField} from '../events/types.js';
import type {WriteDb} from '../store/db.js';
import {eventLanded} from '../store/events.js';
import {insertEvents} from '../store/insert.js';
import {sessionProject} from '../store/sessions.js';
import {saveRebuild} from '../store/transcripts.js';
import type {HarvestRowContext} from './harvest.js';
import {readLines} from './transcript-lines.js';

/**
 * The events Claude Code failed to deliver to `eyelet serve` (it was down, or not yet up), rebuilt
 * from the session transcript they were made from (events/delivery-rebuild.ts) and stored with
 * origin 'transcript'. A failure's context can sit anywhere earlier in the file, so the whole
 * transcript (and its subagents' transcripts) is read, bounded; the dedupe keys make reading it
 * again add nothing. Run only when the incremental harvest saw new failed deliveries.
 */

export interface RebuildOptions {
	target: DeliveryTarget;
	normalize: NormalizeOptions;
	row: HarvestRowContext;
	/** Bytes read over all the files at most: the rest waits for the next time. */
	maxBytes: number;
	deadline: number;
}

export interface RebuildResult {
	/** Failed deliveries found in the transcript (all of them, not only new ones). */
	failed: number;
	/** Rebuilt events stored now (the others were stored before, or their delivery landed after all). */
	added: number;
	/** Deliveries that may have reached the daemon before failing, and did: nothing to rebuild. */
	landed: number;
	/** False when the byte or time bound cut the reading short. */
	complete: boolean;
}

/** A subagent's transcript lives in `<session>/subagents/agent-<id>.jsonl` beside `<session>.jsonl`. */
function subagentTranscripts(path: string): string[] {
	const dir = join(dirname(path), basename(path, '.jsonl'), 'subagents');
	try {
		return readdirSync(dir, {withFileTypes: true})
			.filter(entry => entry.isFile() && entry.name.endsWith('.jsonl'))
			.map(entry => join(dir, entry.name))
			.sort()
			.slice(0, 256);
	} catch {
		return [];
	}
}

const needles = deliveryNeedles.map(needle => Buffer.from(needle));

/** Feeds a file's lines to the rebuilder; returns the bytes read, or -1 when a bound stopped it first. */
function feed(path: string, rebuilder: DeliveryRebuilder, budget: number, deadline: number): number {
	let fd: number;
	try {
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch {
		return 0;
	}
	try {
		const stat = fstatSync(fd);
		if (!stat.isFile()) return 0;
		const read = readLines(fd, {start: 0, size: stat.size, maxBytes: budget, deadline, needles}, (line, candidate) => {
			if (candidate) rebuilder.add(line.toString('utf8'));
		});
		return read.position < stat.size ? -1 : stat.size;
	} finally {
		closeSync(fd);
	}
}

function toRecord(db: WriteDb, rebuilt: RebuiltDelivery, options: RebuildOptions): EventRecord {
	const json = JSON.stringify(rebuilt.payload);
	const normalized = normalizeValue(rebuilt.payload, Buffer.from(json), options.normalize);
	const sessionId = stringField(rebuilt.payload, 'session_id');
	return eventRecord(normalized, {
		ts: rebuilt.ts ?? Date.now(),
		origin: 'transcript',
		project: options.row.project ?? (sessionId ? sessionProject(db, sessionId) : null) ?? stringField(rebuilt.payload, 'cwd'),
		hostname: options.row.hostname,
		gitBranch: options.row.gitBranch,
		gitCommit: options.row.gitCommit,
		sourceKey: rebuilt.dedupeKey,
		custom: options.row.custom,
	});
}

export function rebuildMissedDeliveries(db: WriteDb, transcriptPath: string, options: RebuildOptions): RebuildResult {
	const rebuilder = new DeliveryRebuilder({target: options.target, transcriptPath});
	let budget = options.maxBytes;
	let complete = true;
	for (const path of [transcriptPath, ...subagentTranscripts(transcriptPath)]) {
		const read = feed(path, rebuilder, budget, options.deadline);
		if (read < 0) {
			complete = false;
			break;
		}
		budget -= read;
	}
	if (!complete) {
		// A payload rebuilt from part of the file could lack context that the rest holds: store none, try again next time.
		saveRebuild(db, transcriptPath, {complete, deliveries: 0});
		return {failed: 0, added: 0, landed: 0, complete};
	}
	const rebuilt = rebuilder.finish();
	let landed = 0;
	const records: EventRecord[] = [];
	for (const delivery of rebuilt) {
		// A delivery that failed after connecting may have been stored by the daemon before the client gave up.
		if (delivery.failure.mayHaveLanded && eventLanded(db, delivery.payload, delivery.ts)) {
			landed++;
			continue;
		}
		records.push(toRecord(db, delivery, options));
	}
	const added = insertEvents(db, records);
	saveRebuild(db, transcriptPath, {complete, deliveries: rebuilt.length});
	return {failed: rebuilt.length, added, landed, complete};
}
