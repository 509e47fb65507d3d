import {mkdirSync, writeFileSync} from 'node:fs';
import {createServer, request, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {withReader} from './helpers.js';
import {get, type RunningDaemon, serveHome, sleep, startServe} from './serve-helpers.js';

/** A record as the collector stand-in (an eyelet serve's OTLP receiver) stored it. */
export interface Collected {
	signal: 'log' | 'span';
	name: string;
	data: {
		attributes: Record<string, string | number | boolean>;
		traceId: string | null;
		spanId: string | null;
		parentSpanId?: string | null;
		status?: {code: number; message: string};
		resource: Record<string, string>;
		body?: string;
	};
}

export function collected(db: string): Collected[] {
	return withReader(db, reader =>
		reader.all<{signal: 'log' | 'span'; name: string; data: string}>("SELECT signal, name, data FROM telemetry WHERE signal IN ('log', 'span') ORDER BY id"),
	).map(row => ({signal: row.signal, name: row.name, data: JSON.parse(row.data)}));
}

export const countCollected = (db: string, signal: 'log' | 'span'): number =>
	withReader(db, reader => reader.value<number>('SELECT count(*) FROM telemetry WHERE signal = ?', [signal]) ?? 0);

export async function health(daemon: RunningDaemon): Promise<Record<string, any>> {
	return JSON.parse((await get(daemon.port, '/health', daemon.auth)).body);
}

/** An eyelet serve standing in for the team's collector: its OTLP receiver stores what arrives. */
export async function startCollector(t: {after: (fn: () => void) => void}, args: string[] = []) {
	const home = serveHome(t);
	const daemon = await startServe(home.env, home.db, args);
	t.after(() => daemon.child.kill('SIGKILL'));
	return {...home, daemon};
}

/** A machine whose daemon exports to `endpoint`: its own home, database and host name. */
export function exportingHome(t: {after: (fn: () => void) => void}, endpoint: string, otlp: Record<string, unknown>) {
	const home = serveHome(t);
	mkdirSync(join(home.env['XDG_CONFIG_HOME']!, 'eyelet'), {recursive: true});
	writeFileSync(join(home.env['XDG_CONFIG_HOME']!, 'eyelet', 'config.json'), JSON.stringify({export: {otlp: {endpoint, ...otlp}}}));
	return home;
}

export const bearer = (secret: string) => ({Authorization: `Bearer ${secret}`});

/** Polls an asynchronous check until it gives something, or fails after `ms`. */
export async function until<T>(check: () => Promise<T | null | false | undefined> | T | null | false | undefined, ms = 20_000, what = 'condition'): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(25);
	}
}

/** Waits until the daemon's export has every event up to `newestId` acknowledged, on each stream it runs. */
export function waitExported(daemon: RunningDaemon, newestId: number, ms = 20_000): Promise<Record<string, any>> {
	return until(
		async () => {
			const now = await health(daemon);
			const streams = now['export']?.streams as Array<{ackedId: number}> | undefined;
			return streams && streams.length > 0 && streams.every(stream => stream.ackedId >= newestId) ? now : null;
		},
		ms,
		`the export to reach event ${newestId}`,
	);
}

export interface ProxyRequest {
	path: string;
	at: number;
	answered: boolean;
}

/**
 * A small collector front of the test's own on loopback: `answer` may reply itself (a 429, say) or
 * return null to hand the request on to the real receiver at `target`.
 */
export async function startProxy(
	t: {after: (fn: () => void) => void},
	target: () => number,
	answer: (req: IncomingMessage, index: number) => {status: number; headers: Record<string, string>} | null,
	delayMs = 0,
): Promise<{port: number; requests: ProxyRequest[]; server: Server}> {
	const requests: ProxyRequest[] = [];
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const seen: ProxyRequest = {path: req.url ?? '', at: Date.now(), answered: false};
		const index = requests.push(seen) - 1;
		const chunks: Buffer[] = [];
		req.on('data', chunk => chunks.push(chunk));
		req.on('end', () => {
			const own = answer(req, index);
			if (own) {
				seen.answered = true;
				res.writeHead(own.status, own.headers).end();
				return;
			}
			const body = Buffer.concat(chunks);
			const {'transfer-encoding': _chunked, connection: _connection, ...forwarded} = req.headers;
			const headers = {...forwarded, host: `127.0.0.1:${target()}`, 'content-length': String(body.length)};
			const onward = request({host: '127.0.0.1', port: target(), path: req.url, method: req.method, headers}, upstream => {
				const reply: Buffer[] = [];
				upstream.on('data', chunk => reply.push(chunk));
				upstream.on('end', () =>
					setTimeout(() => {
						seen.answered = true;
						res.writeHead(upstream.statusCode ?? 502, upstream.headers).end(Buffer.concat(reply));
					}, delayMs),
				);
			});
			onward.on('error', () => res.writeHead(502).end());
			onward.end(body);
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	t.after(() => server.close());
	return {port: (server.address() as AddressInfo).port, requests, server};
}

/** A loopback port nothing listens on (bound, then let go). */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}
