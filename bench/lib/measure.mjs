// Small helpers shared by the benchmarks: timing whole processes, percentiles, the Python peers.
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, rmSync} from 'node:fs';
import {cpus} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = join(root, 'dist', 'cli.cjs');
export const sharedBench = resolve(root, '..', 'shared', 'bench');

/** The Python peer script, or null (with a clear line) when ../shared/bench is not beside this clone. */
export function peer(name) {
	const path = join(sharedBench, name);
	if (existsSync(path)) return path;
	console.log(`peer not available: ${path} is missing (it lives in ../shared/bench beside the project); peer figures skipped`);
	return null;
}

/**
 * The Python interpreter itself: `python3` on PATH may be a version-manager shim (pyenv's adds ~300 ms
 * to every start), which would make the peer look slower than it is.
 */
export const python = (() => {
	const found = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], {encoding: 'utf8'});
	return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : 'python3';
})();

export function workDir(name) {
	const dir = join(root, 'bench', '.work', `${name}-${process.pid}`);
	rmSync(dir, {recursive: true, force: true});
	mkdirSync(dir, {recursive: true});
	return dir;
}

export const percentile = (values, p) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
export const median = values => percentile(values, 50);
export const sleep = milliseconds => new Promise(resolve => setTimeout(resolve, milliseconds));
export const ms = value => `${value.toFixed(1)} ms`;

/** Wall time of one run of a command, synchronously, with `input` on stdin. */
export function timeOnce(command, args, {input = '', env = process.env} = {}) {
	const start = process.hrtime.bigint();
	const result = spawnSync(command, args, {input, env});
	const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
	return {elapsed, status: result.status, stdout: result.stdout?.length ?? 0, stderr: result.stderr?.toString() ?? ''};
}

/** Runs a command as a child process and resolves with its wall time, exit code and stdout size. */
export function timeAsync(command, args, {input = '', env = process.env} = {}) {
	return new Promise(done => {
		const start = process.hrtime.bigint();
		const child = spawn(command, args, {env, stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = 0;
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += chunk.length));
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('close', status => done({elapsed: Number(process.hrtime.bigint() - start) / 1e6, status, stdout, stderr}));
		child.stdin.on('error', () => {});
		child.stdin.end(input);
	});
}

export function machine() {
	return `${cpus().length} cores (${cpus()[0]?.model?.trim() ?? 'unknown cpu'}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}
