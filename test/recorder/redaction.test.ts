import assert from 'node:assert/strict';
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fixtures, isolatedEnv, recordAll, runCli, tempDir, withReader} from '../helpers.js';

/** Made-up credentials in realistic payloads: a .env dump, registry and container config, an auth header, db command lines, a git remote, a service-account file. */
const credentials = JSON.parse(readFileSync(join(fixtures, 'credentials.json'), 'utf8')) as {secrets: string[]; payloads: object[]; raw: string};

/** Every secret that appears in any of these files, byte for byte (latin1 keeps any byte as one char). */
function leaked(files: string[], secrets: readonly string[]): string[] {
	const bytes = files.map(file => readFileSync(file).toString('latin1')).join('\n');
	return secrets.filter(secret => bytes.includes(secret));
}

/** A phrase query for the trigram index; FTS5 quotes are doubled. */
const phrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

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
	assert.deepEqual(leaked([db, `${db}-wal`], ['wJalrXUtnFEMI', 'AKIAIOSFODNN7EXAMPLE', 'plain-looking-value', 'sk-ant-api03']), []);
});

test('realistic credentials of common providers, under names that say nothing, reach neither the database, its WAL, the search index nor the spool', async t => {
	const dir = tempDir(t);
	const db = join(dir, 'events.db');
	const env = isolatedEnv(dir, {EYELET_DB: db});
	const inputs = [...credentials.payloads.map(payload => JSON.stringify(payload)), credentials.raw];
	const results = await recordAll(inputs, {env, parallel: 2});
	assert.ok(results.every(result => result.status === 0 && result.stdout === ''));

	withReader(db, reader => {
		assert.equal(reader.value('SELECT count(*) FROM events'), inputs.length);
		// The index answers phrase queries on text it holds (here: a word of the .env dump), never on a secret.
		assert.equal(reader.value('SELECT count(*) FROM events_text WHERE events_text MATCH ?', [phrase('LOG_LEVEL=info')]), 1);
		for (const secret of credentials.secrets) {
			const probe = secret.slice(0, 24);
			assert.equal(reader.value('SELECT count(*) FROM events_text WHERE events_text MATCH ?', [phrase(probe)]), 0, `${probe} is in the search index`);
		}
		const stored = reader.all<{text: string}>("SELECT concat_ws(' ', json(payload), summary, CAST(raw AS TEXT), signature) AS text FROM events");
		assert.deepEqual(
			credentials.secrets.filter(secret => stored.some(row => row.text.includes(secret))),
			[],
		);
	});
	assert.deepEqual(leaked([db, `${db}-wal`], credentials.secrets), []);

	// The same payloads when the database cannot take them: the spool files hold no secret either.
	const broken = join(dir, 'broken.db');
	writeFileSync(broken, 'not a database '.repeat(400));
	const spoolEnv = isolatedEnv(dir, {EYELET_DB: broken});
	assert.ok((await recordAll(inputs, {env: spoolEnv, parallel: 2})).every(result => result.status === 0));
	const spooled = readdirSync(join(dir, 'spool')).map(name => join(dir, 'spool', name));
	assert.equal(spooled.length, inputs.length);
	assert.deepEqual(leaked(spooled, credentials.secrets), []);
	assert.deepEqual(
		leaked(
			spooled,
			credentials.secrets.map(secret => Buffer.from(secret).toString('base64').slice(0, 16)),
		),
		[],
	);
});

test('redaction can be switched off', t => {
	const dir = tempDir(t);
	const db = join(dir, 'events.db');
	const payload = {session_id: 's1', hook_event_name: 'UserPromptSubmit', cwd: dir, prompt: 'use AKIAIOSFODNN7EXAMPLE'};
	assert.equal(runCli(['record'], {input: JSON.stringify(payload), env: isolatedEnv(dir, {EYELET_DB: db, EYELET_REDACT: '0'})}).status, 0);
	withReader(db, reader => assert.equal(reader.value('SELECT payload ->> ? FROM events', ['$.prompt']), 'use AKIAIOSFODNN7EXAMPLE'));
});
