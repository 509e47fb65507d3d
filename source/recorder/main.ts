import {hostname} from 'node:os';
import {customFieldValues, loadConfig} from '../settings/config.js';
import {eventRecord, normalizeInput, type NormalizedInput} from '../events/normalize.js';
import {createRedactor} from '../events/redact.js';
import {type EventRecord, stringField} from '../events/types.js';
import {openWriter, type WriteDb} from '../store/db.js';
import {insertEvents} from '../store/insert.js';
import {migrate} from '../store/migrate.js';
import {type GitInfo, gitInfo} from './git.js';
import {appendLog} from './log.js';
import {runMaintenance} from './maintenance.js';
import {withRetry} from './retry.js';
import {DiskNearlyFullError, diskNearlyFull, reclaimWal} from './spool-reserve.js';
import {spoolUnstored} from './unstored.js';
import {readStdin} from './stdin.js';

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

/** Adds what only the recording machine knows: the clock, the host, the project and its git state, custom fields. */
export function buildRecord(input: NormalizedInput, env: NodeJS.ProcessEnv, custom: Record<string, string> | null, now = Date.now()): EventRecord {
	const project = env['CLAUDE_PROJECT_DIR'] || stringField(input.object, 'cwd') || process.cwd();
	const git = gitContext(project);
	return eventRecord(input, {
		ts: now,
		origin: 'hook',
		project,
		hostname: hostname(),
		gitBranch: git?.branch ?? null,
		gitCommit: git?.commit ?? null,
		sourceKey: null,
		custom: custom ? JSON.stringify(custom) : null,
	});
}

/** The stored fields of input the recorder failed on: the raw bytes (redacted), marked invalid with the error. */
function recorderFailure(stdin: {bytes: Buffer; total: number}, error: unknown): NormalizedInput {
	const reason = `recorder error: ${(error as Error)?.message ?? String(error)}`;
	let raw: Buffer | null = stdin.bytes.length > 0 ? stdin.bytes.subarray(0, 64 * 1024) : null;
	let redactions = 0;
	if (raw) {
		const redacted = createRedactor().redactString(raw.toString('utf8'));
		if (redacted.count > 0) [raw, redactions] = [Buffer.from(redacted.text), redacted.count];
	}
	return {
		status: 'invalid',
		summary: reason.slice(0, 240),
		signature: `invalid: ${reason.slice(0, 120)}`,
		durationMs: null,
		redactions,
		payloadBytes: stdin.total,
		truncated: stdin.bytes.length > 64 * 1024,
		payload: null,
		raw,
		searchText: reason,
		object: null,
	};
}

/** A record with no context beyond the clock: used when building the full one failed. */
function buildBareRecord(input: NormalizedInput): EventRecord {
	return eventRecord(input, {ts: Date.now(), origin: 'hook', project: null, hostname: null, gitBranch: null, gitCommit: null, sourceKey: null, custom: null});
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

	let stdin: {bytes: Buffer; total: number} = {bytes: Buffer.alloc(0), total: 0};
	let input: NormalizedInput;
	let record: EventRecord;
	try {
		stdin = readStdin();
		input = normalizeInput(stdin.bytes, {
			redactor: config.redaction.enabled ? createRedactor(config.redaction.patterns) : null,
			maxPayloadBytes: config.maxPayloadBytes,
		});
		input.payloadBytes = stdin.total;
		if (input.status === 'invalid') log(`stored invalid input: ${input.summary}`);
		record = buildRecord(input, env, customFieldValues(config.customFields, env));
	} catch (error) {
		// A recorder bug must not cost the event: keep what was read, as an invalid row that says why.
		log(`recorder error, keeping the raw input: ${(error as Error).stack ?? String(error)}`);
		input = recorderFailure(stdin, error);
		record = {...buildBareRecord(input), project: env['CLAUDE_PROJECT_DIR'] ?? null};
	}

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
		if (!/^(SQLITE_|EYELET_)/.test((error as {code?: string})?.code ?? '')) log(`unexpected: ${(error as Error).stack ?? String(error)}`);
		const close = () => {
			(db as WriteDb | null)?.close();
			db = null;
		};
		// At least a moment for other recorders to give disk space back, within what is left of the budget.
		spoolUnstored(dbPath, [record], {close, log, retryMs: Math.max(100, Math.min(1000, deadline - Date.now()))});
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
