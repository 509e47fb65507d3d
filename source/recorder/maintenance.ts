import type {EventRecord} from '../events/types.js';
import type {Config} from '../settings/config.js';
import type {WriteDb} from '../store/db.js';
import {applyRetention} from './retention.js';
import {drainSpool, spoolBacklog} from './spool.js';

export interface MaintenanceContext {
	dbPath: string;
	record: EventRecord;
	/** Work stops at the recorder's budget deadline; whatever is left waits for the next run. */
	deadline: number;
	log: (message: string) => void;
	/** The retention policy from config (nulls: keep everything). */
	retention: Config['retention'];
}

/** Spooled events drained per recorder run: small enough not to slow the hook noticeably. */
const drainPerRun = 25;

/**
 * Bounded upkeep after the event is safely stored: each recorder moves a few spooled events in.
 * Later work (transcript harvest, retention) hooks in here with the same bounds.
 */
export function runMaintenance(db: WriteDb, context: MaintenanceContext): void {
	if (Date.now() < context.deadline && spoolBacklog(context.dbPath) > 0) {
		const {drained, bad} = drainSpool(db, context.dbPath, drainPerRun);
		if (drained || bad) context.log(`drained ${drained} spooled event(s)${bad ? `, ${bad} unreadable moved to spool/bad` : ''}`);
	}
	const pruned = applyRetention(db, context.retention, context.deadline);
	if (pruned?.deleted) context.log(`retention: deleted ${pruned.deleted} event(s)${pruned.done ? '' : ', more to do next run'}`);
}
