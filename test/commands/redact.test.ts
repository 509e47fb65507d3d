import assert from 'node:assert/strict';
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {spoolBacklog} from '../../source/spool/spool.js';
import {fixtures, isolatedEnv, recordAll, runCli, runCliAsync, tempDir, withReader} from '../helpers.js';
import {postOtlp} from '../otlp-helpers.js';
import {startServe} from '../serve-helpers.js';

// `eyelet redact` on rows recorded before the rules could catch them: here recorded with redaction
// switched off, which stores every secret as it came, as older rules did for most of them.

const credentials = JSON.parse(readFileSync(join(fixtures, 'credentials.json'), 'utf8')) as {secrets: string[]; payloads: object[]; raw: string};
const inputs = [...credentials.payloads.map(payload => JSON.stringify(payload)), credentials.raw];
const phrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

function setup(t: {after: (fn: () => void) => void}) {
	const dir = tempDir(t);
	const db = join(dir, 'events.db');
	const env = isolatedEnv(dir, {EYELET_DB: db});
	return {dir, db, env, unredacted: {...env, EYELET_REDACT: '0'}};
}

/** Every secret still readable in the rows: payload, summary, signature, raw bytes. */
function secretsInRows(db: string): string[] {
	const rows = withReader(db, reader =>
		reader.all<{text: string}>("SELECT concat_ws(' ', json(payload), summary, signature, CAST(raw AS TEXT)) AS text FROM events"),
	);
	return credentials.secrets.filter(secret => rows.some(row => row.text.includes(secret)));
}

const secretsInIndex = (db: string) =>
	withReader(db, reader =>
		credentials.secrets.filter(
			secret => (reader.value<number>('SELECT count(*) FROM events_text WHERE events_text MATCH ?', [phrase(secret.slice(0, 24))]) ?? 0) > 0,
		),
	);

test('rewrites stored rows and their search text, resumes where it stopped, and the file is clean after a vacuum', async t => {
	const {db, env, unredacted} = setup(t);
	assert.ok((await recordAll(inputs, {env: unredacted, parallel: 2})).every(result => result.status === 0));
	assert.equal(secretsInRows(db).length, credentials.secrets.length, 'recorded as they came');
	assert.ok(secretsInIndex(db).length > 10);

	const dry = runCli(['redact', '--dry-run'], {env});
	assert.equal(dry.status, 0, dry.stderr);
	assert.match(dry.stdout, /^rescanned 11 rows with \d+ built-in rules: would rewrite 11 rows, \d+ secrets$/m);
	assert.equal(secretsInRows(db).length, credentials.secrets.length, 'a dry run writes nothing');

	const run = runCli(['redact'], {env});
	assert.equal(run.status, 0, run.stderr);
	assert.equal(run.stderr, '', 'no progress bar when stderr is not a terminal');
	assert.match(run.stdout, /^rescanned 11 rows with \d+ built-in rules: rewrote 11 rows, \d+ secrets$/m);
	assert.match(run.stdout, /SQLite keeps old page contents until they are overwritten.*\n.*run `eyelet vacuum` now/);
	assert.deepEqual(secretsInRows(db), []);
	assert.deepEqual(secretsInIndex(db), []);
	withReader(db, reader => {
		assert.equal(
			reader.value('SELECT count(*) FROM events_text WHERE events_text MATCH ?', [phrase('LOG_LEVEL=info')]),
			1,
			'the rest of the text is still found',
		);
		assert.equal(reader.value('SELECT count(*) FROM events WHERE redactions = 0'), 0, 'every row counts what was redacted');
		assert.deepEqual(JSON.parse(reader.value<string>("SELECT value FROM meta WHERE key = 'redact.cursor'")!).after, 11);
	});

	// Resumed: only rows recorded since are rescanned.
	assert.ok((await recordAll(inputs.slice(0, 2), {env: unredacted, parallel: 1})).every(result => result.status === 0));
	const again = runCli(['redact'], {env});
	assert.match(again.stdout, /^resumed after id 11, where a run with the same rules stopped/m);
	assert.match(again.stdout, /^rescanned 2 rows with \d+ built-in rules: rewrote 2 rows/m);
	assert.deepEqual(secretsInRows(db), []);

	// Other rules (a pattern of the user's) start over from the first row.
	mkdirSync(join(env['XDG_CONFIG_HOME']!, 'eyelet'), {recursive: true});
	writeFileSync(join(env['XDG_CONFIG_HOME']!, 'eyelet', 'config.json'), JSON.stringify({redaction: {patterns: [{name: 'region', pattern: 'eu-west-1'}]}}));
	const restarted = runCli(['redact'], {env});
	assert.match(restarted.stdout, /^rescanned 13 rows with \d+ built-in rules: rewrote 1 rows, 1 secrets$/m);

	const vacuum = runCli(['vacuum'], {env});
	assert.equal(vacuum.status, 0, vacuum.stderr);
	const bytes = readFileSync(db).toString('latin1');
	assert.deepEqual(
		credentials.secrets.filter(secret => bytes.includes(secret)),
		[],
	);
});

test('spooled events are rewritten in place, and drain into the database redacted', async t => {
	const {dir, db, env, unredacted} = setup(t);
	writeFileSync(db, 'not a database '.repeat(400));
	assert.ok((await recordAll(inputs.slice(0, 4), {env: unredacted, parallel: 2})).every(result => result.status === 0));
	const spooled = () => readdirSync(join(dir, 'spool')).map(name => readFileSync(join(dir, 'spool', name), 'utf8'));
	assert.equal(spooled().length, 4);
	assert.ok(credentials.secrets.some(secret => spooled().some(text => text.includes(secret))));

	writeFileSync(db, '');
	const run = runCli(['redact', '--db', db], {env});
	assert.equal(run.status, 0, run.stderr);
	assert.match(run.stdout, /^spool: rescanned 4 events, rewrote 4$/m);
	assert.equal(spooled().length, 4);
	assert.deepEqual(
		credentials.secrets.filter(secret => spooled().some(text => text.includes(secret))),
		[],
	);
	assert.match(runCli(['drain'], {env}).stdout, /drained 4 event/);
	assert.deepEqual(secretsInRows(db), []);
	assert.deepEqual(secretsInIndex(db), []);
});

test('a signature that held a secret is rewritten, and its error occurrence moves with it', t => {
	const {db, env, unredacted} = setup(t);
	const failure = {
		session_id: 's1',
		hook_event_name: 'PostToolUseFailure',
		tool_name: 'Bash',
		tool_input: {command: 'psql -h db -c "select 1"'},
		error: 'Exit code 2\npsql: error: authentication failed for PGPASSWORD=hunter2horse',
	};
	assert.equal(runCli(['record'], {input: JSON.stringify(failure), env: unredacted}).status, 0);
	const before = withReader(db, reader => reader.value<string>('SELECT signature FROM error_occurrences'));
	assert.match(before!, /hunter2horse/);
	assert.equal(runCli(['redact'], {env}).status, 0);
	withReader(db, reader => {
		const signature = reader.value<string>('SELECT signature FROM events');
		assert.doesNotMatch(signature!, /hunter2horse/);
		assert.match(signature!, /\[REDACTED:named-secret\]/);
		assert.deepEqual(reader.all('SELECT signature FROM error_occurrences'), [{signature}]);
	});
	const groups = JSON.parse(runCli(['errors', '--json'], {env}).stdout) as Array<{signature: string; occurrences: number}>;
	assert.deepEqual(
		groups.map(group => [group.occurrences, /hunter2/.test(group.signature)]),
		[[1, false]],
	);
});

test('recorders keep recording while it runs: every event is stored, none waits in the spool', async t => {
	const {dir, db, env, unredacted} = setup(t);
	const lines = Array.from({length: 3000}, (_, n) => JSON.stringify({...JSON.parse(inputs[n % 10]!), session_id: `bulk-${n % 40}`, tool_use_id: `toolu_${n}`}));
	writeFileSync(join(dir, 'bulk.jsonl'), `${lines.join('\n')}\n`);
	assert.equal(runCli(['import', join(dir, 'bulk.jsonl')], {env: unredacted}).status, 0);

	const redacting = runCliAsync(['redact'], {env});
	const hooks = Array.from({length: 12}, (_, n) =>
		JSON.stringify({session_id: 'live', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: {command: `echo ${n}`}}),
	);
	const recorded = await recordAll(hooks, {env, parallel: 2});
	const result = await redacting;
	assert.equal(result.status, 0, result.stderr);
	assert.match(result.stdout, /rewrote 3,000 rows/);
	assert.ok(recorded.every(run => run.status === 0));
	withReader(db, reader => assert.equal(reader.value("SELECT count(*) FROM events WHERE session_id = 'live'"), 12));
	assert.equal(spoolBacklog(db), 0);
	assert.deepEqual(secretsInRows(db), []);
});

test('refuses to run with redaction switched off, in one line', t => {
	const {env, unredacted} = setup(t);
	assert.equal(runCli(['record'], {input: inputs[0]!, env}).status, 0);
	const result = runCli(['redact'], {env: unredacted});
	assert.equal(result.status, 2);
	assert.match(result.stderr, /^eyelet: redaction is switched off .*: nothing to apply\n$/);
});

test('telemetry records stored before the rules could catch them are rewritten, and doctor sees them first', async t => {
	const {db, env, unredacted} = setup(t);
	const daemon = await startServe(unredacted, db);
	const token = credentials.secrets.find(secret => secret.startsWith('glpat-'))!;
	const other = credentials.secrets.find(secret => secret.startsWith('Wq9v'))!;
	const attribute = (key: string, value: string) => ({key, value: {stringValue: value}});
	// One clock reading for all three: records with the same time and content are one record (a retry).
	const now = Date.now();
	const log = (n: number) => ({
		timeUnixNano: String((now - n) * 1_000_000),
		body: {stringValue: 'claude_code.tool_result'},
		attributes: [
			attribute('event.name', 'tool_result'),
			attribute('session.id', 'redact-telemetry-session'),
			attribute('tool_name', 'Bash'),
			attribute('tool_parameters', JSON.stringify({command: `curl -H "Authorization: token ${token}" https://example.com`})),
			attribute('auth.api_key', other),
		],
	});
	const body = JSON.stringify({
		resourceLogs: [{resource: {attributes: [attribute('service.name', 'claude-code')]}, scopeLogs: [{logRecords: [log(1), log(2), log(3)]}]}],
	});
	const answer = await postOtlp(daemon.port, '/v1/logs', 'application/json', body, daemon.auth);
	assert.equal(answer.status, 200, answer.body.toString());
	daemon.child.kill('SIGTERM');
	await daemon.exited;
	const leaked = () => withReader(db, reader => reader.value<number>('SELECT count(*) FROM telemetry WHERE instr(data, ?) OR instr(data, ?)', [token, other]));
	assert.equal(leaked(), 3, 'stored as they came, redaction off');

	const before = JSON.parse(runCli(['doctor', '--json'], {env}).stdout) as {checks: Array<{name: string; status: string; message: string}>};
	const check = before.checks.find(item => item.name === 'redaction')!;
	assert.equal(check.status, 'warn');
	assert.match(check.message, /3 of all 3 stored telemetry records hold secrets/);

	const run = runCli(['redact'], {env});
	assert.equal(run.status, 0, run.stderr);
	assert.match(run.stdout, /^telemetry: rescanned 3 records, rewrote 3, [1-9]\d* secrets$/m);
	assert.equal(leaked(), 0);
	const record = withReader(db, reader => JSON.parse(reader.value<string>('SELECT data FROM telemetry LIMIT 1')!));
	assert.equal(record.attributes['auth.api_key'], '[REDACTED:named-secret]');
	assert.equal(record.attributes['tool_name'], 'Bash', 'the rest stays');
	assert.match(record.attributes['tool_parameters'], /^\{"command":"curl -H \\"Authorization: token \[REDACTED:/);

	const again = runCli(['redact', '--restart'], {env});
	assert.match(again.stdout, /^telemetry: rescanned 3 records, rewrote 0, 0 secrets$/m);
	const after = JSON.parse(runCli(['doctor', '--json'], {env}).stdout) as typeof before;
	assert.equal(after.checks.find(item => item.name === 'redaction')!.status, 'ok');
});
