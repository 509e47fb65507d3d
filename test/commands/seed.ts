import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fixtureLines, isolatedEnv, runCli, tempDir} from '../helpers.js';

export interface Seeded {
	dir: string;
	db: string;
	env: NodeJS.ProcessEnv;
}

/** A database holding these payload lines, brought in by `eyelet import` (one process, not one per event). */
export function seed(t: {after: (fn: () => void) => void}, lines: string[] = fixtureLines('claude-code-sessions.jsonl')): Seeded {
	const dir = tempDir(t);
	const db = join(dir, 'events.db');
	const env = isolatedEnv(dir, {EYELET_DB: db});
	const source = join(dir, 'seed.jsonl');
	writeFileSync(source, `${lines.join('\n')}\n`);
	const result = runCli(['import', source], {env});
	assert.equal(result.status, 0, result.stderr);
	return {dir, db, env};
}

/** One line of `eyelet query --format jsonl` with a chosen time: how tests bring in old events. */
export function exportLine(payload: Record<string, unknown>, time: string): string {
	return JSON.stringify({id: 0, time, origin: 'hook', project: '/p', hostname: 'h', git_branch: null, git_commit: null, custom: null, payload});
}
