import {cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {createRedactor} from '../source/events/redact.js';
import type {HarvestOptions} from '../source/recorder/harvest.js';
import {openWriter, type WriteDb} from '../source/store/db.js';
import {migrate} from '../source/store/migrate.js';
import {fixtures} from './helpers.js';

/** The two real transcripts with failing hooks (Claude Code 2.1.332), and what they hold. */
export const basicTranscript = 'transcripts/b12bee6b-22f0-4b85-95c4-eaf14c2573b5.jsonl';
export const blockedTranscript = 'transcripts/c50c2b0a-5b69-4fac-8cac-8af549d8a673.jsonl';
export const basicSession = 'b12bee6b-22f0-4b85-95c4-eaf14c2573b5';
export const blockedSession = 'c50c2b0a-5b69-4fac-8cac-8af549d8a673';
export const guardCommand = '/home/dev/webapp/.claude/hooks/guard.sh';
export const lintCommand = '/home/dev/webapp/.claude/hooks/lint.sh';
export const fixturePath = (name: string) => join(fixtures, name);

/** Where Claude Code keeps a transcript of /home/dev/webapp for a home folder (the recorder reads none elsewhere); the folder is created. */
export function claudeTranscriptPath(home: string, name: string): string {
	const dir = join(home, '.claude', 'projects', '-home-dev-webapp');
	mkdirSync(dir, {recursive: true});
	return join(dir, name);
}

/** A fresh migrated database in `dir`. */
export function freshDb(dir: string): WriteDb {
	const db = openWriter(join(dir, 'eyelet.db'));
	migrate(db);
	return db;
}

/** Harvest options as `eyelet harvest` uses them: unbounded, redaction on. */
export function backfillOptions(overrides: Partial<HarvestOptions> = {}): HarvestOptions {
	return {
		normalize: {redactor: createRedactor(), maxPayloadBytes: 1024 * 1024},
		row: {project: null, hostname: 'test-host', gitBranch: null, gitCommit: null, custom: null},
		maxBytes: Number.POSITIVE_INFINITY,
		deadline: Number.POSITIVE_INFINITY,
		...overrides,
	};
}

/** The port the http-down fixture's hooks posted to (nothing listened): its transcripts' failed deliveries name it. */
export const fixtureDeliveryPort = 14400;
/** The sessions of the http-down fixture's transcripts, whose missed events a rebuild brings back. */
export const rebuiltSessions = ['12867c79-363c-478d-a225-2b6067e645aa', '9f024e0e-adf2-4139-abe1-a894b2ad21d1', 'e2071138-7b09-4631-bcf9-243475237a1e'];

/**
 * Copies the fixture transcripts (the two with failing hooks into `failures/`, the http-down ones into
 * `deliveries/`) into `dir` with every timestamp moved so the first falls at `start`.
 */
export function fixtureTranscriptsAt(dir: string, start: number): {failures: string[]; deliveries: string[]} {
	cpSync(join(fixtures, 'transcripts'), join(dir, 'failures'), {recursive: true});
	cpSync(join(fixtures, 'http-down', 'transcripts'), join(dir, 'deliveries'), {recursive: true});
	const files = (readdirSync(dir, {recursive: true}) as string[]).filter(name => name.endsWith('.jsonl')).map(name => join(dir, name));
	const stamp = /"timestamp":"([^"]+)"/g;
	const first = Math.min(...files.flatMap(file => [...readFileSync(file, 'utf8').matchAll(stamp)].map(match => Date.parse(match[1]!))));
	for (const file of files) {
		const moved = readFileSync(file, 'utf8').replace(stamp, (_, time: string) => `"timestamp":"${new Date(Date.parse(time) - first + start).toISOString()}"`);
		writeFileSync(file, moved);
	}
	const main = (folder: string) =>
		readdirSync(join(dir, folder))
			.filter(name => name.endsWith('.jsonl'))
			.map(name => join(dir, folder, name));
	return {failures: main('failures'), deliveries: main('deliveries')};
}
