import type {ReadDb} from './db.js';
import {hasTriage} from './triage.js';

/**
 * Changes whenever any process triages or undoes (a new log entry, or one marked undone): the TUI polls
 * it beside latestErrorId so a decision taken elsewhere shows on the next poll. Reads at most the
 * undo log's few hundred rows.
 */
export function triageVersion(db: ReadDb): string {
	if (!hasTriage(db)) return '0:0';
	const row = db.get<{last: number | null; undone: number}>('SELECT max(id) AS last, count(undone_ts) AS undone FROM triage_log');
	return `${row?.last ?? 0}:${row?.undone ?? 0}`;
}
