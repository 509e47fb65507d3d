import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {cli, fixtureLines, isolatedEnv, root, tempDir} from '../helpers.js';

function loadedBy(args: string[], dir: string, input = ''): string[] {
	const trace = join(dir, `trace-${args[0]}.txt`);
	const result = spawnSync(process.execPath, ['--require', join(root, 'test', 'support', 'trace-loads.cjs'), cli, ...args], {
		input,
		env: isolatedEnv(dir, {EYELET_DB: join(dir, 'events.db'), TRACE_LOADS: trace}),
	});
	assert.equal(result.status, 0, result.stderr.toString());
	return readFileSync(trace, 'utf8')
		.split('\n')
		.filter(line => line && !line.startsWith('esm data:'));
}

test('the record path loads neither ink, react, meow nor the settings editor (jsonc-parser), nor any ESM module', t => {
	const dir = tempDir(t);
	const loaded = loadedBy(['record'], dir, fixtureLines('claude-code-sessions.jsonl')[3]);
	assert.ok(
		loaded.some(line => line.includes('record.cjs')),
		'the trace saw the recorder',
	);
	for (const line of loaded) {
		assert.doesNotMatch(line, /node_modules\/(ink|react|meow|@alcalzone|jsonc-parser)\//, line);
		assert.doesNotMatch(line, /^esm /, `the record path is CommonJS only: ${line}`);
	}
});

test('the trace does see them when a viewer command loads them (the test can fail)', t => {
	const dir = tempDir(t);
	const loaded = loadedBy(['query', '--help'], dir);
	assert.ok(
		loaded.some(line => /node_modules\/meow\//.test(line)),
		'query goes through meow',
	);
});

const traced = (trace: string) =>
	existsSync(trace)
		? readFileSync(trace, 'utf8')
				.split('\n')
				.filter(line => line && !line.startsWith('esm data:'))
		: [];

/** What `eyelet serve` loads from its start until it listens (or, given `until`, until the lines loaded satisfy it), its threads included. */
async function loadedByDaemon(dir: string, until?: (lines: string[]) => boolean): Promise<string[]> {
	const trace = join(dir, 'trace-serve.txt');
	const db = join(dir, 'events.db');
	const child = spawn(process.execPath, ['--require', join(root, 'test', 'support', 'trace-loads.cjs'), cli, 'serve', '--db', db], {
		env: isolatedEnv(dir, {TRACE_LOADS: trace}),
		stdio: 'ignore',
	});
	const exited = new Promise(resolve => child.on('exit', resolve));
	for (let i = 0; i < 500 && !existsSync(`${db}.serve.pid`); i++) await new Promise(resolve => setTimeout(resolve, 10));
	for (let i = 0; until && i < 1000 && !until(traced(trace)); i++) await new Promise(resolve => setTimeout(resolve, 10));
	child.kill('SIGTERM');
	await exited;
	return traced(trace);
}

/** The OpenTelemetry SDK is bundled into the export thread's file alone. */
const otelBundles = (file: string) => readFileSync(join(root, 'dist', file), 'utf8').includes('@opentelemetry/');

test('neither the recorder nor the daemon bundles the OpenTelemetry SDK: only the export thread does', () => {
	assert.equal(otelBundles('record.cjs'), false, 'record.cjs');
	assert.equal(otelBundles('serve.cjs'), false, 'serve.cjs');
	assert.equal(otelBundles('export-worker.cjs'), true, 'export-worker.cjs (the test can fail)');
});

test('the daemon starts the export thread only when export is configured', async t => {
	// The thread is started (or not) before the daemon takes its first request, in the same turn as its state file.
	const worker = (lines: string[]) => lines.some(line => line.includes('export-worker.cjs'));
	const on = tempDir(t);
	mkdirSync(join(on, 'config', 'eyelet'), {recursive: true});
	writeFileSync(join(on, 'config', 'eyelet', 'config.json'), JSON.stringify({export: {otlp: {endpoint: 'http://127.0.0.1:9'}}}));
	assert.ok(worker(await loadedByDaemon(on, worker)), 'configured: loaded');
	const off = tempDir(t);
	assert.ok(!worker(await loadedByDaemon(off)), 'not configured: not loaded');
});

test('the daemon loads neither ink, react nor meow, nor any ESM module', async t => {
	const dir = tempDir(t);
	const loaded = await loadedByDaemon(dir);
	assert.ok(
		loaded.some(line => line.includes('serve.cjs')),
		'the trace saw the daemon',
	);
	for (const line of loaded) {
		assert.doesNotMatch(line, /node_modules\/(ink|react|meow|@alcalzone)\//, line);
		assert.doesNotMatch(line, /^esm /, `the daemon is CommonJS only: ${line}`);
	}
});
