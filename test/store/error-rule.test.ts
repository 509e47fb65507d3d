import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {errorStatuses, isErrorStatus} from '../../source/events/status.js';
import type {Status} from '../../source/events/types.js';
import {openWriter} from '../../source/store/db.js';
import {errorGroups} from '../../source/store/error-groups.js';
import {isErrorSql} from '../../source/store/events.js';
import {insertEvents} from '../../source/store/insert.js';
import {migrate} from '../../source/store/migrate.js';
import {recordOf} from '../fixture-db.js';
import {tempDir} from '../helpers.js';

const everyStatus: Status[] = ['ok', 'error', 'denied', 'invalid'];

test('"is an error" is one rule: the SQL, the error_occurrences trigger and the session counts all follow events/status.ts', t => {
	const db = openWriter(join(tempDir(t), 'events.db'));
	t.after(() => db.close());
	migrate(db);
	// The CHECK constraint of 0001 lists every status; each gets a row with a signature of its own.
	const records = everyStatus.map((status, index) => ({
		...recordOf({session_id: 's', hook_event_name: 'PostToolUse', tool_name: 'Bash'}, 1000 + index),
		status,
		signature: `sig-${status}`,
	}));
	insertEvents(db, records);
	const wanted = everyStatus.filter(isErrorStatus);
	assert.deepEqual(wanted, [...errorStatuses]);
	const statusOf = (ids: number[]) => ids.map(id => db.value<string>('SELECT status FROM events WHERE id = ?', [id]));
	assert.deepEqual(statusOf(db.all<{id: number}>(`SELECT id FROM events WHERE ${isErrorSql} ORDER BY id`).map(row => row.id)), wanted);
	// Migration 0002's trigger spells the rule in SQL of its own: it must pick the same rows.
	assert.deepEqual(statusOf(db.all<{id: number}>('SELECT id FROM error_occurrences ORDER BY id').map(row => row.id)), wanted);
	assert.deepEqual(
		errorGroups(db)
			.groups.map(group => group.signature)
			.sort(),
		wanted.map(status => `sig-${status}`),
	);
	assert.equal(db.value<number>("SELECT errors FROM sessions WHERE session_id = 's'"), wanted.length);
});
