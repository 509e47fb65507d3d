import {type ChildProcess, spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {Agent, request} from 'node:http';
import {join} from 'node:path';
import {cli, isolatedEnv, tempDir} from './helpers.js';

/** A daemon's port and secret, read from the files it (or install) wrote beside the database. */
export function serveKey(db: string): {port: number; secret: string} {
	return JSON.parse(readFileSync(`${db}.serve.json`, 'utf8'));
}

export function serveState(db: string): {pid: number; port: number} | null {
	try {
		return JSON.parse(readFileSync(`${db}.serve.pid`, 'utf8'));
	} catch {
		return null;
	}
}

export interface Posted {
	status: number;
	body: string;
}

export const keepAlive = new Agent({keepAlive: true, maxSockets: 64});

/** POSTs a body as Claude Code's http hook does (application/json), with the given headers. */
export function post(port: number, body: string | Buffer, headers: Record<string, string> = {}, path = '/hook'): Promise<Posted> {
	return new Promise((resolve, reject) => {
		const req = request(
			{
				host: '127.0.0.1',
				port,
				path,
				method: 'POST',
				agent: keepAlive,
				headers: {'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers},
			},
			res => {
				const chunks: Buffer[] = [];
				res.on('data', chunk => chunks.push(chunk));
				res.on('end', () => resolve({status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8')}));
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

export function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Posted> {
	return new Promise((resolve, reject) => {
		const req = request({host: '127.0.0.1', port, path, method: 'GET', headers}, res => {
			const chunks: Buffer[] = [];
			res.on('data', chunk => chunks.push(chunk));
			res.on('end', () => resolve({status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8')}));
		});
		req.on('error', reject);
		req.end();
	});
}

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Polls until `check` returns something other than null/false, or fails after `ms`. */
export async function waitFor<T>(check: () => T | null | false | undefined, ms = 10_000, what = 'condition'): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(20);
	}
}

export interface RunningDaemon {
	child: ChildProcess;
	port: number;
	secret: string;
	auth: Record<string, string>;
	exited: Promise<number | null>;
	hook(body: string | Buffer): Promise<Posted>;
}

/** Starts `eyelet serve` as a real child process of the built binary and waits until it listens. */
export async function startServe(env: NodeJS.ProcessEnv, db: string, args: string[] = []): Promise<RunningDaemon> {
	const child = spawn(process.execPath, [cli, 'serve', '--db', db, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']});
	const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
	await waitFor(() => serveState(db)?.pid === child.pid || child.exitCode !== null, 10_000, 'eyelet serve to listen');
	if (child.exitCode !== null) throw new Error(`eyelet serve exited with ${child.exitCode}`);
	const {port, secret} = serveKey(db);
	const auth = {authorization: `Bearer ${secret}`};
	return {child, port, secret, auth, exited, hook: body => post(port, body, auth)};
}

/** A temporary home with eyelet's data folder in it, and the database path there. */
export function serveHome(t: {after: (fn: () => void) => void}) {
	const home = tempDir(t);
	const env = isolatedEnv(home);
	const db = join(home, 'data', 'eyelet', 'events.db');
	return {home, env, db};
}
