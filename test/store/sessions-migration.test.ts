import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {openWriter, type WriteDb} from '../../source/store/db.js';
import {eventInsertColumns, insertEvents, recordParams} from '../../source/store/insert.js';
import {migrate, migrations} from '../../source/store/migrate.js';
import {recordOf} from '../fixture-db.js';
import {tempDir} from '../helpers.js';
import {assertSummaries, storedSessions} from '../session-oracle.js';

const bare = `INSERT INTO events (${eventInsertColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, jsonb(?), ?, jsonb(?))`;
const at = (ts: number, event: string, more: Record<string, unknown> = {}) => recordOf({session_id: 'kept', hook_event_name: event, cwd: '/w', ...more}, ts);

/** Every migration before 0011 applied, as the last eyelet with the trigger left a file, with a session it summarised. */
function beforeSchema11(db: WriteDb): void {
	for (const {version, file} of migrations().filter(migration => migration.version < 11)) {
		db.exec(readFileSync(file, 'utf8'));
		db.pragma(`user_version = ${version}`);
	}
	for (const record of [at(1000, 'SessionStart'), at(2000, 'UserPromptSubmit', {prompt: 'a'}), at(3000, 'SessionEnd', {reason: 'logout'})])
		db.run(bare, recordParams(record));
}

test('migration 0011 drops the sessions trigger, keeps the summaries it wrote, and applies again harmlessly', t => {
	const db = openWriter(join(tempDir(t), 'events.db'));
	t.after(() => db.close());
	beforeSchema11(db);
	const trigger = () => db.value<number>("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'events_session_summary'");
	assert.equal(trigger(), 1);
	const summarised = storedSessions(db);
	assert.equal(summarised[0]?.['ended_ts'], 3000, 'the trigger kept the session');
	migrate(db);
	assert.equal(trigger(), 0);
	assert.deepEqual(storedSessions(db), summarised, 'summaries written before stay');
	// The file stands alone: applied a second time (a renumbering, a copy), it changes nothing.
	db.exec(readFileSync(migrations().find(migration => migration.version === 11)!.file, 'utf8'));
	assert.deepEqual(storedSessions(db), summarised);
	// A row inserted the bare way touches no summary now: the writers keep them (store/session-summary.ts).
	db.run(bare, recordParams(at(2500, 'SessionStart', {source: 'resume'})));
	assert.deepEqual(storedSessions(db), summarised, 'no trigger wrote the summary');
	// The next batch of this session finds the row its summary misses, and recomputes the session in time order.
	insertEvents(db, [at(4000, 'Stop')]);
	assertSummaries(db, 'the next batch');
	assert.equal(storedSessions(db)[0]?.['ended_ts'], 3000, 'the late SessionStart did not reopen it');
});
