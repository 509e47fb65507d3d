import {type ChildProcess, fork} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Command} from './command.js';
import {loadTui, pollInterval, requireTerminal} from './tui.js';

export const command: Command = {
	name: 'demo',
	summary: 'Open the viewer on a temporary database while generated sessions record into it',
	usage: `
  Usage
    $ eyelet demo [--keep] [--interval MS]

  Creates a fresh temporary database, records an hour of realistic parallel Claude Code sessions
  into it (tool calls, failures, subagents, long outputs, hooks that fail), then keeps recording
  live while the viewer is open. Everything goes through the real recorder code path. Nothing
  touches your own database. The temporary database is removed on exit unless --keep.

  Options
    --keep            keep the demo database and print its path on exit
    --interval MS     how often the viewer looks for new events (default 500)
`,
	flags: {keep: {type: 'boolean', default: false}, interval: {type: 'number'}},
	async run(_input, flags) {
		requireTerminal();
		const interval = pollInterval(flags);
		process.umask(0o077);
		const dir = mkdtempSync(join(tmpdir(), 'eyelet-demo-'));
		const dbPath = join(dir, 'demo.db');
		const [{buildDemoDatabase, prepareProjects}, {runTui}] = await Promise.all([import('../demo/record.js'), loadTui()]);
		const projectsRoot = join(dir, 'projects');
		// An hour of history first, so there is something to scroll back through and a sparkline.
		buildDemoDatabase(dbPath, projectsRoot, {count: 1500, meanGapMs: 2400, seed: Date.now() % 100_000});
		let feeder: ChildProcess | null = null;
		const cleanUp = () => {
			(feeder as ChildProcess | null)?.kill();
			if (!flags['keep']) rmSync(dir, {recursive: true, force: true});
		};
		// Also when the terminal goes away (SIGHUP) and the process ends without unwinding.
		process.once('exit', cleanUp);
		try {
			await runTui({
				dbPath,
				interval,
				onStart() {
					feeder = fork(new URL('../demo/feed.js', import.meta.url), [dbPath, ...prepareProjects(projectsRoot)], {stdio: 'ignore'});
				},
			});
		} finally {
			process.off('exit', cleanUp);
			cleanUp();
			if (flags['keep']) process.stdout.write(`demo database kept at ${dbPath}\n`);
		}
		return 0;
	},
};
