// Starting `eyelet serve` for a bench, as eyelet starts its own daemons (serve --detach, the
// SessionStart recorder): the same Node flags, its own environment, and the time from the spawn to
// the first hook it answers 200.
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {Agent, request} from 'node:http';
import {join} from 'node:path';
import {cli, root, sleep} from './measure.mjs';

const require = createRequire(import.meta.url);
const {daemonNodeFlags} = require(join(root, 'dist', 'settings', 'paths.js'));
const hookPayload = readFileSync(join(root, 'test', 'fixtures', 'claude-code-sessions.jsonl'), 'utf8').split('\n')[0];

const agent = new Agent({keepAlive: true, maxSockets: 64});

/** POSTs one hook payload; resolves to the status (0 when the connection failed). */
export function postHook(port, body, headers) {
	return new Promise(done => {
		const req = request({host: '127.0.0.1', port, path: '/hook', method: 'POST', agent, headers: {'content-type': 'application/json', ...headers}}, res => {
			res.resume();
			res.on('end', () => done(res.statusCode));
		});
		req.on('error', () => done(0));
		req.end(body);
	});
}

/** A daemon on `db` with `env`; resolves once it has answered a hook, stored in the database like any other. */
export async function startDaemon(db, env) {
	const spawned = performance.now();
	const child = spawn(process.execPath, [...daemonNodeFlags, cli, 'serve', '--db', db], {env, stdio: 'ignore'});
	const exited = new Promise(done => child.on('exit', code => done(code)));
	let key = null;
	for (let i = 0; i < 1000 && !key; i++) {
		try {
			key = JSON.parse(readFileSync(`${db}.serve.json`, 'utf8'));
		} catch {
			await sleep(5);
		}
	}
	if (!key) throw new Error(`eyelet serve wrote no ${db}.serve.json`);
	const auth = {authorization: `Bearer ${key.secret}`};
	let firstAccepted = null;
	while (firstAccepted === null) {
		if ((await postHook(key.port, hookPayload, auth)) === 200) firstAccepted = performance.now() - spawned;
		else await sleep(2);
	}
	return {db, child, exited, port: key.port, secret: key.secret, auth, spawned, firstAccepted};
}
