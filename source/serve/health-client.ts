import {request} from 'node:http';
import type {ServeState} from '../settings/serve-file.js';

/** Asks a running eyelet serve how it is (GET /health, with the database's secret); null when it does not answer. */
export function fetchHealth(state: ServeState, secret: string, timeoutMs = 2_000): Promise<Record<string, unknown> | null> {
	return new Promise(done => {
		const req = request(
			{host: state.host, port: state.port, path: '/health', method: 'GET', headers: {authorization: `Bearer ${secret}`}, timeout: timeoutMs},
			res => {
				const chunks: Buffer[] = [];
				res.on('data', chunk => chunks.push(chunk));
				res.on('end', () => {
					try {
						done(res.statusCode === 200 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : null);
					} catch {
						done(null);
					}
				});
			},
		);
		req.on('timeout', () => req.destroy());
		req.on('error', () => done(null));
		req.end();
	});
}
