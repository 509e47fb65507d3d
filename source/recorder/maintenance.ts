import type {WriteDb} from '../store/db.js';
import {type EventContext, harvestAfterEvent} from './harvest-step.js';
import {applyRetention} from './retention.js';
import {drainSpool, spoolBacklog} from '../spool/spool.js';
import {diskNearlyFull, keepSpoolReserve} from '../spool/spool-reserve.js';

/** What the recorder's upkeep knows of the event it just stored. */
export type MaintenanceContext = EventContext;

/** Spooled events drained per recorder run: small enough not to slow the hook noticeably. */
const drainPerRun = 25;

/**
 * Bounded upkeep after the event is safely stored, each step within the recorder's deadline: move a
 * few spooled events in; apply the retention policy (at most once an hour, in small batches); after a
 * turn ends, harvest the session transcript's new hook failures; keep the spool's reserve of disk space.
 */
export function runMaintenance(db: WriteDb, context: MaintenanceContext): void {
	// On a nearly full disk, spooled events stay where they are: moving them in would only fill it.
	if (Date.now() < context.deadline && spoolBacklog(context.dbPath) > 0 && !diskNearlyFull(context.dbPath)) {
		const {drained, bad} = drainSpool(db, context.dbPath, drainPerRun);
		if (drained || bad) context.log(`drained ${drained} spooled event(s)${bad ? `, ${bad} unreadable moved to spool/bad` : ''}`);
	}
	const pruned = applyRetention(db, context.config.retention, context.deadline);
	if (pruned && (pruned.deleted || pruned.telemetry))
		context.log(`retention: deleted ${pruned.deleted} event(s) and ${pruned.telemetry} telemetry record(s)${pruned.done ? '' : ', more to do next run'}`);
	if (Date.now() < context.deadline) harvestAfterEvent(db, context);
	// The disk took this event: keep (or refill) the room the spool needs when it fills up.
	keepSpoolReserve(context.dbPath);
}
