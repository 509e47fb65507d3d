import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {buildDemoDatabase} from '../../source/demo/record.js';
import {guardedToolCall, hookHealth} from '../../source/store/hooks.js';
import {ViewerReader} from '../../source/tui/viewer-reader.js';
import {tempDir} from '../helpers.js';

test("the demo's history fills the header's sparkline: its events carry whole-millisecond times", t => {
	const dir = tempDir(t);
	const db = join(dir, 'demo.db');
	// Twenty minutes of history ending now, as eyelet demo builds it (an hour at 2.4 s a gap).
	buildDemoDatabase(db, join(dir, 'projects'), {count: 500, meanGapMs: 2400, seed: 3});
	const reader = new ViewerReader(db);
	t.after(() => reader.close());
	assert.equal(reader.connect().kind, 'ready');
	assert.equal(
		reader.read(read => read.value<number>('SELECT count(*) FROM events WHERE ts <> CAST(ts AS INTEGER)')),
		0,
	);
	const minutes = reader.stats().perMinute;
	assert.ok(minutes.filter(count => count > 0).length >= 10, `events in most of the last minutes: ${minutes.join(',')}`);
});

test("the demo's history holds failing hooks, stored as the harvest stores them, for the hooks pane to show", t => {
	const dir = tempDir(t);
	const db = join(dir, 'demo.db');
	buildDemoDatabase(db, join(dir, 'projects'), {count: 1500, meanGapMs: 2400, seed: 7});
	const reader = new ViewerReader(db);
	t.after(() => reader.close());
	reader.connect();
	const report = reader.read(read => hookHealth(read, {project: join(dir, 'nowhere'), home: dir}));
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
