import type {Redactor} from '../../events/redact.js';
import type {PayloadExport} from '../../settings/config.js';
import type {ReadDb} from '../../store/db.js';
import {eventsAfter, sessionUserId, spanScan} from '../../store/export.js';
import {logRecordOf, recordBytes} from './logs.js';
import type {LogRecordOut, SpanOut} from './model.js';
import type {Batch, Stage} from './pipeline.js';
import {spanEndingEvents, spansEndedBy} from './traces.js';

/** A request at most this many records, and about this many bytes (the OTLP default limit is 4 MiB). */
export const batchLimits = {records: 1000, bytes: 2 << 20, scan: 2000};

const sharedLimit = (limit: number, share: number) => Math.max(1, Math.round(limit * Math.min(1, share)));

/** Claude Code's user.id per session, looked up once (most sessions have none: no telemetry). */
class UserIds {
	private readonly known = new Map<string, string | null>();
	constructor(private readonly db: ReadDb) {}
	of = (sessionId: string): string | null => {
		let id = this.known.get(sessionId);
		if (id === undefined) {
			if (this.known.size > 10_000) this.known.clear();
			id = sessionUserId(this.db, sessionId);
			this.known.set(sessionId, id);
		}
		return id;
	};
}

export class LogStage implements Stage<LogRecordOut> {
	readonly stream = 'otlp/logs' as const;
	private readonly userIds: UserIds;

	constructor(
		private readonly db: ReadDb,
		private readonly options: {payload: PayloadExport; payloadLimit: number; redactor: Redactor; hostName: string | null},
	) {
		this.userIds = new UserIds(db);
	}

	next(afterId: number, uptoId: number, share = 1): Batch<LogRecordOut> | null {
		const rows = eventsAfter(this.db, afterId, uptoId, sharedLimit(batchLimits.records, share), this.options.payload !== 'off');
		if (rows.length === 0) return null;
		const mapping = {...this.options, userId: this.userIds.of};
		const items: LogRecordOut[] = [];
		let bytes = 0;
		let lastId = afterId;
		for (const row of rows) {
			const record = logRecordOf(row, mapping);
			bytes += recordBytes(record);
			if (items.length > 0 && bytes > batchLimits.bytes) break;
			items.push(record);
			lastId = row.id;
		}
		return {items, lastId};
	}
}

/**
 * Spans as their ending events are stored: nothing waits for a turn's hook failures to be harvested,
 * since a late one is a span of its own under the call it guarded (traces.ts). Waiting 2 s for them
 * held the traces' lag above 2 s under load (max 3.08 s, median 2.31 s).
 */
export class TraceStage implements Stage<SpanOut> {
	readonly stream = 'otlp/traces' as const;

	constructor(
		private readonly db: ReadDb,
		private readonly redactor: Redactor,
		private readonly hostName: string | null,
	) {}

	next(afterId: number, uptoId: number, share = 1): Batch<SpanOut> | null {
		const rows = spanScan(this.db, afterId, uptoId, sharedLimit(batchLimits.scan, share));
		const items: SpanOut[] = [];
		let lastId = afterId;
		for (const row of rows) {
			if (row.event && spanEndingEvents.has(row.event)) {
				const spans = spansEndedBy(this.db, row, this.redactor, this.hostName);
				if (items.length > 0 && items.length + spans.length > sharedLimit(batchLimits.records, share)) break;
				items.push(...spans);
			}
			lastId = row.id;
		}
		return lastId === afterId ? null : {items, lastId};
	}
}
