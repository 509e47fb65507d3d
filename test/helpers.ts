import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {openReader, type ReadDb} from '../source/store/db.js';

/** The repository root (tests run from .build/test/). */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = join(root, 'dist', 'cli.cjs');
export const fixtures = join(root, 'test', 'fixtures');

/** A fresh temporary directory, removed when the test ends, with any `eyelet serve` started for a database in it. */
export function tempDir(t: {after: (fn: () => void) => void}, prefix = 'eyelet-test-'): string {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	t.after(() => {
		stopDaemons(dir);
		rmSync(dir, {recursive: true, force: true});
	});
	return dir;
}

/** Kills every daemon whose state file (`<db>.serve.pid`) lies under dir: install and SessionStart start them detached. */
export function stopDaemons(dir: string): void {
	for (const name of readdirSync(dir, {recursive: true}) as string[]) {
		if (!name.endsWith('.serve.pid')) continue;
		try {
			process.kill((JSON.parse(readFileSync(join(dir, name), 'utf8')) as {pid: number}).pid, 'SIGKILL');
		} catch {
			// gone already
		}
	}
}

/** An environment that keeps eyelet away from the real home, config and data directories. */
export function isolatedEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const {CLAUDE_PROJECT_DIR: _project, EYELET_DB: _db, ...rest} = process.env;
	return {...rest, HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config'), NO_COLOR: '1', ...extra};
}

export interface CliResult {
	status: number | null;
	stdout: string;
	stderr: string;
}

/**
 * Runs the built binary once, synchronously, with `input` on stdin. `killAfterMs` guards a test against
 * a hang it is about (the child is killed and the status is null); it never measures anything.
 */
export function runCli(args: string[], options: {input?: string | Buffer; env: NodeJS.ProcessEnv; cwd?: string; killAfterMs?: number}): CliResult {
	const result = spawnSync(process.execPath, [cli, ...args], {
		input: options.input ?? '',
		env: options.env,
		cwd: options.cwd ?? root,
		maxBuffer: 256 * 1024 * 1024,
		...(options.killAfterMs ? {timeout: options.killAfterMs, killSignal: 'SIGKILL' as const} : {}),
	});
	return {status: result.status, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8')};
}

/** Runs the built binary as a child process and resolves when it exits. */
export function runCliAsync(args: string[], options: {input?: string | Buffer; env: NodeJS.ProcessEnv}): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cli, ...args], {env: options.env, stdio: ['pipe', 'pipe', 'pipe']});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', chunk => out.push(chunk));
		child.stderr.on('data', chunk => err.push(chunk));
		child.on('error', reject);
		child.on('close', status => resolve({status, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString()}));
		child.stdin.end(options.input ?? '');
	});
}

/** Lines of a fixture file, without blank ones. */
export function fixtureLines(name: string): string[] {
	return readFileSync(join(fixtures, name), 'utf8')
		.split('\n')
		.filter(line => line.trim() !== '');
}

/** Parses `eyelet query --format jsonl` output. */
export function parseJsonl(text: string): Array<Record<string, any>> {
	return text
		.split('\n')
		.filter(Boolean)
		.map(line => JSON.parse(line));
}

export function withReader<T>(path: string, fn: (db: ReadDb) => T): T {
	const db = openReader(path);
	try {
		return fn(db);
	} finally {
		db.close();
	}
}

/** Runs `eyelet record` once per payload, a few at a time, and returns the results in input order. */
export async function recordAll(payloads: Array<string | Buffer>, options: {env: NodeJS.ProcessEnv; args?: string[]; parallel?: number}): Promise<CliResult[]> {
	const results: CliResult[] = new Array(payloads.length);
	let next = 0;
	const worker = async () => {
		while (next < payloads.length) {
			const index = next++;
			results[index] = await runCliAsync(['record', ...(options.args ?? [])], {input: payloads[index]!, env: options.env});
		}
	};
	await Promise.all(Array.from({length: options.parallel ?? 4}, worker));
	return results;
}

/** Polls an Ink test render's last frame until `wanted` holds and returns it; fails with the frame after 15 s. */
export async function waitForFrame(frame: () => string | undefined, wanted: (text: string) => boolean, what: string): Promise<string> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const text = frame() ?? '';
		if (wanted(text)) return text;
		if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last frame:\n${text}`);
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

/** The unprivileged user `.ci/run` creates for tests that need a second uid. */
export const otherUserName = 'eyelet-test';

/**
 * The second user's uid and gid, or why a test that needs one must skip: tests run as root here and
 * drop to that user with setpriv.
 */
export const otherUser: {uid: number; gid: number} | {skip: string} = (() => {
	if (process.getuid?.() !== 0) return {skip: 'needs root, to act as a second user (setpriv)'};
	const id = (flag: string) => spawnSync('id', [flag, otherUserName], {encoding: 'utf8'});
	const uid = id('-u');
	if (uid.status !== 0) return {skip: `no user ${otherUserName}: .ci/run creates it (useradd)`};
	if (spawnSync('setpriv', ['--version']).status !== 0) return {skip: 'setpriv is missing'};
	return {uid: Number(uid.stdout.trim()), gid: Number(id('-g').stdout.trim())};
})();

/** Runs node with a script as the second user (setpriv drops root's uid, gid and groups); throws when it fails. */
export function asOtherUser(user: {uid: number; gid: number}, script: string, args: string[]): void {
	const result = spawnSync(
		'setpriv',
		[`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', process.execPath, '--input-type=module', '-e', script, ...args],
		{encoding: 'utf8', cwd: '/'},
	);
	assert.equal(result.status, 0, `as ${otherUserName}: ${result.stderr}`);
}
