import assert from 'node:assert/strict';
import {spawnSync, type SpawnSyncReturns} from 'node:child_process';
import {cli} from './helpers.js';

/** The skip reason for tests that need tmux, or false when it is installed. */
export const noTmux: string | false = spawnSync('tmux', ['-V']).status !== 0 ? 'tmux is not installed' : false;

/** The tmux session every terminal runs in (each on its own server). */
export const pane = 'term';

export interface Terminal {
	/** A tmux command on this terminal's own server; target the session as `-t pane`. */
	tmux(...args: string[]): SpawnSyncReturns<string>;
	screen(): string;
	keys(...names: string[]): void;
	/**
	 * Polls the screen until `wanted` holds and returns it; fails with the last screen after `timeoutMs`.
	 * EYELET_TEST_SCREENS=1 prints every screen a test waited for.
	 */
	waitFor(wanted: (text: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
}

let opened = 0;

/**
 * A real terminal: a detached tmux session of `width`x`height` on a private server, removed after the
 * test. It runs `command`, a shell line that finds the built binary as "$EYELET_CLI" and gets `env`;
 * then it prints "EXITED <code>" and stays, so a test can read how the command ended and what it left.
 */
export function openTerminal(
	t: {after: (fn: () => void) => void},
	{command, env = {}, width = 80, height = 24, cwd}: {command: string; env?: Record<string, string>; width?: number; height?: number; cwd?: string},
): Terminal {
	const socket = `eyelet-test-${process.pid}-${++opened}`;
	const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	t.after(() => tmux('kill-server'));
	const variables = Object.entries({EYELET_CLI: cli, ...env}).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
	const started = tmux(
		'new-session',
		'-d',
		'-s',
		pane,
		'-x',
		String(width),
		'-y',
		String(height),
		...(cwd ? ['-c', cwd] : []),
		...variables,
		`${command}; echo "EXITED $?"; exec sleep 600`,
	);
	assert.equal(started.status, 0, started.stderr);
	const screen = () => tmux('capture-pane', '-p', '-t', pane).stdout;
	return {
		tmux,
		screen,
		keys: (...names) => assert.equal(tmux('send-keys', '-t', pane, ...names).status, 0),
		async waitFor(wanted, what, timeoutMs = 20_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const text = screen();
				if (wanted(text)) {
					if (process.env['EYELET_TEST_SCREENS']) console.log(`--- ${what} ---\n${text}`);
					return text;
				}
				if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; screen:\n${text}`);
				await new Promise(resolve => setTimeout(resolve, 40));
			}
		},
	};
}
