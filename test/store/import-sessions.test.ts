import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import type {EventRecord} from '../../source/events/types.js';
import {insertImported} from '../../source/store/bulk.js';
import {openWriter, type WriteDb} from '../../source/store/db.js';
import {migrate} from '../../source/store/migrate.js';
import {recomputeSessions} from '../../source/store/session-summary.js';
import {recordOf} from '../fixture-db.js';
import {tempDir} from '../helpers.js';

let serial = 0;
function imported(payload: Record<string, unknown>, ts: number, extra: Partial<EventRecord> = {}): EventRecord {
	return {...recordOf(payload, ts, extra.project ?? '/srv/app'), origin: 'import', sourceKey: `import:test-${serial++}`, ...extra};
}

const event = (session: string, name: string, more: Record<string, unknown> = {}) => ({
	session_id: session,
	hook_event_name: name,
	cwd: `/work/${session}`,
	...more,
});
const sessionRows = (db: WriteDb) => db.all('SELECT * FROM sessions ORDER BY session_id');

test('import batches fold into the session summaries exactly as a full recompute would, in order or not', t => {
	const db = openWriter(join(tempDir(t), 'events.db'));
	t.after(() => db.close());
	migrate(db);
	// Batch 1: two sessions; one ends. Batch 2: the ended one resumes later, the other gets older
	// history (out of time order), a third appears. Batch 3: an end, a branch change, an error.
	insertImported(db, [
		imported(event('a', 'SessionStart'), 1000, {project: null}),
		imported(event('a', 'UserPromptSubmit', {prompt: 'hi'}), 1100, {project: null, gitBranch: null}),
		imported(event('b', 'PreToolUse', {tool_name: 'Bash', tool_input: {command: 'ls'}}), 1200),
		imported(event('a', 'SessionEnd', {reason: 'logout'}), 1300),
		imported(event('b', 'SubagentStart', {agent_id: 'x'}), 1250),
	]);
	insertImported(db, [
		imported(event('a', 'SessionStart'), 2000, {gitBranch: 'feature'}),
		imported(event('b', 'UserPromptSubmit', {prompt: 'earlier'}), 500, {project: '/srv/earlier'}),
		imported(event('c', 'SessionEnd'), 3000),
		imported(event('c', 'PreToolUse', {tool_name: 'Read', tool_input: {file_path: '/x'}}), 2900, {gitBranch: null}),
	]);
	insertImported(db, [
		imported(event('a', 'PostToolUseFailure', {tool_name: 'Bash', error: 'Exit code 1\nboom'}), 2100, {gitBranch: 'fix'}),
		imported(event('a', 'SessionEnd', {reason: 'clear'}), 2200, {gitBranch: null}),
		imported(event('b', 'Stop'), 1250),
	]);
	const folded = sessionRows(db);
	db.transaction(() => recomputeSessions(db, ['a', 'b', 'c']));
	assert.deepEqual(folded, sessionRows(db));
	assert.equal(folded.length, 3);
	assert.deepEqual(
		(folded as Array<Record<string, unknown>>).map(row => [
			row['session_id'],
			row['events'],
			row['ended_ts'],
			row['end_reason'],
			row['git_branch'],
			row['project'],
		]),
		[
			['a', 6, 2200, 'clear', 'fix', '/srv/app'],
			['b', 4, null, null, 'main', '/srv/earlier'],
			['c', 2, 3000, 'other', 'main', '/srv/app'],
		],
	);
});
