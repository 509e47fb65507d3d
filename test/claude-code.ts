import {spawn} from 'node:child_process';
import {cpSync, mkdirSync, readFileSync, realpathSync, symlinkSync} from 'node:fs';
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

/** The command hooks Claude Code would run for a payload: the event's groups whose matcher accepts the tool. */
export function commandsFor(settings: Record<string, any>, payload: Record<string, any>): string[] {
	const groups: any[] = settings['hooks']?.[payload['hook_event_name']] ?? [];
	return groups
		.filter(group => {
			const matcher = group.matcher;
			if (matcher === undefined || matcher === '' || matcher === '*') return true;
			return new RegExp(`^(?:${matcher})$`).test(payload['tool_name'] ?? '');
		})
		.flatMap(group => group.hooks.filter((hook: any) => (hook.type ?? 'command') === 'command').map((hook: any) => hook.command as string));
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

/** Runs every payload's hooks, a few at a time (as parallel sessions would), and returns every run. */
export async function runSession(
	settings: Record<string, any>,
	payloads: readonly string[],
	options: {cwd: string; env: NodeJS.ProcessEnv},
	parallel = 3,
): Promise<HookRun[]> {
	const jobs = payloads.flatMap(payload => commandsFor(settings, JSON.parse(payload)).map(command => ({command, payload})));
	const runs: HookRun[] = [];
	let next = 0;
	const worker = async () => {
		while (next < jobs.length) {
			const job = jobs[next++]!;
			runs.push(await runHook(job.command, job.payload, options));
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
