import {existsSync} from 'node:fs';
import {builtInRules, createRedactor} from '../events/redact.js';
import {rescanStored} from '../events/rescan.js';
import {loadConfig} from '../settings/config.js';
import {openReader, type ReadDb} from '../store/db.js';
import {lastEventId, rowsBefore} from '../store/redact.js';
import {eventCount} from '../store/retention.js';
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
		const total = eventCount(db);
		const redactor = createRedactor(config.redaction);
		const deadline = Date.now() + budgetMs;
		let scanned = 0;
		let changed = 0;
		for (let before = lastEventId(db) + 1; Date.now() < deadline; ) {
			const rows = rowsBefore(db, before, 100);
			if (rows.length === 0) break;
			for (const row of rows) {
				const stored = {payload: row.payload, summary: row.summary, signature: row.signature, raw: row.raw, truncated: row.truncated === 1};
				if (rescanStored(stored, redactor, config.maxPayloadBytes)) changed++;
			}
			scanned += rows.length;
			before = rows.at(-1)!.id;
		}
		const scope = scanned >= total ? `all ${number(total)} stored rows` : `the newest ${number(scanned)} of ${number(total)} rows (${budgetMs} ms limit)`;
		if (changed === 0) return check('redaction', 'ok', `${number(builtInRules.length)} built-in rules find nothing to redact in ${scope}`);
		return check(
			'redaction',
			'warn',
			`${number(changed)} of ${scope} hold secrets the current rules would redact: run \`eyelet redact\`, then \`eyelet vacuum\``,
		);
	} catch (error) {
		return check('redaction', 'warn', `cannot check the stored rows: ${(error as Error).message}`);
	} finally {
		db.close();
	}
}
