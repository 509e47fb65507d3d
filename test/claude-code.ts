import {spawn} from 'node:child_process';
import {cpSync, mkdirSync, readFileSync, realpathSync, symlinkSync} from 'node:fs';
import {request} from 'node:http';
import {join} from 'node:path';
import {root} from './helpers.js';

/** What Claude Code does with the hooks in a settings file, as far as eyelet's tests need it. */

export interface HookRun {
	command: string;
	status: number | null;
	stdout: string;
	stderr: string;
}

export function readJson(path: string): Record<string, any> {
	return JSON.parse(readFileSync(path, 'utf8'));
}

/** The hooks Claude Code would run for a payload: those of the event's groups whose matcher accepts the tool. */
export function hooksFor(settings: Record<string, any>, payload: Record<string, any>): any[] {
	const groups: any[] = settings['hooks']?.[payload['hook_event_name']] ?? [];
	return groups
		.filter(group => {
			const matcher = group.matcher;
			if (matcher === undefined || matcher === '' || matcher === '*') return true;
			return new RegExp(`^(?:${matcher})$`).test(payload['tool_name'] ?? '');
		})
		.flatMap(group => group.hooks);
}

/** The command hooks Claude Code would run for a payload. */
export function commandsFor(settings: Record<string, any>, payload: Record<string, any>): string[] {
	return hooksFor(settings, payload)
		.filter((hook: any) => (hook.type ?? 'command') === 'command')
		.map((hook: any) => hook.command as string);
}

/**
 * Runs an http hook as Claude Code does: POST the payload as application/json to its URL, with its
 * headers. Like Claude Code, a delivery that fails (nothing listening) is a failed run, not a crash.
 */
export function runHttpHook(hook: {url: string; headers?: Record<string, string>}, payload: string): Promise<HookRun> {
	return new Promise(resolve => {
		const url = new URL(hook.url);
		const req = request(
			{host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: {'content-type': 'application/json', ...hook.headers}},
			res => {
				const chunks: Buffer[] = [];
				res.on('data', chunk => chunks.push(chunk));
				res.on('end', () => resolve({command: hook.url, status: res.statusCode ?? null, stdout: Buffer.concat(chunks).toString(), stderr: ''}));
			},
		);
		req.on('error', error => resolve({command: hook.url, status: null, stdout: '', stderr: error.message}));
		req.end(payload);
	});
}

/** Runs a hook command as Claude Code does: `sh -c <command>` in the project, the payload on stdin. */
export function runHook(command: string, payload: string, options: {cwd: string; env: NodeJS.ProcessEnv}): Promise<HookRun> {
	return new Promise((resolve, reject) => {
		const child = spawn('/bin/sh', ['-c', command], {
			cwd: options.cwd,
			env: {...options.env, CLAUDE_PROJECT_DIR: options.cwd},
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', chunk => out.push(chunk));
		child.stderr.on('data', chunk => err.push(chunk));
		child.on('error', reject);
		child.on('close', status => resolve({command, status, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString()}));
		child.stdin.end(payload);
	});
}

/**
 * Runs every payload's hooks and returns every run. A session's events run one after the other, in
 * order, as Claude Code fires them (its SessionStart is done before its first prompt); sessions run
 * a few at a time, as parallel sessions would.
 */
export async function runSession(
	settings: Record<string, any>,
	payloads: readonly string[],
	options: {cwd: string; env: NodeJS.ProcessEnv},
	parallel = 3,
): Promise<HookRun[]> {
	const sessions = new Map<string, Array<{hook: any; payload: string}>>();
	for (const payload of payloads) {
		const parsed = JSON.parse(payload);
		const jobs = sessions.get(parsed.session_id) ?? [];
		sessions.set(parsed.session_id, jobs);
		for (const hook of hooksFor(settings, parsed)) jobs.push({hook, payload});
	}
	const queue = [...sessions.values()];
	const runs: HookRun[] = [];
	const worker = async () => {
		for (let jobs = queue.shift(); jobs; jobs = queue.shift()) {
			for (const {hook, payload} of jobs) runs.push(await (hook.type === 'http' ? runHttpHook(hook, payload) : runHook(hook.command, payload, options)));
		}
	};
	await Promise.all(Array.from({length: parallel}, worker));
	return runs;
}

/** A copy of the built package at `dir` (dist, migrations, package.json; node_modules linked), to run eyelet from another path. */
export function copyPackage(dir: string): string {
	mkdirSync(dir, {recursive: true});
	for (const part of ['dist', 'migrations', 'package.json']) cpSync(join(root, part), join(dir, part), {recursive: true});
	symlinkSync(realpathSync(join(root, 'node_modules')), join(dir, 'node_modules'));
	return join(dir, 'dist', 'cli.cjs');
}
