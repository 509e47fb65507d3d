import {readFileSync} from 'node:fs';
import {request} from 'node:http';
import {join} from 'node:path';
import {fixtures} from './helpers.js';
import {keepAlive} from './serve-helpers.js';

/** One OTLP/HTTP request of the real client's capture (test/fixtures/otlp/README.md). */
export interface CapturedRequest {
	path: string;
	type: string;
	body: Buffer;
}

export function capture(name: 'claude-code-otlp.jsonl' | 'claude-code-otlp-protobuf.jsonl'): CapturedRequest[] {
	return readFileSync(join(fixtures, 'otlp', name), 'utf8')
		.split('\n')
		.filter(Boolean)
		.map(line => {
			const entry = JSON.parse(line) as {path: string; type: string; body: unknown};
			const body = entry.type.includes('protobuf') ? Buffer.from(entry.body as string, 'base64') : Buffer.from(JSON.stringify(entry.body));
			return {path: entry.path, type: entry.type, body};
		});
}

export interface ClientTotals {
	session_id: string;
	total_cost_usd: number;
	modelUsage: Record<string, {inputTokens: number; outputTokens: number; cacheReadInputTokens: number; costUSD: number}>;
}

export const clientTotals = (): ClientTotals[] => JSON.parse(readFileSync(join(fixtures, 'otlp', 'client-totals.json'), 'utf8'));

export interface OtlpAnswer {
	status: number;
	type: string;
	body: Buffer;
}

/** POSTs an OTLP request as the client's exporter does. */
export function postOtlp(port: number, path: string, type: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<OtlpAnswer> {
	return new Promise((resolve, reject) => {
		const req = request(
			{host: '127.0.0.1', port, path, method: 'POST', agent: keepAlive, headers: {'content-type': type, 'content-length': Buffer.byteLength(body), ...headers}},
			res => {
				const chunks: Buffer[] = [];
				res.on('data', chunk => chunks.push(chunk));
				res.on('end', () => resolve({status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks)}));
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

/** Sends every request of a capture, in order; fails on the first that is not answered 200. */
export async function replay(port: number, auth: Record<string, string>, requests: readonly CapturedRequest[]): Promise<void> {
	for (const [index, entry] of requests.entries()) {
		const answer = await postOtlp(port, entry.path, entry.type, entry.body, auth);
		if (answer.status !== 200) throw new Error(`request ${index} (${entry.path}) answered ${answer.status}: ${answer.body.toString()}`);
	}
}
