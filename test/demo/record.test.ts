import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {buildDemoDatabase} from '../../source/demo/record.js';
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
