import type {DeliveryTarget} from '../events/delivery-failure.js';
import type {EventRecord, HookPayload} from '../events/types.js';
import {harvestAfterEvent, harvestSession} from '../recorder/harvest-step.js';
import {applyRetention} from '../recorder/retention.js';
import {drainSpool, spoolBacklog} from '../spool/spool.js';
import {spoolUnstored} from '../spool/unstored.js';
import type {Config} from '../settings/config.js';
import {openWriter, type WriteDb} from '../store/db.js';
import {insertEvents} from '../store/insert.js';
import {insertTelemetry, type TelemetryWritten} from '../store/telemetry-write.js';
import type {TelemetryRow} from '../events/telemetry-row.js';
import {migrate} from '../store/migrate.js';
import {liveTranscripts, sessionProject} from '../store/sessions.js';
import type {TelemetryStore} from './telemetry-writer.js';
import {WriteThread} from './write-thread.js';
import type {BatchStore} from './writer.js';

/** How long SQLite itself may block the event loop on a lock before the writer backs off, asynchronously, and tries again. */
const busyTimeoutMs = 5;
/** Spool drains and retention passes are looked for at most this often. */
const upkeepEveryMs = 2_000;
/** Upkeep after a commit may take this long at most: requests wait meanwhile. */
const upkeepBudgetMs = 50;

/**
 * The daemon's one long-lived write connection, and what a committed batch sets off: the same
 * upkeep `eyelet record` does after each event (a few spooled events drained, retention, the hook
 * failures of a finished turn), done once for the batch and bounded in time.
 */
export class DaemonStore implements BatchStore, TelemetryStore {
	private db: WriteDb | null = null;
	private lastUpkeep = 0;
	/** Off while the checkpoint thread runs: then commits never stop to copy the WAL into the database. */
	private autocheckpoint = true;
	/** The write thread once it takes writes, and while it starts. */
	private thread: WriteThread | null = null;
	private starting: WriteThread | null = null;

	constructor(
		readonly dbPath: string,
		private readonly config: Config,
		private readonly log: (message: string) => void,
		/** This daemon's own address: a failed delivery to it in a transcript is a missed event. */
		private readonly delivery: DeliveryTarget,
	) {}

	/** The connection, opened (and the schema brought up to date) on first use or after a reset. */
	connection(): WriteDb {
		if (!this.db) {
			const db = openWriter(this.dbPath, {busyTimeoutMs});
			try {
				migrate(db);
			} catch (error) {
				db.close();
				throw error;
			}
			if (!this.autocheckpoint) db.pragma('wal_autocheckpoint = 0');
			this.db = db;
		}
		return this.db;
	}

	/** SQLite's own checkpoints on commit: off while a checkpoint thread does them, back on if it stops. */
	setAutocheckpoint(on: boolean): void {
		this.autocheckpoint = on;
		this.starting?.setAutocheckpoint(on);
		try {
			this.db?.pragma(`wal_autocheckpoint = ${on ? 1000 : 0}`);
		} catch {
			// applied when the connection is next opened
		}
	}

	/** On the write thread while it runs (the event loop goes on meanwhile), else here. */
	write(records: readonly EventRecord[]): void | Promise<void> {
		if (this.thread) return this.thread.write(records);
		insertEvents(this.connection(), records);
	}

	/** Telemetry rows in one transaction: on the write thread while it runs, so every write goes through one connection. */
	writeTelemetry(rows: readonly TelemetryRow[], receivedTs: number): TelemetryWritten | Promise<TelemetryWritten> {
		if (this.thread) return this.thread.writeTelemetry(rows, receivedTs);
		return insertTelemetry(this.connection(), rows, receivedTs);
	}

	/**
	 * Starts committing on a thread of its own; writes go on here until it is ready. Resolves when
	 * commits go on the thread (false when it did not start).
	 */
	startWriteThread(): Promise<boolean> {
		if (this.starting) return this.starting.ready.then(() => this.thread === this.starting);
		const thread = new WriteThread(this.dbPath, error => {
			this.log(`serve: the write thread stopped${error ? ` (${error.message})` : ''}; commits go on the event loop again`);
			if (this.thread === thread) this.thread = null;
			this.starting = null;
		});
		this.starting = thread;
		return thread.ready.then(ok => {
			if (!ok || this.starting !== thread) return false;
			if (!this.autocheckpoint) thread.setAutocheckpoint(false);
			this.thread = thread;
			return true;
		});
	}

	/** Back to commits on the event loop; the thread finishes what it was given first. */
	async stopWriteThread(): Promise<void> {
		const thread = this.starting;
		this.thread = null;
		this.starting = null;
		await thread?.stop();
	}

	spool(records: readonly EventRecord[], why: string): number {
		this.log(`database unavailable (${why}); spooling ${records.length} event(s)`);
		// The recorder's path for what the database did not take: the connection closed first (on a full
		// disk that gives the WAL's space back), a failed spool write retried briefly (the event loop waits
		// meanwhile, so for less than the recorder's second), each event that cannot be kept logged.
		return spoolUnstored(this.dbPath, records, {close: () => this.reset(), log: this.log, retryMs: 200}).lost;
	}

	reset(): void {
		try {
			this.db?.close();
		} catch {
			// a failed close leaves nothing to undo: the next write opens a new connection
		}
		this.db = null;
	}

	async close(): Promise<void> {
		await this.stopWriteThread();
		this.reset();
	}

	/** The project a session was recorded in, for events that arrive without CLAUDE_PROJECT_DIR. */
	sessionProject(sessionId: string): string | null {
		try {
			return sessionProject(this.connection(), sessionId);
		} catch {
			return null;
		}
	}

	/** After a batch is committed: at most every upkeepEveryMs, the spool and retention. */
	afterCommit(): void {
		if (Date.now() - this.lastUpkeep < upkeepEveryMs) return;
		this.lastUpkeep = Date.now();
		try {
			this.upkeep(this.connection(), Date.now() + upkeepBudgetMs);
		} catch (error) {
			this.log(`upkeep skipped: ${(error as Error).message}`);
		}
	}

	/** After a stored event that ends a turn (or starts a session): its transcripts' hook failures and missed deliveries. */
	harvestAfter(record: EventRecord, payload: HookPayload): void {
		try {
			harvestAfterEvent(this.connection(), {
				dbPath: this.dbPath,
				record,
				payload,
				config: this.config,
				deadline: Date.now() + upkeepBudgetMs,
				log: this.log,
				delivery: this.delivery,
			});
		} catch (error) {
			this.log(`harvest skipped: ${(error as Error).message}`);
		}
	}

	/**
	 * When the daemon starts: the transcripts of live sessions, for the events Claude Code failed to
	 * deliver while no daemon listened (they are rebuilt), and the hook failures meanwhile.
	 */
	harvestLiveSessions(since: number, budgetMs: number): void {
		const deadline = Date.now() + budgetMs;
		const db = this.connection();
		for (const {sessionId, project, path} of liveTranscripts(db, since)) {
			if (Date.now() > deadline) break;
			harvestSession(db, {
				dbPath: this.dbPath,
				config: this.config,
				sessionId,
				transcriptPath: path,
				row: {project, hostname: null, gitBranch: null, gitCommit: null, custom: null},
				deadline,
				log: this.log,
				delivery: this.delivery,
			});
		}
	}

	/** Spooled events in, and a step of retention: what the recorder does after each event, here once in a while. */
	upkeep(db: WriteDb = this.connection(), deadline = Date.now() + upkeepBudgetMs): void {
		if (spoolBacklog(this.dbPath) > 0) {
			const {drained, bad} = drainSpool(db, this.dbPath, 200);
			if (drained || bad) this.log(`drained ${drained} spooled event(s)${bad ? `, ${bad} unreadable moved to spool/bad` : ''}`);
		}
		const pruned = applyRetention(db, this.config.retention, deadline);
		if (pruned && (pruned.deleted || pruned.telemetry))
			this.log(`retention: deleted ${pruned.deleted} event(s) and ${pruned.telemetry} telemetry record(s)${pruned.done ? '' : ', more to do next time'}`);
	}
}
