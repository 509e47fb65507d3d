import {loadConfig} from '../settings/config.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {dbFlag, resolveDbPath} from './shared.js';

/** --interval, else the config's tui.interval (500 ms by default). */
export function pollInterval(flags: Record<string, unknown>): number {
	const flag = flags['interval'];
	if (flag === undefined) return loadConfig().config.tui.interval;
	const ms = Number(flag);
	if (!Number.isInteger(ms) || ms < 20 || ms > 60_000) throw new UserError('--interval must be a whole number of milliseconds between 20 and 60000');
	return ms;
}

/** Checks for a terminal and selects React's production build (the development one renders several times slower). */
export function requireTerminal(): void {
	if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UserError('the live viewer needs a terminal; for scripts use `eyelet query`');
	process.env['NODE_ENV'] ??= 'production';
}

/**
 * The viewer, from the single-file bundle the build makes (dist/tui.mjs: loads in ~0.3 s instead of
 * ~1.5 s for Ink's hundreds of modules), or from the modules themselves when the bundle is absent.
 */
export async function loadTui(): Promise<typeof import('../tui/run.js')> {
	// Ink renders only the last frame when it thinks it runs in CI (a CI variable is set, read once
	// when Ink loads). On a real terminal the viewer is interactive whatever the environment says:
	// without this, `CI=true eyelet tui` shows a blank screen until it exits.
	if (process.stdout.isTTY) process.env['CI'] = 'false';
	try {
		return (await import(new URL('../tui.mjs', import.meta.url).href)) as typeof import('../tui/run.js');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
		return import('../tui/run.js');
	}
}

export const command: Command = {
	name: 'tui',
	summary: 'Watch events live: a filterable stream (the default on a terminal)',
	usage: `
  Usage
    $ eyelet tui [--db PATH] [--interval MS]
    $ eyelet                      (the same, on a terminal)

  A live, filterable stream of every recorded hook event. Press ? for the keys.

  Options
    --db PATH         database (default: EYELET_DB, config, ~/.local/share/eyelet/events.db)
    --interval MS     how often to look for new events (default: config tui.interval, 500)

  The database is opened read-only. NO_COLOR turns colours off.
`,
	flags: {...dbFlag, interval: {type: 'number'}},
	async run(_input, flags) {
		requireTerminal();
		const interval = pollInterval(flags);
		const {runTui} = await loadTui();
		await runTui({dbPath: resolveDbPath(flags), interval});
		return 0;
	},
};
