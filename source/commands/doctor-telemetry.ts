import {readServeKey} from '../settings/serve-file.js';
import {telemetryWiring} from '../settings/telemetry-edit.js';
import {openReader} from '../store/db.js';
import {hasTelemetry} from '../store/telemetry.js';
import {check, type Check} from './doctor-check.js';
import type {ScopeState} from './doctor-hooks.js';
import {displayPath} from './settings-edit.js';

/**
 * Which way Claude Code's OpenTelemetry is wired, as the user settings (the only scope it reads them
 * from) and this shell say: to this database's eyelet serve, to a collector of the user's own, or
 * nowhere; and when telemetry last arrived.
 */
export function telemetryChecks(states: readonly ScopeState[], dbPath: string, env: NodeJS.ProcessEnv = process.env): Check[] {
	const user = states.find(state => state.scope === 'user');
	if (!user || user.error) return [];
	const wiring = telemetryWiring(user.settings, env);
	const where = displayPath(user.path);
	const ignored = states.filter(state => state.scope !== 'user' && !state.error && telemetryWiring(state.settings).kind !== 'none');
	const checks: Check[] = ignored.map(state =>
		check(
			'telemetry',
			'warn',
			`${displayPath(state.path)} sets an OTLP endpoint, but Claude Code reads telemetry settings only from the user settings: it has no effect there`,
		),
	);
	if (wiring.kind === 'none')
		return [...checks, check('telemetry', 'ok', `off (${where} exports none); \`eyelet install --telemetry\` sends it to eyelet serve`)];
	if (wiring.kind === 'collector')
		return [
			...checks,
			check(
				'telemetry',
				'ok',
				`to your own collector at ${wiring.endpoint} (${wiring.key}); eyelet gets it only if that collector fans out to it (see \`eyelet install --telemetry\`)`,
			),
		];
	const key = readServeKey(dbPath);
	const port = Number(/:(\d+)\/?$/.exec(wiring.endpoint)?.[1]);
	if (!key || key.port !== port)
		return [
			...checks,
			check(
				'telemetry',
				'warn',
				`${where} sends it to ${wiring.endpoint}, but this database's eyelet serve listens on port ${key?.port ?? '(none)'}: run \`eyelet install --telemetry\` again`,
			),
		];
	let last: number | null = null;
	try {
		const db = openReader(dbPath);
		try {
			if (hasTelemetry(db)) last = db.value<number>('SELECT received_ts FROM telemetry ORDER BY id DESC LIMIT 1') ?? null;
		} finally {
			db.close();
		}
	} catch {
		// the database checks say why
	}
	const received = last === null ? 'none received yet (a Claude Code session started after install sends it)' : `last received ${new Date(last).toISOString()}`;
	return [...checks, check('telemetry', 'ok', `to eyelet serve at ${wiring.endpoint}, from ${where}; ${received}`)];
}
