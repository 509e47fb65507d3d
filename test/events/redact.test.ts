import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {test} from 'node:test';
import {normalizeInput, normalizeValue} from '../../source/events/normalize.js';
import {builtInRules, createRedactor} from '../../source/events/redact.js';
import {fixtureLines, root} from '../helpers.js';
import {secretCases} from './secret-cases.js';
import {fake, uuid} from './secret-samples.js';

const redactor = createRedactor();
const redact = (text: string) => redactor.redactString(text);
const markers = (text: string) => text.match(/\[REDACTED:[\w.-]+\]/g) ?? [];

for (const {kind, text, secret} of secretCases) {
	test(`redacts ${kind}: ${text.replace(/\s+/g, ' ').slice(0, 60)}`, () => {
		const result = redact(text);
		assert.ok(!result.text.includes(secret), result.text);
		assert.ok(result.text.includes(`[REDACTED:${kind}]`), result.text);
		assert.equal(result.count, markers(result.text).length);
	});
}

test('every built-in rule has a positive case of its own kind', () => {
	const missing = builtInRules
		.filter(rule => !secretCases.some(({kind, text}) => kind === rule.kind && new RegExp(rule.pattern, `g${rule.flags ?? ''}`).test(text)))
		.map(rule => `${rule.kind} (${rule.keywords.join(', ')})`);
	assert.deepEqual(missing, []);
});

test('every case holds a keyword of its rule: the scan is what lets a rule run', () => {
	for (const {kind, text} of secretCases) {
		const rules = builtInRules.filter(rule => rule.kind === kind);
		assert.ok(
			rules.some(rule => rule.keywords.some(keyword => text.toLowerCase().includes(keyword.toLowerCase()))),
			`${kind}: ${text.slice(0, 60)}`,
		);
	}
});

const nearMisses = [
	// Identifiers and hashes that look random but are not secrets.
	`commit ${fake('hex', 40)} (HEAD -> main)`,
	`git log --oneline ${fake('hex', 7)}..${fake('hex', 7)}`,
	`sha256:${fake('hex', 64)}`,
	`"session_id": "${uuid()}"`,
	`"tool_use_id": "toolu_01${fake('alnum', 22)}"`,
	`"prompt_id": "${uuid()}", "agent_id": "a${fake('hex', 16)}"`,
	`request_id=req_${fake('alnum', 24)} msg_${fake('alnum', 24)}`,
	// base64 of ordinary data, lockfile hashes, colours.
	`data:image/png;base64,${Buffer.from('just an ordinary picture of a cat, nothing to hide here at all').toString('base64')}`,
	`"integrity": "sha512-${fake('b64', 86)}=="`,
	'resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz#679591c564c3bffaae8454cf0b3df370c3d6911c"',
	'color: #ff00aa; background: rgba(12, 34, 56, 0.5); border-color: #0f0;',
	`-----BEGIN CERTIFICATE-----\n${fake('b64', 64)}\n-----END CERTIFICATE-----`,
	`-----BEGIN PUBLIC KEY-----\n${fake('b64', 64)}\n-----END PUBLIC KEY-----`,
	`certificate-authority-data: ${Buffer.from(`-----BEGIN CERTIFICATE-----\n${fake('b64', 64)}\n`).toString('base64')}`,
	// Long identifiers and secret-ish words in code.
	'const tokenRefreshHandlerForExpiredSessionsWithRetry = createTokenRefreshHandler(options);',
	'MAX_TOKENS = 4096; "max_tokens": 4096, "input_tokens": 1234, "cache_read_input_tokens": 0',
	'const token = getToken();',
	'password = os.environ["DB_PASSWORD"]',
	'apiKey: process.env.API_KEY,',
	'def __init__(self, password): self.password = password',
	'interface Credentials { accessToken: string; refreshToken?: string; expiresAt: number }',
	'token: Optional[str] = None',
	'const {data: secret} = await client.getSecretValue({SecretId: name});',
	'export const primaryKey = "id"; const cacheKey = `user:${id}`;',
	'API_KEY=$API_KEY ./deploy && TOKEN=${TOKEN:-} make && PASSWORD="$(cat /run/secrets/pw)" run',
	'password: ${{ secrets.REGISTRY_PASSWORD }}',
	'the token: it expires after an hour; the password: see the vault',
	'fetch(url, {credentials: "include", headers: {Accept: "application/json"}})',
	// Shell and command lines that only look like they carry passwords.
	'PWD=/home/dev/webapp OLDPWD=/home/dev SHLVL=1',
	'docker run -p 8080:80 -v $PWD:/app nginx',
	'echo "$CR_PAT" | docker login ghcr.io -u me --password-stdin',
	'psql --no-password -h db -U app',
	'mysql -u root -p shop',
	'ssh://git@github.com:22/org/repo.git and https://github.com/org/repo and http://localhost:3000/api',
	'Basic usage: run the Bearer example with a token of your own',
	'sk-learn and scikit-learn-intelex, task-1234567890abcdefghijk, risk-assessment-2024-final',
	'npm_config_cache=/home/dev/.npm npm_package_version=1.2.3',
	'Exit code 2',
	'max_tokens: 4096 is fine',
	'const key = map.get(id)',
];

test('leaves near misses alone: hashes, ids, base64, colours, identifiers and code', () => {
	for (const text of nearMisses) {
		const result = redact(text);
		assert.equal(result.text, text);
		assert.equal(result.count, 0, text);
	}
});

test('the real fixture payloads hold no secret, and none of their values is redacted', () => {
	const lines = [...fixtureLines('claude-code-sessions.jsonl'), ...fixtureLines('documented-events.jsonl')];
	const redacted = lines.filter(line => normalizeInput(Buffer.from(line), {redactor, maxPayloadBytes: 1024 * 1024}).redactions > 0);
	assert.deepEqual(redacted, []);
});

test('keeps the context around a secret: user names, hosts, variable names, header schemes', () => {
	assert.equal(redact('postgres://admin:hunter2@db:5432/app').text, 'postgres://admin:[REDACTED:url-password]@db:5432/app');
	assert.equal(redact('export API_KEY=abc123').text, 'export API_KEY=[REDACTED:named-secret]');
	assert.equal(redact('Authorization: Bearer abcdef.123456').text, 'Authorization: Bearer [REDACTED:auth-header]');
	assert.equal(
		redact('a private key block\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\ndone').text,
		'a private key block\n[REDACTED:private-key]\ndone',
	);
});

test('a secret found by a specific rule is not found again by a general one', () => {
	const token = `ghp_${fake('alnum', 36)}`;
	const result = redact(`GITHUB_TOKEN=${token} git push https://x-access-token:${token}@github.com/a/b`);
	assert.equal(result.text, 'GITHUB_TOKEN=[REDACTED:github-token] git push https://x-access-token:[REDACTED:github-token]@github.com/a/b');
	assert.equal(result.count, 2);
});

test('the allowlist keeps exact values and values matching a pattern, and only those', () => {
	const allowing = createRedactor({allow: ['AKIAIOSFODNN7EXAMPLE', {pattern: '^sk_test_'}]});
	const text = `AKIAIOSFODNN7EXAMPLE sk_test_${fake('alnum', 24)} AKIA${fake('upper', 16)} sk_live_${fake('alnum', 24)}`;
	const result = allowing.redactString(text);
	assert.match(result.text, /^AKIAIOSFODNN7EXAMPLE sk_test_\w+ \[REDACTED:aws-access-key\] \[REDACTED:stripe-key\]$/);
	assert.equal(result.count, 2);
	const payload = {session_id: 's', hook_event_name: 'Notification', password: 'AKIAIOSFODNN7EXAMPLE', token: 'other'};
	const stored = JSON.parse(normalizeValue(payload, Buffer.from('{}'), {redactor: allowing, maxPayloadBytes: 4096}).payload!);
	assert.equal(stored.password, 'AKIAIOSFODNN7EXAMPLE', 'an allowed value stays under a secret key too');
	assert.equal(stored.token, '[REDACTED:named-secret]');
});

test("the user's own patterns run on every string, after the built-in rules", () => {
	const custom = createRedactor({patterns: [{name: 'internal-ticket', pattern: 'CORP-[0-9]{6}'}]});
	assert.equal(custom.redactString('see CORP-123456 now').text, 'see [REDACTED:internal-ticket] now');
	assert.equal(custom.redactString('CORP-654321 with AKIAIOSFODNN7EXAMPLE').count, 2);
});

test('names of secrets: snake, kebab and camel case, glued words, and the names that only look like one', () => {
	for (const key of [
		'api_key',
		'password',
		'GITHUB_TOKEN',
		'accessToken',
		'clientSecret',
		'privateKey',
		'x-api-key',
		'APIKey',
		'apikey',
		'pgpassword',
		'pwd',
		'cookie',
		'Set-Cookie',
		'credentials',
		'authorization',
		'auth',
		'passphrase',
		'secretAccessKey',
		'AZURE_DEVOPS_EXT_PAT',
		'db_pass',
		'MYSQL_PWD',
	]) {
		assert.equal(redactor.isSecretKey(key), true, key);
	}
	for (const key of [
		'session_id',
		'tool_use_id',
		'max_tokens',
		'input_tokens',
		'key',
		'keys',
		'primaryKey',
		'cache_key',
		'publicKey',
		'nextPageToken',
		'csrf_token',
		'eos_token',
		'monkey',
		'tokenizer',
		'token_type',
		'keyboard',
		'author',
		'oauth_url',
		'file_path',
		'glob_pat',
		'passed',
	]) {
		assert.equal(redactor.isSecretKey(key), false, key);
	}
});

test('under a secret key the whole value goes, whatever its type; booleans, null and empties stay', () => {
	const payload = {
		session_id: 's',
		hook_event_name: 'PostToolUse',
		tool_response: {
			credentials: {username: 'deploy', password: 'hunter2'},
			pin: 1234,
			password: 483920,
			secrets: ['a', 'b'],
			auth: true,
			token: null,
			apiKey: '',
			cookies: [],
		},
	};
	const result = normalizeValue(payload, Buffer.from('{}'), {redactor, maxPayloadBytes: 4096});
	assert.deepEqual(JSON.parse(result.payload!).tool_response, {
		credentials: '[REDACTED:named-secret]',
		pin: 1234,
		password: '[REDACTED:named-secret]',
		secrets: '[REDACTED:named-secret]',
		auth: true,
		token: null,
		apiKey: '',
		cookies: [],
	});
	assert.equal(result.redactions, 3);
	assert.ok(!result.searchText.includes('hunter2'));
});

test('raw bytes of input that does not parse are redacted too, JSON keys included', () => {
	const raw = Buffer.from('{"session_id":"s1","tool_input":{"password":"hunter2-horse","command":"export TOKEN=\\"t0k3n\\"');
	const result = normalizeInput(raw, {redactor, maxPayloadBytes: 4096});
	assert.equal(result.status, 'invalid');
	const text = result.raw!.toString();
	assert.ok(!text.includes('hunter2-horse') && !text.includes('t0k3n'), text);
	assert.equal(result.redactions, 2);
});

test('rules compile on first use: a payload with no keyword compiles none, a token compiles its own rule', () => {
	const script = `
		const {createRedactor, compiledRuleCount} = require(${JSON.stringify(join(root, '.build', 'source', 'events', 'redact.js'))});
		const redactor = createRedactor();
		redactor.redactString('npm test && ls -la /home/dev');
		const none = compiledRuleCount();
		redactor.redactString('ghp_0123456789abcdefghijABCDEFGHIJ012345');
		console.log(JSON.stringify([none, compiledRuleCount()]));`;
	const result = spawnSync(process.execPath, ['-e', script], {encoding: 'utf8'});
	assert.equal(result.status, 0, result.stderr);
	assert.deepEqual(JSON.parse(result.stdout), [0, 1]);
});
