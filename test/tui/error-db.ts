import assert from 'node:assert/strict';
import {copyFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {databaseOf, documentedFixture, sessionsFixture} from '../fixture-db.js';
import {basicSession, basicTranscript, claudeTranscriptPath, fixturePath} from '../harvest-helpers.js';
import {isolatedEnv, runCli} from '../helpers.js';

/** The Bash call guard.sh failed on in the b12bee6b transcript: the error pane's jump lands on it. */
export const guardedCall = {
	hook_event_name: 'PreToolUse',
	tool_name: 'Bash',
	tool_use_id: 'toolu_basic_0_1_1959937855699',
	tool_input: {command: 'echo hello && uname -s'},
};

/**
 * The fixture sessions (their failing Bash and Read calls), then, through `eyelet record`, the call the
 * guard hook guarded and a Stop whose transcript is a copy of b12bee6b: the recorder harvests its four
 * HookFailure rows (guard.sh exit 1 twice, lint.sh blocking twice).
 */
export function errorDatabase(t: {after: (fn: () => void) => void}): {db: string; dir: string; env: NodeJS.ProcessEnv} {
	const db = databaseOf(t, [...sessionsFixture(), ...documentedFixture()]);
	const dir = dirname(db);
	const env = isolatedEnv(dir);
	const transcript = claudeTranscriptPath(dir, `${basicSession}.jsonl`);
	copyFileSync(fixturePath(basicTranscript), transcript);
	for (const payload of [guardedCall, {hook_event_name: 'Stop'}]) {
		const result = runCli(['record', '--db', db], {
			env,
			input: JSON.stringify({session_id: basicSession, cwd: '/home/dev/webapp', transcript_path: transcript, ...payload}),
		});
		assert.deepEqual([result.status, result.stderr], [0, '']);
	}
	return {db, dir, env};
}
