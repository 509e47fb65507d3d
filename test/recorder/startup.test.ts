import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
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

test('the daemon loads neither ink, react nor meow, nor any ESM module', async t => {
	const dir = tempDir(t);
	const trace = join(dir, 'trace-serve.txt');
	const db = join(dir, 'events.db');
	const child = spawn(process.execPath, ['--require', join(root, 'test', 'support', 'trace-loads.cjs'), cli, 'serve', '--db', db], {
		env: isolatedEnv(dir, {TRACE_LOADS: trace}),
		stdio: 'ignore',
	});
	const exited = new Promise(resolve => child.on('exit', resolve));
	for (let i = 0; i < 500 && !existsSync(`${db}.serve.pid`); i++) await new Promise(resolve => setTimeout(resolve, 10));
	child.kill('SIGTERM');
	await exited;
	const loaded = readFileSync(trace, 'utf8')
		.split('\n')
		.filter(line => line && !line.startsWith('esm data:'));
	assert.ok(
		loaded.some(line => line.includes('serve.cjs')),
		'the trace saw the daemon',
	);
	for (const line of loaded) {
		assert.doesNotMatch(line, /node_modules\/(ink|react|meow|@alcalzone)\//, line);
		assert.doesNotMatch(line, /^esm /, `the daemon is CommonJS only: ${line}`);
	}
});
