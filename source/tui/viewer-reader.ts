import {existsSync} from 'node:fs';
import {neutralize} from '../events/neutralize.js';
import {spoolBacklog} from '../spool/spool.js';
import {openReader, type ReadDb} from '../store/db.js';
import {eventPayload, type EventRow} from '../store/events.js';
import {hasEventsTable} from '../store/migrate.js';
import {storeErrorKind} from '../store/sqlite-errors.js';
import {
	distinctValues,
	eventCount,
	maxEventId,
	minEventId,
	minuteCountsAfter,
	minuteCountsSince,
	type PageRequest,
	recentSessions,
	streamPage,
	windowFloorId,
} from '../store/stream.js';
import {type FilterTerm, toEventFilter} from './filters.js';
import {clockTime, count, projectName, shortId} from './format.js';
import type {DetailPayload, PickerField, PickerOption} from './overlays/state.js';
import {pageRows, type StreamRequest} from './panes/stream/state.js';

/** Why there is nothing to show, or what went wrong last: the data hooks keep retrying. */
export type Connection = {kind: 'connecting'} | {kind: 'missing'} | {kind: 'empty'} | {kind: 'ready'} | {kind: 'failing'; message: string};

/** Minutes the header's sparkline covers. */
export const sparkMinutes = 30;

/** A database problem as one line, saying what to expect: the viewer keeps retrying. */
export function problemLine(error: unknown): string {
	const message = String((error as Error).message ?? error).split('\n')[0];
	switch (storeErrorKind(error)) {
		case 'locked':
			return 'database locked by another process; retrying';
		case 'damaged':
			return `damaged or foreign database (${message}); retrying`;
		case 'cannot-open':
			return `cannot open the database (${message}); retrying`;
		default:
			return `cannot read the database: ${message}; retrying`;
	}
}

/** The action every data hook sends when a read failed: the footer shows the line, the next tick reconnects. */
export type ReadFailed = {type: 'connection'; connection: {kind: 'failing'; message: string}};

export const readFailed = (error: unknown): ReadFailed => ({type: 'connection', connection: {kind: 'failing', message: problemLine(error)}});

export interface PollResult {
	rows: EventRow[];
	lastSeenId: number;
}

/**
 * Everything the TUI reads, over one read-only connection: opened lazily, closed and reopened after
 * any error. Only bounded queries by id; never an open iterator (it would pin the WAL).
 */
export class ViewerReader {
	private db: ReadDb | null = null;
	private statsLastId = 0;
	private total = 0;
	private readonly minutes = new Map<number, number>();
	/** The oldest id when the table was last counted: when it moves, rows were pruned and the count is redone. */
	private countedFromId = -1;
	private lastSpoolCheck = 0;
	private spool = 0;

	/** The time window's floor id, computed when its first page is read (see windowFloorId). */
	private floor: {window: string; id: number | null} | null = null;

	constructor(readonly path: string) {}

	/** Bounds a backward walk by the window's first id; null when the window is empty. */
	private windowBound(db: ReadDb, filters: readonly FilterTerm[], since: number | null | undefined, fresh: boolean): Pick<PageRequest, 'minId'> | null {
		const window = filters.find(term => term.kind === 'window');
		if (!window || since == null) return {};
		if (fresh || this.floor?.window !== window.value) this.floor = {window: window.value, id: windowFloorId(db, since)};
		return this.floor.id === null ? null : {minId: this.floor.id};
	}

	/** Opens the database if needed and says what state it is in. Never throws. */
	connect(): Connection {
		try {
			if (!this.db) {
				if (!existsSync(this.path)) return {kind: 'missing'};
				this.db = openReader(this.path);
			}
			if (!hasEventsTable(this.db) || maxEventId(this.db) === 0) return {kind: 'empty'};
			return {kind: 'ready'};
		} catch (error) {
			this.close();
			return {kind: 'failing', message: problemLine(error)};
		}
	}

	private get reader(): ReadDb {
		if (!this.db) throw new Error('database is not open');
		return this.db;
	}

	/** Runs a read; on failure closes the connection (the next connect reopens it) and rethrows. */
	read<T>(fn: (db: ReadDb) => T): T {
		try {
			return fn(this.reader);
		} catch (error) {
			this.close();
			throw error;
		}
	}

	page(request: StreamRequest, filters: readonly FilterTerm[]): {rows: EventRow[]; lastSeenId?: number} {
		return this.read(db => {
			const filter = toEventFilter(filters, Date.now());
			// The newest id first, so the poller starts exactly where a tail page ends.
			const lastSeenId = request.kind === 'tail' ? maxEventId(db) : undefined;
			const bound = this.windowBound(db, filters, filter.since, request.kind === 'tail');
			if (bound === null) return {rows: [], ...(lastSeenId === undefined ? {} : {lastSeenId})};
			switch (request.kind) {
				case 'tail':
					return {rows: streamPage(db, filter, {beforeId: lastSeenId! + 1, limit: pageRows, ...bound}).reverse(), lastSeenId: lastSeenId!};
				case 'head':
					return {rows: streamPage(db, filter, {afterId: Math.max(0, (bound.minId ?? 1) - 1), limit: pageRows})};
				case 'older':
					return {rows: streamPage(db, filter, {beforeId: request.beforeId, limit: pageRows, ...bound}).reverse()};
				case 'newer':
					return {rows: streamPage(db, filter, {afterId: request.afterId, limit: pageRows})};
				case 'around': {
					const newest = maxEventId(db);
					const older = streamPage(db, filter, {beforeId: request.id + 1, limit: pageRows / 2, ...bound}).reverse();
					const newer = streamPage(db, filter, {afterId: request.id, limit: pageRows / 2});
					return {rows: [...older, ...newer], ...(newer.length < pageRows / 2 ? {lastSeenId: newest} : {})};
				}
			}
		});
	}

	/** Matching rows above `afterId`. A full page means more are waiting: the next poll goes on from its last row. */
	poll(afterId: number, filters: readonly FilterTerm[]): PollResult {
		return this.read(db => {
			const newest = maxEventId(db);
			if (newest <= afterId) return {rows: [], lastSeenId: afterId};
			const rows = streamPage(db, toEventFilter(filters, Date.now()), {afterId, limit: pageRows});
			return {rows, lastSeenId: rows.length >= pageRows ? rows.at(-1)!.id : Math.max(newest, rows.at(-1)?.id ?? 0)};
		});
	}

	/**
	 * Header figures: the total is counted once (count(*) reads a whole index) and then kept up by
	 * counting only the rows above the last id seen; it is counted again only when the oldest id moves
	 * (a prune). The sparkline's minutes come from the same new rows.
	 */
	stats(now = Date.now()): {total: number; perMinute: number[]; spool: number} {
		const currentMinute = Math.floor(now / 60_000);
		this.read(db => {
			const oldest = minEventId(db);
			if (oldest !== this.countedFromId) {
				this.countedFromId = oldest;
				this.statsLastId = maxEventId(db);
				this.total = eventCount(db);
				this.minutes.clear();
				for (const {minute, events} of minuteCountsSince(db, (currentMinute - sparkMinutes + 1) * 60_000)) this.minutes.set(minute, events);
				return;
			}
			const newest = maxEventId(db);
			if (newest <= this.statsLastId) return;
			for (const {minute, events} of minuteCountsAfter(db, this.statsLastId)) {
				this.minutes.set(minute, (this.minutes.get(minute) ?? 0) + events);
				this.total += events;
			}
			this.statsLastId = newest;
		});
		if (now - this.lastSpoolCheck > 5000) {
			this.lastSpoolCheck = now;
			this.spool = spoolBacklog(this.path);
		}
		const perMinute = Array.from({length: sparkMinutes}, (_, index) => this.minutes.get(currentMinute - sparkMinutes + 1 + index) ?? 0);
		return {total: this.total, perMinute, spool: this.spool};
	}

	payload(id: number): DetailPayload | 'missing' {
		return this.read(db => {
			const found = eventPayload(db, id);
			if (!found) return 'missing';
			return {payload: found.payload, raw: found.raw ? found.raw.toString('utf8') : null, custom: found.custom};
		});
	}

	options(field: PickerField): PickerOption[] {
		return this.read(db => {
			if (field !== 'session')
				return distinctValues(db, field).map(value => ({
					value,
					label: field === 'project' ? projectName(value) : neutralize(value, true),
					...(field === 'project' ? {note: neutralize(value, true)} : {}),
				}));
			return recentSessions(db).map(session => ({
				value: session.session_id,
				label: shortId(session.session_id, 8),
				note: `${projectName(session.project)}${session.git_branch ? ` (${neutralize(session.git_branch, true)})` : ''}  ${count(session.events)} events${session.errors ? `, ${count(session.errors)} error${session.errors === 1 ? '' : 's'}` : ''}  last ${clockTime(session.last_ts)}${session.ended_ts ? '  ended' : '  live'}`,
			}));
		});
	}

	close(): void {
		try {
			this.db?.close();
		} catch {
			// closing a broken handle can fail; it is dropped either way
		}
		this.db = null;
		this.countedFromId = -1;
	}
}
