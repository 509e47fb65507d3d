import {chmodSync, existsSync, lstatSync, readdirSync, type Stats, statSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {drainSpool, spoolBacklog, spoolDirs} from '../spool/spool.js';
import {spoolFolders} from '../spool/spool-folders.js';
import {diskNearlyFull} from '../spool/spool-reserve.js';
import {isEyeletHeader, readSqliteHeader} from '../settings/database-file.js';
import {dataDir, legacyDatabaseFileName, logPath} from '../settings/paths.js';
import {openPythonHooks, pythonHookCount} from '../store/python-hooks.js';
import {displayPath} from './settings-edit.js';
import {openReader, openWriter} from '../store/db.js';
import {type DeliveryTotals, deliveryTotals} from '../store/transcripts.js';
import {readServeKey} from '../settings/serve-file.js';
import {checkpointTruncate, databaseHealth, type DatabaseHealth, repairSchema} from '../store/health.js';
import {migrate, schemaVersion} from '../store/migrate.js';
import {formatBytes} from '../settings/units.js';
import {check, type Check} from './doctor-check.js';

/** Past this, the WAL is not being checkpointed (a reader pins it): readers slow down and disk fills. */
export const oversizedWalBytes = 64 * 1024 * 1024;

const sizeOf = (path: string): number | null => {
	try {
		return statSync(path).size;
	} catch {
		return null;
	}
};

/** The database checks: it opens, quick_check, WAL, schema version. Each says what to do when it is not ok. */
export function databaseChecks(path: string, why: string): Check[] {
	if (!existsSync(path)) return [check('database', 'warn', `no database yet at ${path} (${why}): the first recorded event creates it`)];
	let health: DatabaseHealth;
	try {
		health = databaseHealth(path);
	} catch (error) {
		return [check('database', 'fail', `cannot open ${path}: ${(error as Error).message}`)];
	}
	if (health.foreign) return [check('database', 'fail', `${health.foreign}; pass --db, or set "db" in the config, to record elsewhere`)];
	const repair = {apply: () => `journal mode ${repairSchema(path)}, schema version ${schemaVersion}`};
	const checks = [check('database', 'ok', `${path} opens (${why})`)];
	const findings = health.quickCheck.flatMap(finding => finding.split('\n')).filter(line => line && !line.startsWith('***'));
	checks.push(
		findings.length === 1 && findings[0] === 'ok'
			? check('integrity', 'ok', 'PRAGMA quick_check: ok')
			: check(
					'integrity',
					'fail',
					`PRAGMA quick_check found ${findings.length >= 20 ? '20 or more' : findings.length} problem(s), the first: ${findings[0]}; copy the file aside, then rebuild it with \`sqlite3 OLD .recover | sqlite3 NEW\``,
				),
	);
	checks.push(
		health.journalMode === 'wal'
			? check('journal', 'ok', 'journal mode WAL')
			: check('journal', 'fail', `journal mode is ${health.journalMode}, not WAL: recorders and viewers block each other (--fix switches it)`, repair),
	);
	if (health.userVersion === schemaVersion) checks.push(check('schema', 'ok', `version ${schemaVersion} (current)`));
	else if (health.userVersion > schemaVersion)
		checks.push(check('schema', 'fail', `version ${health.userVersion} is newer than this eyelet's (${schemaVersion}): upgrade eyelet`));
	else if (!health.hasEvents && health.userVersion === 0)
		checks.push(check('schema', 'warn', 'empty database: no event recorded yet (--fix creates the tables)', repair));
	else
		checks.push(
			check('schema', 'warn', `version ${health.userVersion}, current ${schemaVersion}: the next recorded event migrates it (--fix does it now)`, repair),
		);
	return checks;
}

export function sizeCheck(path: string): Check {
	const db = sizeOf(path);
	if (db === null) return check('size', 'ok', 'no database yet');
	const wal = sizeOf(`${path}-wal`) ?? 0;
	const text = `database ${formatBytes(db)}, WAL ${formatBytes(wal)}`;
	if (diskNearlyFull(path))
		return check('size', 'warn', `${text}: the disk is nearly full, so recorders spool every event until it has room again; free some space`);
	if (wal <= oversizedWalBytes) return check('size', 'ok', text);
	return check(
		'size',
		'warn',
		`${text}: the WAL is over ${formatBytes(oversizedWalBytes)}, a long-lived reader keeps it from being checkpointed (--fix truncates it)`,
		{
			apply: () =>
				checkpointTruncate(path)
					? `checkpointed; WAL now ${formatBytes(sizeOf(`${path}-wal`) ?? 0)}`
					: 'a reader still holds the WAL: close eyelet tui and other readers, then run doctor --fix again',
		},
	);
}

const listBad = (dir: string): number => {
	try {
		return readdirSync(join(dir, 'bad')).length;
	} catch {
		return 0;
	}
};

export function spoolCheck(path: string): Check {
	const waiting = spoolBacklog(path, {scanTmp: true});
	const folders = spoolFolders(path, {scanTmp: true});
	const bad = folders.reduce((sum, folder) => sum + listBad(folder.dir), 0);
	const badText = bad ? `; ${bad} unreadable file(s) in ${folders.map(folder => join(folder.dir, 'bad')).join(' or ')} to look at` : '';
	if (waiting === 0) return check('spool', bad ? 'warn' : 'ok', `empty${badText}`);
	return check(
		'spool',
		'warn',
		`${waiting} event(s) wait in the spool (the database was locked or unwritable); recorders drain a few per run (--fix drains them now)${badText}`,
		{
			apply: () => {
				const db = openWriter(path);
				try {
					migrate(db);
					const result = drainSpool(db, path, Number.POSITIVE_INFINITY, {scanTmp: true});
					return `drained ${result.drained} event(s)${result.bad ? `, ${result.bad} unreadable moved to spool/bad` : ''}`;
				} finally {
					db.close();
				}
			},
		},
	);
}

interface PrivateFile {
	path: string;
	label: string;
	mode: number;
}

/**
 * The files that hold events or their text: the spool, the database, its WAL and shm, the log, and
 * eyelet's data directory (a database placed elsewhere with --db lives in a folder that is the user's).
 */
function privateFiles(path: string): PrivateFile[] {
	const dir = dirname(path);
	const name = basename(path);
	const log = logPath(path);
	return [
		...(dir === dataDir() ? [{path: dir, label: 'data dir', mode: 0o700}] : []),
		{path: spoolDirs(path)[0]!, label: 'spool', mode: 0o700},
		{path, label: name, mode: 0o600},
		{path: `${path}-wal`, label: `${name}-wal`, mode: 0o600},
		{path: `${path}-shm`, label: `${name}-shm`, mode: 0o600},
		{path: log, label: basename(log), mode: 0o600},
		{path: `${log}.1`, label: `${basename(log)}.1`, mode: 0o600},
	];
}

const octal = (mode: number) => mode.toString(8).padStart(4, '0');

/** Events hold prompts, code and command output: only their owner may read them. */
export function permissionsCheck(path: string): Check {
	const uid = typeof process.getuid === 'function' ? process.getuid() : null;
	const seen: string[] = [];
	const loose: PrivateFile[] = [];
	const foreign: string[] = [];
	for (const file of privateFiles(path)) {
		let stat: Stats;
		try {
			stat = lstatSync(file.path);
		} catch {
			continue;
		}
		// A symlink is the folders check's business: chmod would change the file it points to.
		if (stat.isSymbolicLink()) continue;
		const mode = stat.mode & 0o777;
		seen.push(`${file.label} ${octal(mode)}`);
		if (uid !== null && stat.uid !== uid) foreign.push(file.label);
		else if (mode & 0o077) loose.push(file);
	}
	if (seen.length === 0) return check('permissions', 'ok', 'nothing written yet');
	const foreignText = foreign.length ? `; not yours, left alone: ${foreign.join(', ')}` : '';
	if (loose.length === 0) return check('permissions', foreign.length ? 'warn' : 'ok', `${seen.join(', ')}${foreignText}`);
	return check(
		'permissions',
		'fail',
		`readable by others: ${loose.map(file => file.label).join(', ')} (${seen.join(', ')}); --fix makes them ${loose.some(file => file.mode === 0o700) ? '0700/0600' : '0600'}${foreignText}`,
		{
			apply: () => {
				for (const file of loose) chmodSync(file.path, file.mode);
				return `chmod ${loose.map(file => `${octal(file.mode)} ${file.label}`).join(', ')}`;
			},
		},
	);
}

/**
 * The Python eyelet keeps its SQLite file where eyelet's default database used to be: when one is
 * there, say so and how to bring its history in. No line when there is none.
 */
export function pythonEyeletChecks(checkedDb: string): Check[] {
	const path = join(dataDir(), legacyDatabaseFileName);
	if (path === checkedDb || !existsSync(path) || isEyeletHeader(readSqliteHeader(path))) return [];
	let count: number;
	try {
		const db = openPythonHooks(path);
		if (!db) return [];
		try {
			count = pythonHookCount(db);
		} finally {
			db.close();
		}
	} catch {
		return [];
	}
	return [
		check(
			'python eyelet',
			'ok',
			`found the Python eyelet's database at ${displayPath(path)} (${count} event${count === 1 ? '' : 's'}); eyelet records into ${displayPath(checkedDb)} beside it: \`eyelet import ${displayPath(path)}\` brings that history in`,
		),
	];
}

/**
 * With the http transport: how many deliveries to eyelet serve Claude Code reported as failed in the
 * transcripts read so far, and how many of those events were rebuilt from them. No line without it.
 */
export function deliveriesCheck(path: string): Check[] {
	if (!readServeKey(path) || !existsSync(path)) return [];
	let totals: DeliveryTotals;
	try {
		const db = openReader(path);
		try {
			totals = deliveryTotals(db);
		} finally {
			db.close();
		}
	} catch {
		return [];
	}
	if (totals.failed === 0 && totals.rebuilt === 0) return [check('deliveries', 'ok', 'no failed delivery to eyelet serve in the transcripts read')];
	const text = `${totals.failed} deliveries to eyelet serve failed; ${totals.rebuilt} events rebuilt from transcripts`;
	return [
		check(
			'deliveries',
			totals.rebuilt >= totals.failed ? 'ok' : 'warn',
			totals.rebuilt >= totals.failed ? text : `${text}: \`eyelet harvest\` rebuilds the rest`,
		),
	];
}
