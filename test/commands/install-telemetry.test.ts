import assert from 'node:assert/strict';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {isolatedEnv, runCli, tempDir} from '../helpers.js';
import {serveKey} from '../serve-helpers.js';

function home(t: {after: (fn: () => void) => void}, settings: Record<string, unknown> | null) {
	const dir = tempDir(t);
	const env = isolatedEnv(dir);
	mkdirSync(join(dir, '.claude'), {recursive: true});
	const user = join(dir, '.claude', 'settings.json');
	if (settings) writeFileSync(user, `${JSON.stringify(settings, null, 2)}\n`);
	const project = join(dir, 'project');
	mkdirSync(join(project, '.git'), {recursive: true});
	const db = join(dir, 'data', 'eyelet', 'events.db');
	return {dir, env, user, project, db, read: (path = user) => JSON.parse(readFileSync(path, 'utf8'))};
}

test('--telemetry writes the env block into the user settings whatever --scope, with the secret in the headers', t => {
	const h = home(t, {env: {FOO: 'bar'}, model: 'opus'});
	const result = runCli(['install', '--scope', 'local', '--telemetry'], {env: h.env, cwd: h.project});
	assert.equal(result.status, 0, result.stderr);
	assert.match(result.stdout, /telemetry: set 7 variables in the env of ~\/\.claude\/settings\.json/);
	const {port, secret} = serveKey(h.db);
	assert.deepEqual(h.read().env, {
		FOO: 'bar',
		CLAUDE_CODE_ENABLE_TELEMETRY: '1',
		OTEL_LOGS_EXPORTER: 'otlp',
		OTEL_METRICS_EXPORTER: 'otlp',
		OTEL_TRACES_EXPORTER: 'otlp',
		CLAUDE_CODE_ENHANCED_TELEMETRY_BETA: '1',
		OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
		OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${secret}`,
	});
	assert.equal(h.read().model, 'opus');
	assert.equal(h.read(join(h.project, '.claude', 'settings.local.json')).env, undefined, 'nothing in the project scope: the client ignores it there');
	const doctor = runCli(['doctor'], {env: h.env, cwd: h.project});
	assert.match(doctor.stdout, new RegExp(`telemetry +to eyelet serve at http://127\\.0\\.0\\.1:${port}`));
});

test('uninstall takes out exactly what install added, and nothing the user had', t => {
	const before = {env: {FOO: 'bar', OTEL_METRICS_EXPORTER: 'prometheus', CLAUDE_CODE_ENABLE_TELEMETRY: '1'}, model: 'opus'};
	const h = home(t, before);
	const installed = runCli(['install', '--telemetry'], {env: h.env, cwd: h.project});
	assert.equal(installed.status, 0, installed.stderr);
	assert.match(installed.stdout, /kept your own OTEL_METRICS_EXPORTER/);
	assert.equal(h.read().env.OTEL_METRICS_EXPORTER, 'prometheus');
	const removed = runCli(['uninstall', '--telemetry'], {env: h.env, cwd: h.project});
	assert.equal(removed.status, 0, removed.stderr);
	const after = h.read();
	delete after.hooks;
	assert.deepEqual(after, before, 'the env is as it was: CLAUDE_CODE_ENABLE_TELEMETRY was the user’s and stays');
});

test('an endpoint the user already exports to is never replaced: install prints how to fan out', t => {
	const before = {env: {OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.corp.example:4318', OTEL_EXPORTER_OTLP_HEADERS: 'x-team=payments'}};
	const h = home(t, before);
	const result = runCli(['install', '--telemetry', '--transport', 'command'], {env: h.env, cwd: h.project});
	assert.equal(result.status, 0, result.stderr);
	assert.match(result.stdout, /already sends Claude Code's telemetry to https:\/\/otel\.corp\.example:4318/);
	assert.match(result.stdout, /otlphttp\/eyelet:\n\s+endpoint: http:\/\/127\.0\.0\.1:\d+/);
	assert.deepEqual(h.read().env, before.env);
	const doctor = runCli(['doctor'], {env: h.env, cwd: h.project});
	assert.match(doctor.stdout, /telemetry +to your own collector at https:\/\/otel\.corp\.example:4318/);
});
