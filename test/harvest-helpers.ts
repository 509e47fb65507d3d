import {mkdirSync} from 'node:fs';
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
