import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {buildDemoDatabase} from '../../source/demo/record.js';
import {hookHealth} from '../../source/settings/hook-report.js';
import {guardedToolCall, recordedHookFacts} from '../../source/store/hooks.js';
import {ViewerReader} from '../../source/tui/viewer-reader.js';
import {tempDir} from '../helpers.js';

/** A demo database of `count` events, 2.4 s apart on average as eyelet demo builds it, ending now; read as the viewer reads it. */
function demoDatabase(t: {after: (fn: () => void) => void}, count: number, seed: number): {reader: ViewerReader; dir: string} {
	const dir = tempDir(t);
	const db = join(dir, 'demo.db');
	buildDemoDatabase(db, join(dir, 'projects'), {count, meanGapMs: 2400, seed});
	const reader = new ViewerReader(db);
	t.after(() => reader.close());
	assert.equal(reader.connect().kind, 'ready');
	return {reader, dir};
}

test("the demo's history fills the header's sparkline: its events carry whole-millisecond times", t => {
	// Twenty minutes of history.
	const {reader} = demoDatabase(t, 500, 3);
	assert.equal(
		reader.read(read => read.value<number>('SELECT count(*) FROM events WHERE ts <> CAST(ts AS INTEGER)')),
		0,
	);
	const minutes = reader.stats().perMinute;
	assert.ok(minutes.filter(count => count > 0).length >= 10, `events in most of the last minutes: ${minutes.join(',')}`);
});

test("the demo's history holds failing hooks, stored as the harvest stores them, for the hooks pane to show", t => {
	const {reader, dir} = demoDatabase(t, 1500, 7);
	const report = reader.read(read => hookHealth(recordedHookFacts(read), {project: join(dir, 'nowhere'), home: dir}));
	const failing = report.hooks.filter(hook => hook.failures > 0).map(hook => hook.command);
	assert.deepEqual([...failing].sort(), ['~/.claude/hooks/guard.sh', '~/.claude/hooks/lint.sh', '~/.claude/hooks/notify.sh']);
	const rows = reader.read(read =>
		read.all<{id: number; origin: string; status: string; tool_use_id: string | null}>(
			"SELECT id, origin, status, tool_use_id FROM events WHERE event = 'HookFailure'",
		),
	);
	assert.ok(rows.every(row => row.origin === 'harvest' && row.status === 'error'));
	const guarded = rows.find(row => row.tool_use_id)!;
	assert.ok(reader.read(read => guardedToolCall(read, guarded.id))?.target, "a tool hook's failure leads to the call it guarded");
});
