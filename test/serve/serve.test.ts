import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import Database from 'better-sqlite3';
import {cli, fixtureLines, runCli, withReader} from '../helpers.js';
import {get, post, serveHome, serveKey, serveState, startServe, waitFor} from '../serve-helpers.js';

const payloads = [...fixtureLines('claude-code-sessions.jsonl'), ...fixtureLines('documented-events.jsonl')];

/** What a row is, apart from when and by which process it was written. */
const rowColumns = `session_id, event, tool, tool_use_id, agent_id, agent_type, cwd, status, origin, project, hostname,
  git_branch, git_commit, duration_ms, summary, signature, redactions, payload_bytes, truncated, raw, json(payload) AS payload, json(custom) AS custom`;

const rows = (db: string) => withReader(db, reader => reader.all<Record<string, unknown>>(`SELECT ${rowColumns} FROM events ORDER BY id`));
const sessions = (db: string) =>
	withReader(db, reader =>
		reader.all<Record<string, unknown>>(
			'SELECT session_id, project, cwd, git_branch, events, prompts, tool_calls, errors, subagents, end_reason, ended_ts IS NULL AS live FROM sessions ORDER BY session_id',
		),
	);

test('every fixture payload POSTed as Claude Code posts it is stored exactly as `eyelet record` stores it', async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe(env, db);
	t.after(() => daemon.child.kill('SIGKILL'));
	for (const payload of payloads) {
		const answer = await daemon.hook(payload);
		assert.equal(answer.status, 200);
		assert.equal(answer.body, '', 'an empty 2xx: no decision');
	}

	const recorded = join(db, '..', 'recorded.db');
	// Claude Code gives every command hook of a session the same CLAUDE_PROJECT_DIR: here, the cwd of the session's first event.
	const projects = new Map<string, string>();
	for (const payload of payloads) {
		const {session_id, cwd} = JSON.parse(payload) as {session_id?: string; cwd?: string};
		if (session_id && cwd && !projects.has(session_id)) projects.set(session_id, cwd);
	}
	const cwdOf = (payload: string) => projects.get((JSON.parse(payload) as {session_id?: string}).session_id ?? '');
	for (const payload of payloads) {
		const project = cwdOf(payload);
		const hookEnv = project ? {...env, CLAUDE_PROJECT_DIR: project} : env;
		assert.equal(spawnSync(process.execPath, [cli, 'record', '--db', recorded], {input: payload, env: hookEnv, cwd: '/'}).status, 0);
	}
	const served = rows(db);
	const direct = rows(recorded);
	assert.equal(served.length, payloads.length);
	served.forEach((row, index) => {
		const expected = {...direct[index]};
		// A session with no cwd anywhere: the recorder falls back to its own folder, the daemon, which has none, to null.
		if (!cwdOf(payloads[index]!)) {
			delete expected['project'];
			delete row['project'];
		}
		assert.deepEqual(row, expected, `payload ${index}: ${payloads[index]!.slice(0, 120)}`);
	});
	assert.deepEqual(sessions(db), sessions(recorded), 'the same session summaries');
	const jsonl = runCli(['query', '--db', db, '--format', 'jsonl'], {env});
	assert.equal(jsonl.status, 0);
	assert.equal(jsonl.stdout.trim().split('\n').length, payloads.length);
});

test('a request without the secret, or with a wrong one, gets 401 and stores nothing; another Host gets 403', async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe(env, db);
	t.after(() => daemon.child.kill('SIGKILL'));
	const payload = payloads[0]!;
	assert.equal((await post(daemon.port, payload)).status, 401);
	assert.equal((await post(daemon.port, payload, {authorization: 'Bearer eyelet_wrong'})).status, 401);
	assert.equal((await post(daemon.port, payload, {authorization: `Bearer ${daemon.secret}x`})).status, 401);
	assert.equal((await post(daemon.port, payload, {authorization: daemon.secret})).status, 401, 'the Bearer scheme is required');
	assert.equal((await post(daemon.port, payload, {...daemon.auth, host: 'attacker.example:80'})).status, 403);
	assert.equal((await get(daemon.port, '/health')).status, 401, 'health needs the secret too');
	assert.equal(rows(db).length, 0);
	assert.equal((await daemon.hook(payload)).status, 200);
	assert.equal(rows(db).length, 1);
	const health = JSON.parse((await get(daemon.port, '/health', daemon.auth)).body);
	assert.equal(health.ok, true);
	assert.equal(health.db, db);
	assert.equal(health.stored, 1);
	assert.equal(typeof health.queue, 'number');
	assert.equal(typeof health.eventsPerSecond, 'number');
	assert.equal(typeof health.uptimeS, 'number');
	assert.equal(statMode(`${db}.serve.json`), 0o600, 'the secret is private');
});

const statMode = (path: string) => {
	const result = spawnSync('stat', ['-c', '%a', path], {encoding: 'utf8'});
	return Number.parseInt(result.stdout.trim(), 8);
};

test('bad bodies become invalid rows and a 200, never an error in the session', async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe(env, db);
	t.after(() => daemon.child.kill('SIGKILL'));
	const bodies: Array<[string | Buffer, RegExp]> = [
		['', /^invalid: empty input$/],
		['{"session_id": "s", "hook_event_name": "Stop"', /^invalid: truncated or malformed JSON/],
		['hello', /^invalid: not JSON/],
		[Buffer.from([0xff, 0xfe, 0x7b]), /^invalid: input is not valid UTF-8$/],
		['[1, 2]', /^invalid: payload is a JSON array, not an object$/],
		['{"hook_event_name": "Stop"}', /^invalid: payload has no session_id$/],
	];
	for (const [body] of bodies) assert.equal((await daemon.hook(body)).status, 200);
	const stored = rows(db);
	assert.equal(stored.length, bodies.length);
	bodies.forEach(([, summary], index) => {
		assert.equal(stored[index]!['status'], 'invalid');
		assert.match(String(stored[index]!['summary']), summary);
	});
	const big = JSON.stringify({session_id: 's', hook_event_name: 'PostToolUse', tool_name: 'Read', tool_response: {content: 'x'.repeat(3 << 20)}});
	assert.equal((await daemon.hook(big)).status, 200);
	const last = withReader(db, reader =>
		reader.get<{truncated: number; payload_bytes: number}>('SELECT truncated, payload_bytes FROM events ORDER BY id DESC LIMIT 1'),
	);
	assert.deepEqual(last, {truncated: 1, payload_bytes: Buffer.byteLength(big)}, 'a body over the payload cap is kept, cut, as record does');
	assert.equal((await get(daemon.port, '/nope', daemon.auth)).status, 404);
	assert.equal((await post(daemon.port, payloads[0]!, daemon.auth, '/other')).status, 404);
});

/** The pids of eyelet daemons (process title `eyelet serve`) started with this HOME. */
function daemonsOf(home: string): number[] {
	return readdirSync('/proc')
		.filter(name => /^\d+$/.test(name))
		.filter(pid => {
			try {
				return (
					readFileSync(`/proc/${pid}/cmdline`, 'latin1').startsWith('eyelet serve') &&
					readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`HOME=${home}`)
				);
			} catch {
				return false;
			}
		})
		.map(Number);
}

test('two daemons started at once for one database: one serves, the other says where and exits 0', async t => {
	const {home, env, db} = serveHome(t);
	const start = () => spawnSync(process.execPath, [cli, 'serve', '--detach', '--db', db], {env, encoding: 'utf8'});
	const [a, b] = await Promise.all([
		new Promise<ReturnType<typeof start>>(resolve => setImmediate(() => resolve(start()))),
		new Promise<ReturnType<typeof start>>(resolve => setImmediate(() => resolve(start()))),
	]);
	const state = serveState(db)!;
	t.after(() => {
		try {
			process.kill(state.pid, 'SIGKILL');
		} catch {}
	});
	for (const run of [a, b]) {
		assert.equal(run.status, 0, run.stderr);
		assert.match(run.stdout, new RegExp(`^eyelet serve (already )?runs on http://127\\.0\\.0\\.1:${state.port}/hook \\(pid ${state.pid}, `));
	}
	// Foreground starts too: the second one finds the first and exits 0 at once.
	const again = spawnSync(process.execPath, [cli, 'serve', '--db', db], {env, encoding: 'utf8', timeout: 10_000});
	assert.equal(again.status, 0);
	assert.match(again.stdout, new RegExp(`^eyelet serve already runs on .*pid ${state.pid}`));
	const status = runCli(['serve', '--status', '--db', db], {env});
	assert.equal(status.status, 0);
	assert.match(status.stdout, new RegExp(`runs on http://127\\.0\\.0\\.1:${state.port}/hook`));
	assert.deepEqual(daemonsOf(home), [state.pid], 'exactly one daemon runs');
});

test('SIGTERM answers what is in flight, then the daemon stops and removes its state file', async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe(env, db);
	const sent = Array.from({length: 200}, (_, i) => daemon.hook(JSON.stringify({session_id: 'term', hook_event_name: 'Notification', message: `n${i}`})));
	await sent[0];
	daemon.child.kill('SIGTERM');
	const answers = await Promise.allSettled(sent);
	assert.equal(await daemon.exited, 0);
	const acknowledged = answers.filter(answer => answer.status === 'fulfilled' && answer.value.status === 200).length;
	assert.ok(acknowledged > 0);
	assert.equal(rows(db).length >= acknowledged, true, 'every acknowledged event is stored');
	assert.equal(existsSync(`${db}.serve.pid`), false);
	assert.match(readFileSync(join(db, '..', 'eyelet.log'), 'utf8'), /serve: stopping \(SIGTERM\)/);
});

test('kill -9 under load: every acknowledged event is in the database and the integrity check passes', async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe(env, db);
	const acknowledged = new Set<string>();
	let stop = false;
	const client = async (c: number) => {
		for (let i = 0; !stop; i++) {
			const message = `c${c}-${i}`;
			try {
				const answer = await daemon.hook(JSON.stringify({session_id: `kill-${c}`, hook_event_name: 'Notification', message}));
				if (answer.status === 200) acknowledged.add(message);
			} catch {
				return;
			}
		}
	};
	const clients = Array.from({length: 16}, (_, c) => client(c));
	await waitFor(() => acknowledged.size >= 500, 20_000, '500 acknowledged events');
	daemon.child.kill('SIGKILL');
	stop = true;
	await Promise.all(clients);
	const handle = new Database(db);
	t.after(() => handle.close());
	assert.equal(handle.pragma('integrity_check', {simple: true}), 'ok');
	const stored = new Set(handle.prepare("SELECT payload ->> '$.message' FROM events").pluck().all() as string[]);
	const missing = [...acknowledged].filter(message => !stored.has(message));
	assert.deepEqual(missing, [], `${acknowledged.size} acknowledged`);
});

test('a write lock held past the budget costs latency and a trip through the spool, not events', async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe({...env, EYELET_BUDGET_MS: '300'}, db);
	t.after(() => daemon.child.kill('SIGKILL'));
	assert.equal((await daemon.hook(payloads[0]!)).status, 200);
	const locker = new Database(db);
	locker.exec('BEGIN IMMEDIATE');
	const sent = Array.from({length: 20}, (_, i) => daemon.hook(JSON.stringify({session_id: 'locked', hook_event_name: 'Notification', message: `m${i}`})));
	const answers = await Promise.all(sent);
	assert.deepEqual(
		answers.map(answer => answer.status),
		answers.map(() => 200),
	);
	const health = JSON.parse((await get(daemon.port, '/health', daemon.auth)).body);
	assert.equal(health.spooled, 20, 'answered once spooled');
	locker.exec('COMMIT');
	locker.close();
	// The daemon drains its spool when the database takes writes again.
	assert.equal((await daemon.hook(payloads[1]!)).status, 200);
	await waitFor(
		() => withReader(db, reader => reader.value<number>("SELECT count(*) FROM events WHERE session_id = 'locked'")) === 20,
		10_000,
		'the spool drained',
	);
});

test('a daemon idle past --idle-minutes with no live session exits by itself', async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe(env, db, ['--idle-minutes', '0.02']);
	t.after(() => daemon.child.kill('SIGKILL'));
	assert.equal((await daemon.hook(JSON.stringify({session_id: 'done', hook_event_name: 'SessionEnd', reason: 'exit'}))).status, 200);
	assert.equal(await daemon.exited, 0);
	assert.match(readFileSync(join(db, '..', 'eyelet.log'), 'utf8'), /serve: stopping \(idle for \d+ min with no live session\)/);
	assert.equal(serveKey(db).secret.startsWith('eyelet_'), true, 'the port and secret stay for the next start');
});

test('a SessionStart recorded while the daemon is down starts it, detached, before the session’s next event', async t => {
	const {env, db} = serveHome(t);
	const first = await startServe(env, db);
	first.child.kill('SIGTERM');
	await first.exited;
	assert.equal(serveState(db), null, 'down');
	const start = JSON.stringify({session_id: 'cold', transcript_path: '', cwd: '/tmp', hook_event_name: 'SessionStart', source: 'startup'});
	const recorded = spawnSync(process.execPath, [cli, 'record', '--db', db], {input: start, env, encoding: 'utf8', timeout: 15_000});
	assert.equal(recorded.status, 0);
	assert.equal(recorded.stdout, '', 'nothing on stdout: SessionStart hook output becomes model context');
	const state = serveState(db);
	assert.ok(state, 'the daemon runs as the recorder exits');
	const {port, secret} = serveKey(db);
	const prompt = JSON.stringify({session_id: 'cold', cwd: '/tmp', hook_event_name: 'UserPromptSubmit', prompt: 'hi'});
	assert.equal((await post(port, prompt, {authorization: `Bearer ${secret}`})).status, 200);
	assert.deepEqual(
		rows(db).map(row => row['event']),
		['SessionStart', 'UserPromptSubmit'],
	);
	// A second SessionStart finds it running and starts nothing.
	assert.equal(spawnSync(process.execPath, [cli, 'record', '--db', db], {input: start, env}).status, 0);
	assert.equal(serveState(db)?.pid, state.pid);
	assert.match(readFileSync(join(db, '..', 'eyelet.log'), 'utf8'), /started eyelet serve \(pid \d+\) for the session's http hooks/);
});

test('without the http transport set up, a SessionStart starts no daemon', t => {
	const {env, db} = serveHome(t);
	const start = JSON.stringify({session_id: 's', cwd: '/tmp', hook_event_name: 'SessionStart', source: 'startup'});
	assert.equal(spawnSync(process.execPath, [cli, 'record', '--db', db], {input: start, env}).status, 0);
	assert.equal(existsSync(`${db}.serve.pid`), false);
	assert.equal(existsSync(`${db}.serve.json`), false);
});

test("a transcript path outside Claude Code's folders is refused at every turn, and said once in the log", async t => {
	const {env, db} = serveHome(t);
	const daemon = await startServe(env, db);
	t.after(() => daemon.child.kill('SIGKILL'));
	for (let turn = 0; turn < 5; turn++) {
		const stop = {session_id: 'outside', hook_event_name: 'Stop', transcript_path: '/etc/passwd', cwd: '/tmp', stop_hook_active: false, turn};
		assert.equal((await daemon.hook(JSON.stringify(stop))).status, 200);
	}
	await waitFor(() => withReader(db, reader => reader.value<number>("SELECT count(*) FROM events WHERE session_id = 'outside'")) === 5, 10_000, 'five stops');
	daemon.child.kill('SIGTERM');
	await daemon.exited;
	const log = readFileSync(join(db, '..', 'eyelet.log'), 'utf8');
	assert.equal(log.match(/harvest skipped: a transcript path outside .* is not read/g)?.length, 1, log);
});
