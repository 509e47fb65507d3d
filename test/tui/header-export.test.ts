import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {HeaderStats} from '../../source/tui/state.js';
import {exportStatus} from '../../source/tui/use-viewer-data.js';
import {exportText, headerParts} from '../../source/tui/views/Header.js';

const stats = (exported: NonNullable<HeaderStats['serve']>['export']): HeaderStats => ({
	total: 1234,
	perMinute: Array.from({length: 30}, (_, i) => i),
	spool: 0,
	serve: {running: true, perSecond: 3, queue: 0, export: exported},
});
const line = (parts: ReturnType<typeof headerParts>) =>
	['eyelet', parts.path, parts.count, [parts.spark, parts.rate].filter(Boolean).join(' '), parts.state, parts.spool, parts.serve, parts.export]
		.filter(Boolean)
		.join('  ');

test('the export in the header: its lag, its last error, nothing while it is off', () => {
	assert.equal(exportText(stats(null).serve), '');
	assert.equal(exportText(stats({lagMs: 0, error: null}).serve), 'export lag 0s');
	assert.equal(exportText(stats({lagMs: 1500, error: null}).serve), 'export lag 1.5s');
	assert.equal(
		exportText(stats({lagMs: 252_000, error: 'connect ECONNREFUSED 127.0.0.1:4318'}).serve),
		'export ✗ lag 4m12 · connect ECONNREFUSED 127.0.0.1:4318',
	);
	// A daemon that is down says so itself; its last export figures are not shown as current.
	assert.equal(exportText({running: false, perSecond: 0, queue: 0, export: {lagMs: 0, error: null}}), '');
	// An error with control characters in it is made harmless, and a long one cut.
	const text = exportText(stats({lagMs: 0, error: `\u001b[31mred\u0007 ${'x'.repeat(200)}`}).serve);
	assert.doesNotMatch(text, /[\u0000-\u001f]/);
	assert.ok([...text].length < 90, text);
});

test('the export error gives way last: the path, sparkline and rate go before it is cut', () => {
	const failing = stats({lagMs: 29_000, error: 'connect ECONNREFUSED 127.0.0.1:4318'});
	for (const width of [70, 80, 100, 160]) {
		const parts = headerParts(failing, true, '/home/dev/.local/share/eyelet/events.db', width);
		assert.ok([...line(parts)].length <= width, `fits ${width}`);
		assert.match(parts.export, /^export ✗ lag 29s/, `the lag stays at ${width}`);
	}
	const at80 = headerParts(failing, true, '/db', 80);
	assert.equal(at80.spark, '', 'the sparkline went first');
	assert.match(at80.export, /^export ✗ lag 29s · connect E\S*…$/, 'then the error was cut');
	const wide = headerParts(failing, true, '/db', 160);
	assert.equal(wide.export, 'export ✗ lag 29s · connect ECONNREFUSED 127.0.0.1:4318', 'with room, all of it');
	assert.ok(wide.spark.length > 0);
});

test('/health export block → header status', () => {
	assert.equal(exportStatus(undefined), null, 'a daemon from before export');
	assert.equal(exportStatus({state: 'off', streams: [], lagS: 0, lastError: null}), null);
	assert.deepEqual(exportStatus({state: 'running', streams: [], lagS: 1.2, lastError: null}), {lagMs: 1200, error: null});
	assert.deepEqual(exportStatus({state: 'invalid', problem: 'no endpoint', streams: [], lagS: 0, lastError: null}), {lagMs: 0, error: 'off: no endpoint'});
	assert.equal(exportStatus({state: 'stopped', streams: [], lagS: 3, lastError: null})!.error, 'stopped: restart eyelet serve');
});
