import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {createRedactor} from '../../source/events/redact.js';
import {isolatedEnv, runCli, tempDir, withReader} from '../helpers.js';

const redactor = createRedactor();
const redact = (text: string) => redactor.redactString(text);

const secrets: Array<[string, string, string]> = [
	['aws-access-key', 'aws s3 ls --profile AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE'],
	['github-token', 'git clone https://x@github.com/a/b with ghp_0123456789abcdefghijABCDEFGHIJ012345', 'ghp_0123456789abcdefghijABCDEFGHIJ012345'],
	['github-token', 'GH=github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
	['anthropic-key', 'curl -H "x-api-key: sk-ant-api03-AbCdEf0123456789-_xyzXYZ"', 'sk-ant-api03-AbCdEf0123456789-_xyzXYZ'],
	['openai-key', 'OPENAI said sk-proj-abcdefghijklmnopqrstuvwx0123', 'sk-proj-abcdefghijklmnopqrstuvwx0123'],
	['slack-token', 'post with xoxb-1234567890-abcdefghijkl', 'xoxb-1234567890-abcdefghijkl'],
	['stripe-key', 'stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
	['url-password', 'psql postgres://admin:hunter2@db.internal:5432/app', 'hunter2'],
	['bearer-token', 'curl -H "Authorization: Bearer abc.def.ghi-jkl_123"', 'abc.def.ghi-jkl_123'],
	['named-secret', 'export DATABASE_PASSWORD=correct-horse-battery', 'correct-horse-battery'],
	['named-secret', 'API_KEY="quoted value here" ./run', '"quoted value here"'],
	['named-secret', 'GITHUB_TOKEN=t0k3n make release', 't0k3n'],
	['named-secret', 'client_secret: s3cr3t', 's3cr3t'],
];

for (const [kind, text, secret] of secrets) {
	test(`redacts ${kind}: ${text.slice(0, 40)}`, () => {
		const result = redact(text);
		assert.ok(!result.text.includes(secret), result.text);
		assert.ok(result.text.includes(`[REDACTED:${kind}]`), result.text);
		assert.equal(result.count, 1);
	});
}

test('a private key block is replaced whole', () => {
	const block = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAAAAB\n-----END OPENSSH PRIVATE KEY-----';
	const result = redact(`cat ~/.ssh/id_ed25519\n${block}\ndone`);
	assert.equal(result.text, 'cat ~/.ssh/id_ed25519\n[REDACTED:private-key]\ndone');
});

test('keeps the context around a secret: user names, hosts, variable names', () => {
	assert.equal(redact('postgres://admin:hunter2@db:5432/app').text, 'postgres://admin:[REDACTED:url-password]@db:5432/app');
	assert.equal(redact('export API_KEY=abc123').text, 'export API_KEY=[REDACTED:named-secret]');
});

test('leaves ordinary text alone', () => {
	for (const text of ['npm test', 'ls -la /home/dev', 'const key = map.get(id)', 'API_KEY=$API_KEY ./deploy', 'Exit code 2', 'max_tokens: 4096 is fine']) {
		const result = redact(text);
		assert.equal(result.count, 0, text);
		assert.equal(result.text, text);
	}
});

test('values under secret-named keys are redacted whole', () => {
	assert.equal(redactor.isSecretKey('api_key'), true);
	assert.equal(redactor.isSecretKey('password'), true);
	assert.equal(redactor.isSecretKey('GITHUB_TOKEN'), true);
	assert.equal(redactor.isSecretKey('session_id'), false);
	assert.equal(redactor.isSecretKey('tool_use_id'), false);
	assert.equal(redactor.isSecretKey('max_tokens'), false);
});

test('extra patterns from config', () => {
	const custom = createRedactor([{name: 'internal-ticket', pattern: 'CORP-[0-9]{6}'}]);
	assert.equal(custom.redactString('see CORP-123456 now').text, 'see [REDACTED:internal-ticket] now');
});

test('no secret reaches the disk, and the row counts what was redacted', t => {
	const dir = tempDir(t);
	const db = join(dir, 'events.db');
	const env = isolatedEnv(dir, {EYELET_DB: db});
	const payload = {
		session_id: 's1',
		hook_event_name: 'PreToolUse',
		cwd: dir,
		tool_name: 'Bash',
		tool_input: {
			command: 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY aws s3 cp x s3://b --profile AKIAIOSFODNN7EXAMPLE',
			api_key: 'plain-looking-value',
		},
	};
	assert.equal(runCli(['record'], {input: JSON.stringify(payload), env}).status, 0);
	assert.equal(runCli(['record'], {input: 'garbage sk-ant-api03-AbCdEf0123456789-_xyzXYZ not json', env}).status, 0);
	withReader(db, reader => {
		const rows = reader.all<{redactions: number; summary: string}>('SELECT redactions, summary FROM events ORDER BY id');
		assert.deepEqual(
			rows.map(row => row.redactions),
			[3, 1],
		);
		assert.ok(rows[0]!.summary.includes('[REDACTED:named-secret]'));
	});
	for (const suffix of ['', '-wal']) {
		const bytes = readFileSync(db + suffix).toString('latin1');
		for (const secret of ['wJalrXUtnFEMI', 'AKIAIOSFODNN7EXAMPLE', 'plain-looking-value', 'sk-ant-api03']) {
			assert.ok(!bytes.includes(secret), `${secret} must not be in ${db}${suffix}`);
		}
	}
});

test('redaction can be switched off', t => {
	const dir = tempDir(t);
	const db = join(dir, 'events.db');
	const payload = {session_id: 's1', hook_event_name: 'UserPromptSubmit', cwd: dir, prompt: 'use AKIAIOSFODNN7EXAMPLE'};
	assert.equal(runCli(['record'], {input: JSON.stringify(payload), env: isolatedEnv(dir, {EYELET_DB: db, EYELET_REDACT: '0'})}).status, 0);
	withReader(db, reader => assert.equal(reader.value('SELECT payload ->> ? FROM events', ['$.prompt']), 'use AKIAIOSFODNN7EXAMPLE'));
});
