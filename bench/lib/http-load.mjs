// A loopback HTTP load generator, run as its own process so it has a core of its own: CLIENTS loops,
// each POSTing EVENTS payloads one after the other over a keep-alive connection, as a Node client
// (Claude Code's http hooks) does. Prints one JSON line: rate, latency percentiles, what was answered.
//   node http-load.mjs PORT SECRET CLIENTS EVENTS PAYLOADS.jsonl [SESSION_PREFIX]
import {readFileSync} from 'node:fs';
import {Agent, request} from 'node:http';

const [port, secret, clients, events, file, prefix = 'load'] = process.argv.slice(2);
const payloads = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const agent = new Agent({keepAlive: true, maxSockets: Number(clients)});
const latencies = [];
const acknowledged = [];
let failed = 0;

function post(body) {
	return new Promise(resolve => {
		const started = performance.now();
		const req = request(
			{
				host: '127.0.0.1',
				port: Number(port),
				path: '/hook',
				method: 'POST',
				agent,
				headers: {'content-type': 'application/json', authorization: `Bearer ${secret}`, 'content-length': Buffer.byteLength(body)},
			},
			res => {
				res.resume();
				res.on('end', () => {
					latencies.push(performance.now() - started);
					resolve(res.statusCode === 200);
				});
			},
		);
		req.on('error', () => resolve(false));
		req.end(body);
	});
}

const started = performance.now();
await Promise.all(
	Array.from({length: Number(clients)}, async (_, client) => {
		for (let i = 0; i < Number(events); i++) {
			const payload = JSON.parse(payloads[(client * Number(events) + i) % payloads.length]);
			const id = `${prefix}-${client}-${i}`;
			payload.session_id = `${prefix}-${client}`;
			payload.eyelet_bench_id = id;
			if (await post(JSON.stringify(payload))) acknowledged.push(id);
			else failed++;
		}
	}),
);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = p => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
agent.destroy();
console.log(
	JSON.stringify({
		sent: Number(clients) * Number(events),
		acknowledged: acknowledged.length,
		failed,
		seconds,
		rate: acknowledged.length / seconds,
		p50: at(50),
		p99: at(99),
		ids: process.env.LOAD_IDS ? acknowledged : undefined,
	}),
);
