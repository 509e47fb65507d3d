import {durationMs} from '../settings/units.js';
import {UserError} from './user-error.js';

const units: Record<string, number> = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};

/** Parses "30m", "2h", "7d" (that long ago) or an ISO date/time into Unix ms. */
export function parseTime(text: string, flag: string, now = Date.now()): number {
	const relative = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
	if (relative) return now - Number(relative[1]) * units[relative[2]!]!;
	const absolute = Date.parse(text);
	if (Number.isNaN(absolute)) throw new UserError(`${flag} "${text}" is not a time: use e.g. 30m, 2h, 7d or 2026-11-27T10:00`);
	return absolute;
}

/** Parses "30d", "12h" into a duration in ms. */
export function parseDuration(text: string, flag: string): number {
	const ms = durationMs(text);
	if (ms === null) throw new UserError(`${flag} "${text}" is not a duration: use e.g. 30d, 12h, 45m`);
	return ms;
}

/** ISO 8601 UTC with milliseconds, the time format of every machine-readable output. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();
