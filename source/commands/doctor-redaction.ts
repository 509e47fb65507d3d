import {existsSync} from 'node:fs';
import {builtInRules, createRedactor} from '../events/redact.js';
import {rescanStored, rescanTelemetry} from '../events/rescan.js';
import {loadConfig} from '../settings/config.js';
import {openReader, type ReadDb} from '../store/db.js';
import {lastEventId, lastTelemetryId, rowsBefore, telemetryBefore} from '../store/redact.js';
import {eventCount} from '../store/retention.js';
import {hasTelemetry} from '../store/telemetry.js';
import {telemetryCount} from '../store/telemetry-retention.js';
import {check, type Check} from './doctor-check.js';

/** Doctor reads at most this long: the newest rows first, since they are the ones people look at. */
export const redactionScanMs = 300;
const number = (n: number) => n.toLocaleString('en-US');

/** How many of the newest rows hold secrets the current rules would redact: ok when none, warn otherwise. */
export function redactionCheck(path: string, budgetMs = redactionScanMs): Check {
	const {config} = loadConfig();
	if (!config.redaction.enabled) return check('redaction', 'warn', 'switched off (EYELET_REDACT=0 or the config): secrets in payloads are stored as they came');
	if (!existsSync(path)) return check('redaction', 'ok', `${number(builtInRules.length)} built-in rules; no database yet`);
	let db: ReadDb;
	try {
		db = openReader(path);
	} catch (error) {
		return check('redaction', 'warn', `cannot read ${path} to check it: ${(error as Error).message}`);
	}
	try {
		const redactor = createRedactor(config.redaction);
		const start = Date.now();
		const withTelemetry = hasTelemetry(db);
		// The newest rows of each table, newest first; telemetry (when there is any) gets the last third.
		const events = scanNewest(db, eventCount(db), lastEventId(db), rowsBefore, start + (withTelemetry ? (budgetMs * 2) / 3 : budgetMs), row =>
			rescanStored(
				{payload: row.payload, summary: row.summary, signature: row.signature, raw: row.raw, truncated: row.truncated === 1},
				redactor,
				config.maxPayloadBytes,
			),
		);
		const telemetry = withTelemetry
			? scanNewest(db, telemetryCount(db), lastTelemetryId(db), telemetryBefore, start + budgetMs, row => rescanTelemetry(row.data, redactor))
			: null;
		const scope = (scan: Scan, noun: string) =>
			scan.scanned >= scan.total
				? `all ${number(scan.total)} stored ${noun}`
				: `the newest ${number(scan.scanned)} of ${number(scan.total)} ${noun} (${budgetMs} ms limit)`;
		const scopes = [scope(events, 'rows'), ...(telemetry && telemetry.total > 0 ? [scope(telemetry, 'telemetry records')] : [])].join(' and ');
		const changed = events.changed + (telemetry?.changed ?? 0);
		if (changed === 0) return check('redaction', 'ok', `${number(builtInRules.length)} built-in rules find nothing to redact in ${scopes}`);
		const found = [
			...(events.changed ? [`${number(events.changed)} of ${scope(events, 'rows')}`] : []),
			...(telemetry?.changed ? [`${number(telemetry.changed)} of ${scope(telemetry, 'telemetry records')}`] : []),
		].join(' and ');
		return check('redaction', 'warn', `${found} hold secrets the current rules would redact: run \`eyelet redact\`, then \`eyelet vacuum\``);
	} catch (error) {
		return check('redaction', 'warn', `cannot check the stored rows: ${(error as Error).message}`);
	} finally {
		db.close();
	}
}

interface Scan {
	total: number;
	scanned: number;
	changed: number;
}

/** Reads a table's rows newest first until `deadline`, counting those the rules would change. */
function scanNewest<Row extends {id: number}>(
	db: ReadDb,
	total: number,
	lastId: number,
	before: (db: ReadDb, beforeId: number, limit: number) => Row[],
	deadline: number,
	changes: (row: Row) => unknown,
): Scan {
	const scan: Scan = {total, scanned: 0, changed: 0};
	for (let from = lastId + 1; Date.now() < deadline; ) {
		const rows = before(db, from, 100);
		if (rows.length === 0) break;
		for (const row of rows) if (changes(row)) scan.changed++;
		scan.scanned += rows.length;
		from = rows.at(-1)!.id;
	}
	return scan;
}
