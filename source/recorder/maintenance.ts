import type {EventRecord, HookPayload} from '../events/types.js';
import type {Config} from '../settings/config.js';
import type {WriteDb} from '../store/db.js';
import {harvestAfterEvent} from './harvest-step.js';
import {drainSpool, spoolBacklog} from './spool.js';

export interface MaintenanceContext {
	dbPath: string;
	record: EventRecord;
	/** The stored event's parsed (redacted) payload; null when the input was not a JSON object. */
	payload: HookPayload | null;
	config: Config;
	/** Work stops at the recorder's budget deadline; whatever is left waits for the next run. */
	deadline: number;
	log: (message: string) => void;
}

/** Spooled events drained per recorder run: small enough not to slow the hook noticeably. */
const drainPerRun = 25;

/**
 * Bounded upkeep after the event is safely stored: each recorder moves a few spooled events in.
 * After a turn ends, the session transcript's new hook failures are harvested. Later work (retention)
 * hooks in here with the same bounds.
 */
export function runMaintenance(db: WriteDb, context: MaintenanceContext): void {
	if (Date.now() < context.deadline && spoolBacklog(context.dbPath) > 0) {
		const {drained, bad} = drainSpool(db, context.dbPath, drainPerRun);
		if (drained || bad) context.log(`drained ${drained} spooled event(s)${bad ? `, ${bad} unreadable moved to spool/bad` : ''}`);
	}
	if (Date.now() < context.deadline) harvestAfterEvent(db, context);
}
