import {join} from 'node:path';
import {eventRecord, normalizeValue} from '../source/events/normalize.js';
import type {EventRecord} from '../source/events/types.js';
import {openWriter} from '../source/store/db.js';
import {insertEvents} from '../source/store/insert.js';
import {migrate} from '../source/store/migrate.js';
import {DemoRecorder} from '../source/demo/record.js';
import {fixtureLines, tempDir} from './helpers.js';

/** The fields the recorder derives for a payload, with a given clock: what `eyelet record` would store. */
export function recordOf(payload: unknown, ts: number, project = '/home/dev/webapp'): EventRecord {
	const json = JSON.stringify(payload);
	const input = normalizeValue(JSON.parse(json), Buffer.from(json), {redactor: null, maxPayloadBytes: 256 * 1024});
	return {
		...eventRecord(input, {ts, origin: 'hook', project, hostname: 'test', gitBranch: 'main', gitCommit: null, sourceKey: null, custom: null}),
		payloadBytes: json.length,
	};
}

/** Parsed payloads of a fixture file. */
export const fixturePayloads = (name: string): Array<Record<string, unknown>> => fixtureLines(name).map(line => JSON.parse(line));

/**
 * A migrated database holding the given payloads in order, one second apart ending now; returns its path.
 * Projects come from each payload's cwd.
 */
export function databaseOf(t: {after: (fn: () => void) => void}, payloads: ReadonlyArray<Record<string, unknown>>, options: {start?: number} = {}): string {
	const path = join(tempDir(t), 'eyelet.db');
	const start = options.start ?? Date.now() - payloads.length * 1000;
	const db = openWriter(path);
	try {
		migrate(db);
		insertEvents(
			db,
			payloads.map((payload, index) => recordOf(payload, start + index * 1000, typeof payload['cwd'] === 'string' ? payload['cwd'] : '/tmp')),
		);
	} finally {
		db.close();
	}
	return path;
}

export const sessionsFixture = () => fixturePayloads('claude-code-sessions.jsonl');
export const documentedFixture = () => fixturePayloads('documented-events.jsonl');

/**
 * Writes payloads into the database at `path` (created and migrated if needed) the way the recorder
 * does, through the demo's recorder path: one second apart, the last at `end`. Projects come from
 * each payload's cwd unless `project` says otherwise.
 */
export function seedEvents(
	path: string,
	payloads: ReadonlyArray<Record<string, unknown>>,
	{end = Date.now(), project = payload => String(payload['cwd'])}: {end?: number; project?: (payload: Record<string, unknown>) => string} = {},
): void {
	const db = openWriter(path);
	try {
		migrate(db);
		new DemoRecorder().write(
			db,
			payloads.map((payload, index) => ({event: {payload, project: project(payload)}, ts: end - (payloads.length - index) * 1000})),
		);
	} finally {
		db.close();
	}
}

/**
 * Writes `count` events fast (a hundred thousand in a few seconds): one recorded payload, repeated a
 * second apart up to `end`, in batches of 10,000. For tests that need a large table, not varied rows.
 */
export function bulkEvents(path: string, count: number, payload: Record<string, unknown>, {end = Date.now()}: {end?: number} = {}): void {
	const db = openWriter(path);
	try {
		migrate(db);
		const record = new DemoRecorder().toRecord({payload, project: String(payload['cwd'])}, end);
		for (let done = 0; done < count; done += 10_000) {
			const batch = Math.min(10_000, count - done);
			insertEvents(
				db,
				Array.from({length: batch}, (_, index) => ({...record, ts: end - (count - done - index) * 1000})),
			);
		}
	} finally {
		db.close();
	}
}
