import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {EventRecord} from '../events/types.js';
import {hookFailuresInLine} from '../events/transcript.js';
import {eventFromBytes, type RecordingSetup, recordingSetup} from '../recorder/event-from-bytes.js';
import {hookFailureRecord} from '../recorder/harvest.js';
import {recorderPlace} from '../recorder/main.js';
import {defaults} from '../settings/config.js';
import {openWriter, type WriteDb} from '../store/db.js';
import {insertEvents} from '../store/insert.js';
import {migrate} from '../store/migrate.js';
import {branches, projectNames, type Rng, seededRng} from './corpus.js';
import {type DemoEvent, DemoWorld} from './generator.js';

/**
 * Project folders with a .git that names a branch, so the recorder's own git lookup (recorderPlace)
 * finds real branches, as it would on a developer's machine.
 */
export function prepareProjects(root: string, count = projectNames.length): string[] {
	return projectNames.slice(0, count).map((name, index) => {
		const dir = join(root, name);
		const branch = branches[index % branches.length]!;
		mkdirSync(join(dir, '.git', 'refs', 'heads', ...branch.split('/').slice(0, -1)), {recursive: true, mode: 0o700});
		writeFileSync(join(dir, '.git', 'HEAD'), `ref: refs/heads/${branch}\n`);
		writeFileSync(join(dir, '.git', 'refs', 'heads', branch), `${(index + 1).toString(16).repeat(40).slice(0, 40)}\n`);
		return dir;
	});
}

/** Which event a hook ran for: its session, tool call and hook event. */
const hookRunKey = (sessionId: unknown, toolUseId: unknown, event: unknown) => `${String(sessionId ?? '')}|${String(toolUseId ?? '')}|${String(event ?? '')}`;

/**
 * Turns generated payloads into rows exactly as `eyelet record` does, through the recorder's own
 * eventFromBytes; and the hook failures of a turn's transcript lines into HookFailure rows exactly as
 * the recorder's harvest does after a turn-ending event (hookFailuresInLine → hookFailureRecord).
 */
export class DemoRecorder {
	private readonly setup: RecordingSetup = recordingSetup(defaults(), {}, () => {});
	/** When each hooked event was recorded, so a failure is dated by the event its hook ran for. */
	private readonly ran = new Map<string, number>();

	toRecord(event: DemoEvent, ts: number): EventRecord {
		const bytes = Buffer.from(JSON.stringify(event.payload));
		return eventFromBytes(bytes, bytes.length, this.setup, recorderPlace({CLAUDE_PROJECT_DIR: event.project}), {now: ts}).record;
	}

	/** An event's row, then the HookFailure rows its transcript lines hold. */
	toRecords(event: DemoEvent, ts: number): EventRecord[] {
		const record = this.toRecord(event, ts);
		const {payload} = event;
		const failures = event.transcript?.length ? this.harvested(event, record, ts) : [];
		if (this.ran.size > 50_000) this.ran.clear();
		this.ran.set(hookRunKey(payload['session_id'], payload['tool_use_id'], payload['hook_event_name']), ts);
		return [record, ...failures];
	}

	/** The HookFailure rows of the lines a turn wrote, each dated by the event its hook ran for (a Stop hook's: the Stop before). */
	private harvested(event: DemoEvent, record: EventRecord, ts: number): EventRecord[] {
		const {payload} = event;
		const path = typeof payload['transcript_path'] === 'string' ? payload['transcript_path'] : '';
		const sessionId = typeof payload['session_id'] === 'string' ? payload['session_id'] : null;
		const row = {project: record.project, hostname: record.hostname, gitBranch: record.gitBranch, gitCommit: record.gitCommit, custom: record.custom};
		return (event.transcript ?? []).flatMap(written => {
			const attachment = written['attachment'] as Record<string, unknown>;
			// Claude Code dates the line when the hook returned: just after the event it ran for.
			const ranAt = this.ran.get(hookRunKey(written['sessionId'], attachment['toolUseID'], attachment['hookEvent'])) ?? ts;
			const line = {...written, timestamp: new Date(Math.min(ts, ranAt + Number(attachment['durationMs'] ?? 20))).toISOString()};
			const bytes = Buffer.from(JSON.stringify(line));
			return hookFailuresInLine(line).map(fact =>
				hookFailureRecord(fact, bytes, path, sessionId, {normalize: {redactor: this.setup.redactor, maxPayloadBytes: this.setup.config.maxPayloadBytes}, row}),
			);
		});
	}

	/** Records events with their times in one transaction; returns how many rows were written. */
	write(db: WriteDb, events: ReadonlyArray<{event: DemoEvent; ts: number}>): number {
		return insertEvents(
			db,
			events.flatMap(({event, ts}) => this.toRecords(event, ts)),
		);
	}
}

export interface BuildOptions {
	count: number;
	/** The newest event's time; the others go back from it at `meanGapMs` on average. */
	endTs?: number;
	meanGapMs?: number;
	seed?: number;
	parallel?: number;
	batchSize?: number;
	onProgress?: (written: number) => void;
}

/**
 * When a generated history of `count` events, `meanGapMs` apart on average, starts so as to end near
 * `endTs`: random gaps drift by about sqrt(count) gaps, so it starts early enough that the last ones
 * are not squeezed onto endTs. Whole milliseconds, as the recorder's clock gives: a fractional ts
 * falls in no minute of the header's sparkline.
 */
export const historyStart = (count: number, meanGapMs: number, endTs: number): number => Math.round(endTs - (count + 3 * Math.sqrt(count)) * meanGapMs);

/**
 * A generated history's rows in order: events at exponential gaps, so bursts of activity and quiet
 * stretches, as with real agents, each turn-ending one followed by the hook failures it harvests.
 */
export class DemoHistory {
	readonly world: DemoWorld;
	private readonly recorder = new DemoRecorder();
	private ts: number;

	constructor(
		private readonly rng: Rng,
		projects: readonly string[],
		parallel: number,
		private readonly clock: {count: number; meanGapMs: number; endTs: number},
	) {
		this.world = new DemoWorld(rng, projects, parallel);
		this.ts = historyStart(clock.count, clock.meanGapMs, clock.endTs);
	}

	/** The next `want` rows; hook failures past `want` are left out, so a history has exactly the rows asked for. */
	rows(want: number): EventRecord[] {
		const records: EventRecord[] = [];
		while (records.length < want) {
			this.ts += Math.max(1, Math.round(-Math.log(1 - this.rng()) * this.clock.meanGapMs));
			records.push(...this.recorder.toRecords(this.world.next(), Math.min(this.ts, this.clock.endTs)));
		}
		return records.length > want ? records.slice(0, want) : records;
	}
}

/** Fills a database with `count` generated rows, a transaction per batch. Returns the world to go on with. */
export function fillDatabase(db: WriteDb, projects: readonly string[], options: BuildOptions): DemoWorld {
	const {count, meanGapMs = 1000, seed = 1, parallel = 8, batchSize = 5000} = options;
	const history = new DemoHistory(seededRng(seed), projects, parallel, {count, meanGapMs, endTs: options.endTs ?? Date.now()});
	let written = 0;
	while (written < count) {
		const rows = history.rows(Math.min(batchSize, count - written));
		insertEvents(db, rows);
		written += rows.length;
		options.onProgress?.(written);
	}
	return history.world;
}

/** Creates (or extends) the database at `path` with generated events through the real recorder path. */
export function buildDemoDatabase(path: string, projectsRoot: string, options: BuildOptions): void {
	const projects = prepareProjects(projectsRoot);
	const db = openWriter(path);
	try {
		migrate(db);
		fillDatabase(db, projects, options);
	} finally {
		db.close();
	}
}
