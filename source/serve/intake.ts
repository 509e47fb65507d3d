import {timingSafeEqual} from 'node:crypto';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {otlpBodyLimit, otlpPaths, type Signal} from './otlp/model.js';
import {type Answer, type Encoding, encodingOf, statusAnswer} from './otlp/response.js';

/**
 * The HTTP door of `eyelet serve`: Claude Code's `http` hooks POST each payload to /hook, exactly the
 * JSON a command hook reads on stdin; its OpenTelemetry export POSTs to /v1/logs, /v1/traces and
 * /v1/metrics (OTLP/HTTP, JSON or protobuf), with the same secret. It only takes requests in (the receiver of a collector's
 * receiver → processor → exporter pipeline): who may send, how much is read, what is answered.
 * Turning bytes into rows and writing them is the caller's.
 */

export interface IntakeRoutes {
	/** One hook payload: resolves once its row is committed or spooled, never rejects. */
	hook(body: Buffer, total: number): Promise<void>;
	health(): unknown;
	/** One OTLP export request: resolves with the answer (success, partial success or a Status), never rejects. */
	otlp(signal: Signal, encoding: Encoding, contentEncoding: string | undefined, body: Buffer): Promise<Answer>;
}

export interface IntakeOptions {
	/** Every request must carry `Authorization: Bearer <secret>`. */
	secret: string;
	/** Host header values accepted (`127.0.0.1:PORT`, `localhost:PORT`, ...): a page that rebinds its own name to 127.0.0.1 is refused. */
	hosts: ReadonlySet<string>;
	/** Bytes of a body that are kept; the rest is counted and dropped, as the recorder does with stdin. */
	keepLimit: number;
}

const empty = Buffer.alloc(0);

function reply(res: ServerResponse, status: number, body: string | Buffer = empty, type = 'text/plain; charset=utf-8'): void {
	res.writeHead(status, {'content-type': type, 'content-length': Buffer.byteLength(body)});
	res.end(body);
}

/** Constant-time comparison, so the secret cannot be guessed a byte at a time from response times. */
function authorized(header: string | undefined, secret: Buffer): boolean {
	if (!header?.startsWith('Bearer ')) return false;
	const given = Buffer.from(header.slice('Bearer '.length).trim());
	return given.length === secret.length && timingSafeEqual(given, secret);
}

/** Reads a body, keeping at most `limit` bytes; resolves with null when the client goes away first. */
function readBody(req: IncomingMessage, limit: number): Promise<{bytes: Buffer; total: number} | null> {
	return new Promise(resolve => {
		const chunks: Buffer[] = [];
		let kept = 0;
		let total = 0;
		req.on('data', (chunk: Buffer) => {
			total += chunk.length;
			if (kept >= limit) return;
			const take = chunk.length <= limit - kept ? chunk : chunk.subarray(0, limit - kept);
			chunks.push(take);
			kept += take.length;
		});
		req.on('end', () => resolve({bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, kept), total}));
		req.on('error', () => resolve(null));
		req.on('aborted', () => resolve(null));
	});
}

/** Refuses a request without reading its body: the connection is closed after the answer. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
	res.setHeader('connection', 'close');
	reply(res, status, `${text}\n`);
	req.resume();
}

/** An OTLP request's refusal: a google.rpc.Status in the request's encoding (JSON when it named neither). */
function refuseOtlp(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
	const answer = statusAnswer(status, encodingOf(req.headers['content-type']) ?? 'json', `eyelet serve: ${message}`);
	res.setHeader('connection', 'close');
	reply(res, answer.status, answer.body, answer.type);
	req.resume();
}

function otlpRequest(req: IncomingMessage, res: ServerResponse, signal: Signal, routes: IntakeRoutes): void {
	if (req.method !== 'POST') return void refuseOtlp(req, res, 405, 'POST an OTLP export request here');
	const encoding = encodingOf(req.headers['content-type']);
	if (!encoding) return void refuseOtlp(req, res, 415, 'send application/x-protobuf or application/json');
	readBody(req, otlpBodyLimit).then(async body => {
		if (!body) return;
		const answer =
			body.total > otlpBodyLimit
				? statusAnswer(413, encoding, `eyelet serve: the body is larger than ${otlpBodyLimit} bytes`)
				: await routes.otlp(signal, encoding, req.headers['content-encoding'], body.bytes);
		if (!res.destroyed) reply(res, answer.status, answer.body, answer.type);
	});
}

export function createIntake(options: IntakeOptions, routes: IntakeRoutes): Server {
	const secret = Buffer.from(options.secret);
	const server = createServer({keepAliveTimeout: 65_000, headersTimeout: 10_000, requestTimeout: 60_000}, (req, res) => {
		const path = (req.url ?? '/').split('?')[0] ?? '/';
		const signal = otlpPaths.get(path);
		if (!options.hosts.has((req.headers.host ?? '').toLowerCase()))
			return signal ? refuseOtlp(req, res, 403, 'this host name is not served') : refuse(req, res, 403, 'eyelet serve: this host name is not served');
		if (!authorized(req.headers.authorization, secret))
			return signal ? refuseOtlp(req, res, 401, 'missing or wrong secret') : refuse(req, res, 401, 'eyelet serve: missing or wrong secret');
		if (signal) return otlpRequest(req, res, signal, routes);
		if (path === '/hook') {
			if (req.method !== 'POST') return refuse(req, res, 405, 'eyelet serve: POST a hook payload here');
			readBody(req, options.keepLimit).then(async body => {
				// A client that went away mid-body was never answered, so nothing it sent was acknowledged.
				if (!body) return;
				await routes.hook(body.bytes, body.total);
				// 200 with no body: "no decision" to Claude Code, whatever the payload was.
				if (!res.destroyed) reply(res, 200);
			});
			return;
		}
		if (path === '/health' && req.method === 'GET') return reply(res, 200, `${JSON.stringify(routes.health())}\n`, 'application/json');
		refuse(req, res, 404, 'eyelet serve: not found');
	});
	// An idle keep-alive connection must not hold a shutdown open.
	server.on('clientError', (_error, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
		else socket.destroy();
	});
	return server;
}

/** The Host header values a daemon listening on host:port answers to. */
export function servedHosts(host: string, port: number): Set<string> {
	const names = new Set([`${host}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
	return new Set([...names].map(name => name.toLowerCase()));
}
