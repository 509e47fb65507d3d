import type {Status} from '../events/types.js';
import type {ReadDb} from '../store/db.js';
import type {EventFilter} from '../store/events.js';
import {AmbiguousSessionError, resolveSessionId} from '../store/sessions.js';
import {UserError} from './user-error.js';
import {parseTime} from './time.js';

const statuses: readonly Status[] = ['ok', 'error', 'denied', 'invalid'];

/** The filter flags shared by query, tail and stats. */
export const filterFlags = {
	session: {type: 'string' as const},
	event: {type: 'string' as const},
	tool: {type: 'string' as const},
	status: {type: 'string' as const},
	project: {type: 'string' as const},
	since: {type: 'string' as const},
	until: {type: 'string' as const},
	search: {type: 'string' as const},
};

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

export function filterFromFlags(flags: Record<string, unknown>): EventFilter {
	const status = text(flags['status']);
	const wanted = status ? status.split(',').map(part => part.trim()) : null;
	const unknown = wanted?.find(part => !statuses.includes(part as Status));
	if (unknown !== undefined) throw new UserError(`--status "${unknown}" is not one of ${statuses.join(', ')}`);
	const since = text(flags['since']);
	const until = text(flags['until']);
	return {
		sessionId: text(flags['session']),
		event: text(flags['event']),
		tool: text(flags['tool']),
		statuses: wanted as Status[] | null,
		project: text(flags['project']),
		since: since ? parseTime(since, '--since') : null,
		until: until ? parseTime(until, '--until') : null,
		search: text(flags['search']),
	};
}

/** --session as a unique prefix of a session id (as lists show them) becomes the full id; an unknown one stays as given and matches nothing. */
export function resolveSession(db: ReadDb, filter: EventFilter): EventFilter {
	if (!filter.sessionId) return filter;
	try {
		const sessionId = resolveSessionId(db, filter.sessionId);
		return sessionId ? {...filter, sessionId} : filter;
	} catch (error) {
		if (error instanceof AmbiguousSessionError) throw new UserError(`--session "${filter.sessionId}" matches more than one session: give more characters`);
		throw error;
	}
}
