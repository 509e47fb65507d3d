import assert from 'node:assert/strict';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {isolatedEnv, runCli, tempDir, withReader} from '../helpers.js';
import {applyFlags, loadConfig} from '../../source/settings/config.js';
import {durationMs, sizeBytes} from '../../source/settings/units.js';

function writeConfig(dir: string, config: unknown): void {
	mkdirSync(join(dir, 'config', 'eyelet'), {recursive: true});
	writeFileSync(join(dir, 'config', 'eyelet', 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
}

test('flags override the environment, which overrides the file, which overrides defaults', t => {
	const dir = tempDir(t);
	writeConfig(dir, {db: join(dir, 'file.db'), maxPayloadBytes: 2048, retention: {olderThan: '30d'}, tui: {interval: 900}});
	const env = isolatedEnv(dir, {EYELET_DB: join(dir, 'env.db'), EYELET_TUI_INTERVAL: '250'});
	const loaded = loadConfig(env);
	assert.equal(loaded.error, null);
	assert.equal(loaded.config.db, join(dir, 'env.db'));
	assert.equal(loaded.sources.db, 'env');
	assert.equal(loaded.config.maxPayloadBytes, 2048);
	assert.equal(loaded.sources.maxPayloadBytes, 'file');
	assert.equal(loaded.sources['retention.olderThan'], 'file');
	assert.equal(loaded.sources['retention.keepSize'], 'default');
	assert.equal(loaded.config.tui.interval, 250);
	assert.equal(loaded.sources['redaction.enabled'], 'default');
	applyFlags(loaded, {db: join(dir, 'flag.db'), keepSize: '1GB'});
	assert.equal(loaded.config.db, join(dir, 'flag.db'));
	assert.equal(loaded.sources.db, 'flag');
	assert.equal(loaded.sources['retention.keepSize'], 'flag');

	const shown = runCli(['config', '--json', '--db', join(dir, 'flag.db')], {env});
	assert.equal(shown.status, 0, shown.stderr);
	const json = JSON.parse(shown.stdout);
	assert.equal(json.found, true);
	assert.equal(json.values.db, join(dir, 'flag.db'));
	assert.deepEqual(json.sources, {
		db: 'flag',
		'redaction.enabled': 'default',
		'redaction.patterns': 'default',
		'redaction.allow': 'default',
		maxPayloadBytes: 'file',
		'retention.olderThan': 'file',
		'retention.keepSize': 'default',
		customFields: 'default',
		'tui.interval': 'env',
		'recorder.budgetMs': 'default',
		'serve.idleMinutes': 'default',
		'export.otlp': 'default',
	});
	const text = runCli(['config'], {env}).stdout;
	assert.match(text, /^config file: .*config\.json \(loaded\)/);
	assert.match(text, /\ndb\s+.*env\.db\s+env EYELET_DB\n/);
	assert.match(text, /\nretention\.olderThan\s+30d\s+file\n/);
	assert.match(text, /\ntui\.interval\s+250\s+env EYELET_TUI_INTERVAL\n/);
});

test('the database path in use follows the same order: --db, EYELET_DB, the file', t => {
	const dir = tempDir(t);
	const payload = Buffer.from(JSON.stringify({session_id: 's', hook_event_name: 'Stop'}));
	writeConfig(dir, {db: join(dir, 'file.db')});
	assert.equal(runCli(['record'], {env: isolatedEnv(dir), input: payload}).status, 0);
	assert.equal(runCli(['record'], {env: isolatedEnv(dir, {EYELET_DB: join(dir, 'env.db')}), input: payload}).status, 0);
	const count = (name: string) => withReader(join(dir, name), db => db.value<number>('SELECT count(*) FROM events'));
	assert.equal(count('file.db'), 1);
	assert.equal(count('env.db'), 1);
	const query = (args: string[], env: NodeJS.ProcessEnv) =>
		runCli(['query', ...args], {env})
			.stdout.trim()
			.split('\n').length;
	assert.equal(query([], isolatedEnv(dir)), 1);
	const envDb = isolatedEnv(dir, {EYELET_DB: join(dir, 'env.db')});
	assert.equal(runCli(['query', '--db', join(dir, 'nowhere.db')], {env: envDb}).status, 1, '--db wins over EYELET_DB');
	assert.equal(query([], envDb), 1);
});

test('an invalid config file: a one-line error naming the key; the recorder records with defaults and logs why', t => {
	const dir = tempDir(t);
	for (const [config, key] of [
		[{tui: {interval: 'fast'}}, 'tui.interval'],
		[{retention: {olderThan: 'a month'}}, 'retention.olderThan'],
		[{retention: {keepSize: '5 parsecs'}}, 'retention.keepSize'],
		[{redaction: {patterns: [{name: 'x', pattern: '('}]}}, 'redaction.patterns[0].pattern'],
		[{redaction: {patterns: [{name: 'x', pattern: 'a*'}]}}, 'redaction.patterns[0].pattern'],
		[{redaction: {allow: ['ok', {pattern: '[z-a]'}]}}, 'redaction.allow[1].pattern'],
		[{redaction: {allow: [42]}}, 'redaction.allow[0]'],
		[{colour: true}, 'colour'],
	] as const) {
		writeConfig(dir, config);
		const result = runCli(['config'], {env: isolatedEnv(dir)});
		assert.equal(result.status, 1);
		const lines = result.stderr.trim().split('\n');
		assert.equal(lines.length, 1, result.stderr);
		assert.match(lines[0]!, new RegExp(`^eyelet: invalid config .*config\\.json: .*"${key.replace(/[[\].]/g, '\\$&')}".*; using defaults$`));
		assert.match(result.stdout, /\(invalid, using defaults\)/);
	}
	writeConfig(dir, '{"db": ');
	assert.match(runCli(['config'], {env: isolatedEnv(dir)}).stderr, /^eyelet: invalid config .*: not valid JSON/);

	writeConfig(dir, {maxPayloadBytes: -1});
	const env = isolatedEnv(dir);
	const recorded = runCli(['record'], {env, input: Buffer.from(JSON.stringify({session_id: 's', hook_event_name: 'Stop'}))});
	assert.equal(recorded.status, 0);
	assert.equal(recorded.stdout, '');
	const db = join(dir, 'data', 'eyelet', 'events.db');
	assert.equal(
		withReader(db, reader => reader.value('SELECT count(*) FROM events')),
		1,
	);
	assert.match(
		readFileSync(join(dir, 'data', 'eyelet', 'eyelet.log'), 'utf8'),
		/invalid config .*"maxPayloadBytes" must be a positive whole number; using defaults \(recording with defaults\)/,
	);
});

test("config lists the built-in rule count and the user's additions; the recorder applies both", t => {
	const dir = tempDir(t);
	writeConfig(dir, {
		redaction: {patterns: [{name: 'internal-token', pattern: 'itk_[A-Za-z0-9]{12}'}], allow: ['AKIAIOSFODNN7EXAMPLE', {pattern: '^sk_test_'}]},
	});
	const env = isolatedEnv(dir);
	const text = runCli(['config'], {env}).stdout;
	assert.match(text, /\nredaction: 1\d\d built-in rules; 1 rule of yours \(internal-token\); allowlist: 1 value, 1 pattern\n$/);
	const json = JSON.parse(runCli(['config', '--json'], {env}).stdout);
	assert.ok(json.redaction.builtInRules > 150, 'many times the ten rules of before');
	assert.deepEqual({patterns: json.redaction.patterns, allow: json.redaction.allow}, {patterns: 1, allow: 2});

	const prompt = 'AKIAIOSFODNN7EXAMPLE sk_test_4eC39HqLyjWDarjtT1zdp7dc itk_abcdefghijkl AKIAQ3EGSNX7YBUVZ2KD';
	const recorded = runCli(['record'], {env, input: JSON.stringify({session_id: 's', hook_event_name: 'UserPromptSubmit', prompt})});
	assert.equal(recorded.status, 0);
	const stored = withReader(join(dir, 'data', 'eyelet', 'events.db'), reader => reader.value<string>("SELECT payload ->> '$.prompt' FROM events"));
	assert.equal(stored, 'AKIAIOSFODNN7EXAMPLE sk_test_4eC39HqLyjWDarjtT1zdp7dc [REDACTED:internal-token] [REDACTED:aws-access-key]');
});

test('a pattern of yours that does not compile is a one-line error, and the recorder goes on with the built-in rules', t => {
	const dir = tempDir(t);
	writeConfig(dir, {redaction: {patterns: [{name: 'broken', pattern: 'itk_[A-Z'}]}});
	const env = isolatedEnv(dir);
	const shown = runCli(['config'], {env});
	assert.equal(shown.status, 1);
	assert.equal(shown.stderr.trim().split('\n').length, 1);
	assert.match(shown.stderr, /"redaction\.patterns\[0\]\.pattern" is not a valid regular expression/);
	assert.equal(
		runCli(['record'], {env, input: JSON.stringify({session_id: 's', hook_event_name: 'UserPromptSubmit', prompt: 'key AKIAQ3EGSNX7YBUVZ2KD'})}).status,
		0,
	);
	const db = join(dir, 'data', 'eyelet', 'events.db');
	assert.equal(
		withReader(db, reader => reader.value("SELECT payload ->> '$.prompt' FROM events")),
		'key [REDACTED:aws-access-key]',
	);
	assert.match(
		readFileSync(join(dir, 'data', 'eyelet', 'eyelet.log'), 'utf8'),
		/is not a valid regular expression; using defaults \(recording with defaults\)/,
	);
});

test('durations and sizes', () => {
	assert.equal(durationMs('30d'), 30 * 86_400_000);
	assert.equal(durationMs('12h'), 12 * 3_600_000);
	assert.equal(durationMs('1.5w'), 1.5 * 604_800_000);
	assert.equal(durationMs('30'), null);
	assert.equal(durationMs('0d'), null);
	assert.equal(sizeBytes('500MB'), 500 * 1024 ** 2);
	assert.equal(sizeBytes('2gb'), 2 * 1024 ** 3);
	assert.equal(sizeBytes('800k'), 800 * 1024);
	assert.equal(sizeBytes('4096'), 4096);
	assert.equal(sizeBytes('lots'), null);
});

test('eyelet config shows the export but never its headers’ values (the collector’s credentials)', t => {
	const dir = tempDir(t);
	writeConfig(dir, {export: {otlp: {endpoint: 'http://collector:4318', headers: {Authorization: 'Bearer team-secret-123'}}}});
	const env = isolatedEnv(dir);
	for (const args of [['config'], ['config', '--json']]) {
		const shown = runCli(args, {env});
		assert.equal(shown.status, 0, shown.stderr);
		assert.doesNotMatch(shown.stdout, /team-secret-123/);
		assert.match(shown.stdout, /Authorization/);
		assert.match(shown.stdout, /collector:4318/);
	}
});
