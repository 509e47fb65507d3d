import {stringField} from '../events/types.js';
import {loadConfig} from '../settings/config.js';
import {openWriter, type WriteDb} from '../store/db.js';
import {insertEvents} from '../store/insert.js';
import {migrate} from '../store/migrate.js';
import {ensureDaemon} from './daemon-start.js';
import {type BuiltEvent, eventFromBytes, failedEvent, type PlaceOf, recordingSetup} from './event-from-bytes.js';
import {type GitInfo, gitInfo} from './git.js';
import {appendLog} from '../settings/log.js';
import {runMaintenance} from './maintenance.js';
import {withRetry} from '../store/retry.js';
import {isStoreFailure} from '../store/sqlite-errors.js';
import {DiskNearlyFullError, diskNearlyFull, reclaimWal} from '../spool/spool-reserve.js';
import {readStdin} from './stdin.js';
import {spoolUnstored} from '../spool/unstored.js';

/** Claude Code gives all SessionEnd hooks 1.5 s together; leave room for start-up and the others. */
const sessionEndBudgetMs = 1000;

export interface RecordFlags {
	db: string | null;
	strict: boolean;
	verbose: boolean;
	budgetMs: number | null;
}

export function parseRecordFlags(args: readonly string[]): RecordFlags {
	const flags: RecordFlags = {db: null, strict: false, verbose: false, budgetMs: null};
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = () => inline ?? args[++i] ?? '';
		if (name === '--db') flags.db = value() || null;
		else if (name === '--strict') flags.strict = true;
		else if (name === '--verbose') flags.verbose = true;
		else if (name === '--budget-ms') {
			const ms = Number(value());
			flags.budgetMs = ms > 0 ? ms : null;
		}
	}
	return flags;
}

/** Git state is context: failing to read it (a hostile .git, say) leaves it out and never costs the event. */
function gitContext(project: string): GitInfo | null {
	try {
		return gitInfo(project);
	} catch {
		return null;
	}
}

/** Where a hook event happened, as `eyelet record` knows it: CLAUDE_PROJECT_DIR, else the payload's cwd, and its git state. */
export function recorderPlace(env: NodeJS.ProcessEnv): PlaceOf {
	return payload => {
		const project = env['CLAUDE_PROJECT_DIR'] || stringField(payload, 'cwd') || process.cwd();
		const git = gitContext(project);
		return {project, gitBranch: git?.branch ?? null, gitCommit: git?.commit ?? null};
	};
}

/**
 * `eyelet record`: one hook payload on stdin → one row. Never writes to stdout (some hooks' stdout
 * becomes model context) and exits 0 whatever happens unless --strict, so Claude Code is never
 * blocked or disturbed. An event the database cannot take within the budget goes to the spool.
 */
export function runRecord(args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
	process.umask(0o077);
	const flags = parseRecordFlags(args);
	const {config, error: configError} = loadConfig(env);
	const dbPath = flags.db ?? config.db;
	const log = (message: string) => appendLog(dbPath, message, flags.verbose);
	if (configError) log(`${configError} (recording with defaults)`);

	const setup = recordingSetup(config, env, log);
	const fallbackProject = env['CLAUDE_PROJECT_DIR'] ?? null;
	let built: BuiltEvent;
	let stdin: {bytes: Buffer; total: number} = {bytes: Buffer.alloc(0), total: 0};
	try {
		stdin = readStdin();
		built = eventFromBytes(stdin.bytes, stdin.total, setup, recorderPlace(env), {fallbackProject});
	} catch (error) {
		// A failed read must not cost the event either: keep what was read, as an invalid row that says why.
		built = failedEvent(stdin.bytes, stdin.total, error, setup, {fallbackProject});
	}
	const {input, record} = built;

	const event = stringField(input.object, 'hook_event_name');
	const budgetMs = Math.min(flags.budgetMs ?? config.recorder.budgetMs, event === 'SessionEnd' ? sessionEndBudgetMs : Number.POSITIVE_INFINITY);
	const deadline = Date.now() + budgetMs;
	let db: WriteDb | null = null;
	let stored = false;
	try {
		if (diskNearlyFull(dbPath) && !reclaimWal(dbPath)) throw new DiskNearlyFullError();
		withRetry(
			() => {
				// SQLite's own wait handles brief contention; longer waits come back here to back off with jitter.
				db ??= openWriter(dbPath, {busyTimeoutMs: Math.max(1, Math.min(250, budgetMs / 4))});
				migrate(db);
				insertEvents(db, [record]);
			},
			{budgetMs},
		);
		stored = true;
	} catch (error) {
		log(`database unavailable (${(error as Error).message}); spooling the event`);
		if (!isStoreFailure(error)) log(`unexpected: ${(error as Error).stack ?? String(error)}`);
		const close = () => {
			(db as WriteDb | null)?.close();
			db = null;
		};
		// At least a moment for other recorders to give disk space back, within what is left of the budget.
		spoolUnstored(dbPath, [record], {close, log, retryMs: Math.max(100, Math.min(1000, deadline - Date.now()))});
	}
	if (event === 'SessionStart') {
		try {
			// The session's next events go to `eyelet serve` when the http transport is installed: have it up first.
			ensureDaemon(dbPath, log, env);
		} catch (error) {
			log(`could not start eyelet serve: ${(error as Error).message}`);
		}
	}
	if (stored && db) {
		try {
			runMaintenance(db, {dbPath, record, payload: input.object, config, deadline, log, env});
		} catch (error) {
			log(`maintenance skipped: ${(error as Error).message}`);
		}
	}
	try {
		(db as WriteDb | null)?.close();
	} catch {
		// closing can only fail on a busy checkpoint; the data is committed
	}
	return flags.strict && (!stored || input.status === 'invalid') ? 1 : 0;
}
