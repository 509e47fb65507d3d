// What the demo sessions say and do: shapes and texts taken from test/fixtures/ and real sessions.

export type Rng = () => number;

/** mulberry32: a small seeded generator, so a given seed always builds the same database. */
export function seededRng(seed: number): Rng {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const between = (rng: Rng, low: number, high: number) => low + Math.floor(rng() * (high - low + 1));
export const chance = (rng: Rng, probability: number) => rng() < probability;

/** A weighted choice: [weight, value] pairs. */
export function weighted<T>(rng: Rng, table: ReadonlyArray<readonly [number, T]>): T {
	const total = table.reduce((sum, [weight]) => sum + weight, 0);
	let roll = rng() * total;
	for (const [weight, value] of table) {
		roll -= weight;
		if (roll < 0) return value;
	}
	return table[table.length - 1]![1];
}

const hex = '0123456789abcdef';
export function uuid(rng: Rng): string {
	let out = '';
	for (let i = 0; i < 32; i++) out += hex[Math.floor(rng() * 16)];
	return `${out.slice(0, 8)}-${out.slice(8, 12)}-4${out.slice(13, 16)}-a${out.slice(17, 20)}-${out.slice(20)}`;
}

const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function toolUseId(rng: Rng): string {
	let out = 'toolu_01';
	for (let i = 0; i < 22; i++) out += base62[Math.floor(rng() * 62)];
	return out;
}

export function agentId(rng: Rng): string {
	let out = 'a';
	for (let i = 0; i < 16; i++) out += hex[Math.floor(rng() * 16)];
	return out;
}

export const projectNames = ['acme-api', 'webapp', 'billing-service', 'infra', 'mobile-app', 'docs-site', 'data-pipeline', 'auth-gateway'];
export const branches = ['main', 'feature/rate-limit', 'fix/login-redirect', 'feat/invoices-v2', 'chore/deps', 'refactor/session-store'];

export const prompts = [
	'Add rate limiting to the login endpoint and cover it with tests',
	'Why does the build fail on CI but not locally?',
	'Refactor the session store to use Redis',
	'Fix the flaky test in checkout.spec.ts',
	'Write a migration that adds an index on orders(created_at)',
	'Update the README with the new deploy steps',
	'Find where we leak file handles in the upload worker',
	'Bump express to v5 and fix whatever breaks',
	'Explain what the retry logic in src/queue/consumer.ts does',
	'Add a --dry-run flag to the prune script',
	'The dashboard is slow: profile the /api/stats handler',
	'Review the diff on this branch and list risky changes',
];

export const longPrompt = [
	'Here is the stack trace from production, please find the cause:',
	'',
	"TypeError: Cannot read properties of undefined (reading 'id')",
	'    at InvoiceService.finalize (/srv/app/src/billing/invoice.ts:142:31)',
	'    at async Promise.all (index 3)',
	'    at async BillingWorker.run (/srv/app/src/billing/worker.ts:58:7)',
	'',
	"It started after yesterday's deploy. The only billing change was the currency rounding fix.",
].join('\n');

export const sourceFiles = [
	'src/app.ts',
	'src/routes/login.ts',
	'src/routes/orders.ts',
	'src/middleware/rateLimit.ts',
	'src/db/pool.ts',
	'src/billing/invoice.ts',
	'src/billing/worker.ts',
	'src/queue/consumer.ts',
	'test/login.test.ts',
	'test/checkout.spec.ts',
	'package.json',
	'README.md',
	'migrations/0042-orders-index.sql',
	'src/lib/retry.ts',
	'src/config.ts',
];

export const bashCommands = [
	'npm test',
	'git status --short',
	'git diff --stat',
	'npm run build',
	'npm run lint',
	'ls -la src',
	'git log --oneline -10',
	'npx tsc --noEmit',
	'grep -rn "TODO" src/',
	'npm install --save-dev supertest',
	'docker compose ps',
	'node scripts/seed.js',
	'cat package.json | jq .scripts',
	'pytest -q tests/',
];

export const bashFailures: ReadonlyArray<readonly [string, string]> = [
	[
		'npm test',
		'Exit code 1\nFAIL test/login.test.ts\n  ● login › rejects the 11th attempt in a minute\n    expect(received).toBe(expected)\n    Expected: 429\n    Received: 200',
	],
	['ls /definitely/not/here', "Exit code 2\nls: cannot access '/definitely/not/here': No such file or directory"],
	["psql -h localhost -c 'select 1'", 'Exit code 2\npsql: error: connection to server at "localhost" (127.0.0.1), port 5432 failed: Connection refused'],
	['npx tsc --noEmit', "Exit code 2\nsrc/routes/orders.ts(88,14): error TS2339: Property 'total' does not exist on type 'Order'."],
	['npm run build', "Exit code 1\nError: Cannot find module 'express'\nRequire stack:\n- /srv/app/src/app.ts"],
	['git push origin HEAD', "Exit code 128\nfatal: could not read Username for 'https://github.com': terminal prompts disabled"],
	['docker compose up -d db', 'Exit code 1\nError response from daemon: driver failed programming external connectivity: port 5432 is already allocated'],
];

export const readFailures = [
	'File does not exist. Note: your current working directory is {cwd}.',
	'File content (312.4KB) exceeds maximum allowed size (256KB). Please use offset and limit parameters to read specific portions of the file, or use the GrepTool to search for specific content.',
];

export const webFailures = ['Request failed with status code 404', 'getaddrinfo ENOTFOUND docs.internal.example', 'Request failed with status code 503'];

export const agentTypes = ['general-purpose', 'Explore', 'code-reviewer', 'test-runner'];
export const agentTasks = ['Check the files', 'Find all callers of finalize()', 'Review the migration', 'Run the slow test suite', 'Map the queue consumers'];

export const assistantEndings = [
	'All done.',
	'The tests pass now.',
	'I added the index and a migration; the query plan now uses it.',
	'Rate limiting is in place: 10 attempts per minute per IP, with tests.',
	'The flaky test waited on a timer; it now uses fake timers.',
];

/** A long test log, sometimes coloured the way real tools colour it (escape sequences in the payload). */
function makeTestLog(rng: Rng, lines: number, coloured: boolean): string {
	const out: string[] = [];
	const pass = coloured ? '\u001b[32m✓\u001b[39m' : '✓';
	for (let i = 0; i < lines; i++) out.push(`  ${pass} ${pick(rng, ['login', 'orders', 'billing', 'queue', 'auth'])} › case ${i} (${between(rng, 1, 90)} ms)`);
	out.push('', `Tests: ${lines} passed, ${lines} total`, `Time:   ${(rng() * 20 + 1).toFixed(2)} s`);
	return out.join('\n');
}

function makeFileContent(rng: Rng, lines: number): string {
	const out: string[] = [];
	for (let i = 1; i <= lines; i++)
		out.push(
			`${String(i).padStart(6)}\t${pick(rng, ['import {Router} from "express";', 'export async function handler(req, res) {', '  const rows = await db.query(sql, [req.params.id]);', '  return res.json(rows);', '}', '// TODO: paginate', ''])}`,
		);
	return out.join('\n');
}

// Long texts are drawn from pools built once: generating them per event cost more than recording them.
const poolRng = seededRng(7);
const testLogs = [20, 35, 60, 90, 120, 600].flatMap(lines => [makeTestLog(poolRng, lines, false), makeTestLog(poolRng, lines, true)]);
const fileContents = [5, 12, 20, 30, 40, 60, 80, 400, 800].map(lines => makeFileContent(poolRng, lines));

/** A test run's output: usually tens of lines, now and then hundreds (several KB). */
export const testLog = (rng: Rng) => (chance(rng, 0.1) ? pick(rng, testLogs.slice(-2)) : pick(rng, testLogs.slice(0, -2)));
/** A file as Read returns it: usually short, now and then long. */
export const fileContent = (rng: Rng) => (chance(rng, 0.04) ? pick(rng, fileContents.slice(-2)) : pick(rng, fileContents.slice(0, -2)));

/** The user's own hooks the demo sessions run, and how each fails now and then (as Claude Code writes it into the transcript). */
export const demoHooks = {
	guard: {
		command: '~/.claude/hooks/guard.sh',
		refusals: ['guard: `git push` needs a review first', 'guard: writes outside the project are blocked', 'guard: curl to unknown hosts is not allowed'],
	},
	lint: {command: '~/.claude/hooks/lint.sh', problems: (rng: Rng, file: string) => `lint: ${between(rng, 1, 7)} problems in ${file}`},
	notify: {command: '~/.claude/hooks/notify.sh', stderr: '~/.claude/hooks/notify.sh: line 4: jq: command not found'},
} as const;
