import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {sessionsWindow} from '../../source/tui/panes/sessions/read.js';
import {sessionWindow} from '../../source/tui/panes/sessions/state.js';
import {seedEvents} from '../fixture-db.js';
import {tempDir, withReader} from '../helpers.js';

const sessionId = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
const start = (index: number) => ({hook_event_name: 'SessionStart', session_id: sessionId(index), cwd: '/home/dev/webapp', source: 'startup'});

test('a session that new events moved out of the window asked for is read where it went', t => {
	const db = join(tempDir(t), 'events.db');
	const count = sessionWindow + 100;
	const now = Date.now();
	seedEvents(
		db,
		Array.from({length: count}, (_, index) => start(index)),
		{end: now - 60_000},
	);
	// By last activity, newest first, session 20 is number 279 of 300: in the last window.
	const order = {filters: [], sort: 'last' as const, descending: true};
	const before = withReader(db, reader => sessionsWindow(reader, order, count - sessionWindow));
	assert.ok(before.rows.some(row => row.sessionId === sessionId(20)));
	// It gets an event and sorts first.
	seedEvents(db, [{...start(20), hook_event_name: 'UserPromptSubmit', prompt: 'again'}], {end: now});
	const asked = withReader(db, reader => sessionsWindow(reader, order, before.offset));
	assert.ok(!asked.rows.some(row => row.sessionId === sessionId(20)), 'not in the window the pane held');
	const followed = withReader(db, reader => sessionsWindow(reader, order, before.offset, {follow: sessionId(20)}));
	assert.equal(followed.offset, 0);
	assert.equal(followed.rows[0]?.sessionId, sessionId(20), 'the window it went to, so the cursor stays on it');
	// Reversed (oldest activity first), it went to the end: the last window.
	const reversed = {...order, descending: false};
	const last = withReader(db, reader => sessionsWindow(reader, reversed, 0, {follow: sessionId(20)}));
	assert.equal(last.rows.at(-1)?.sessionId, sessionId(20));
});
