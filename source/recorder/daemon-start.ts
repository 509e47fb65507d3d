import {cliPath, daemonNodeFlags} from '../settings/paths.js';
import {readServeKey, runningDaemon} from '../settings/serve-file.js';
import {sleepSync} from '../store/retry.js';

/**
 * With the http transport, SessionStart still goes through `eyelet record` (Claude Code sends it to
 * no http hook), and that recorder makes sure the daemon runs before the session's next events
 * arrive over HTTP. Whether it runs costs a file read and kill(pid, 0); when it does not, the
 * recorder starts it detached (its own process group, no terminal, no pipes Claude Code would wait
 * on) and waits for it to listen, so the session's first prompt finds it up.
 */

/** How long the recorder waits for a daemon it started; Claude Code's SessionStart timeout is 10 s. */
const listenWaitMs = 2_000;

export type DaemonCheck = 'not-installed' | 'running' | 'started' | 'slow';

export function ensureDaemon(dbPath: string, log: (message: string) => void, env: NodeJS.ProcessEnv = process.env): DaemonCheck {
	// No serve file: the http transport was never set up for this database.
	if (!readServeKey(dbPath)) return 'not-installed';
	if (runningDaemon(dbPath)) return 'running';
	// Required here, not at the top: child_process costs ~10 ms to load, and every other hook run skips it.
	const {spawn} = require('node:child_process') as typeof import('node:child_process');
	const child = spawn(process.execPath, [...daemonNodeFlags, cliPath, 'serve', '--db', dbPath], {detached: true, stdio: 'ignore', env});
	child.unref();
	const deadline = Date.now() + listenWaitMs;
	while (Date.now() < deadline) {
		if (runningDaemon(dbPath)) {
			log(`started eyelet serve (pid ${child.pid}) for the session's http hooks`);
			return 'started';
		}
		sleepSync(10);
	}
	log(`started eyelet serve (pid ${child.pid}), but it did not listen within ${listenWaitMs} ms; events it misses are rebuilt from the transcript`);
	return 'slow';
}
