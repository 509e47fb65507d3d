import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {spoolBacklog} from '../../source/spool/spool.js';
import {openWriter} from '../../source/store/db.js';
import {migrate} from '../../source/store/migrate.js';
import {isolatedEnv, parseJsonl, runCli, tempDir, withReader} from '../helpers.js';

const hook = (event: string, more: Record<string, unknown> = {}) =>
	JSON.stringify({session_id: 'late-start', hook_event_name: event, cwd: '/work/app', transcript_path: '/nowhere.jsonl', ...more});

test('a SessionStart spooled before its SessionEnd and drained after it does not reopen the session', t => {
	const dir = tempDir(t);
	const dbPath = join(dir, 'events.db');
	const env = isolatedEnv(dir, {EYELET_DB: dbPath});
	const holder = openWriter(dbPath);
	migrate(holder);
	holder.exec('BEGIN EXCLUSIVE');
	const start = runCli(['record', '--budget-ms', '100'], {input: hook('SessionStart', {source: 'startup'}), env});
	holder.exec('ROLLBACK');
	holder.close();
	assert.equal(start.status, 0, start.stderr);
	assert.equal(spoolBacklog(dbPath), 1, 'the SessionStart waits in the spool');

	// The SessionEnd is stored first; the same recorder then drains the spooled SessionStart after it.
	const end = runCli(['record'], {input: hook('SessionEnd', {reason: 'logout'}), env});
	assert.equal(end.status, 0, end.stderr);
	assert.equal(spoolBacklog(dbPath), 0, 'the recorder drained the spool');

	const rows = parseJsonl(runCli(['query', '--session', 'late-start'], {env}).stdout);
	assert.deepEqual(
		rows.map(row => row['event']),
		['SessionStart', 'SessionEnd'],
		'in time order the session started, then ended',
	);
	const endTs = Date.parse(rows[1]!['time']);
	withReader(dbPath, db => {
		assert.deepEqual(db.get('SELECT ended_ts, end_reason, events FROM sessions WHERE session_id = ?', ['late-start']), {
			ended_ts: endTs,
			end_reason: 'logout',
			events: 2,
		});
	});
	const listed = JSON.parse(runCli(['sessions', '--json'], {env}).stdout) as Array<Record<string, unknown>>;
	assert.equal(listed.find(session => session['session_id'] === 'late-start')?.['state'], 'ended');
});
