import {type SessionFilter, type SessionSort, sessionSorts} from '../../../store/sessions.js';
import {type FilterTerm, findFilter, nextWindow, withFilter, withoutFilter} from '../../filters.js';
import type {KeyCommand} from '../../key-bindings.js';
import {move, reselect, settle, stepOf} from '../../list-window.js';
import type {Outcome} from '../../navigation.js';
import {sessionAtCursor, type SessionsAction, type SessionsState, sessionWindow} from './state.js';

// The sessions pane as pure functions over its state: cursor, window of rows, sort and filters.

export const sortLabels: Record<SessionSort, string> = {
	last: 'last activity',
	first: 'start',
	duration: 'duration',
	events: 'events',
	prompts: 'prompts',
	tools: 'tool calls',
	errors: 'errors',
	subagents: 'subagents',
	cost: 'cost',
	project: 'project',
};

/** The store's filter for the pane's terms; a time window counts back from `now`. */
export function toSessionFilter(filters: readonly FilterTerm[], now: number): SessionFilter {
	const filter: SessionFilter = {};
	for (const term of filters) {
		if (term.kind === 'search') filter.search = term.value;
		if (term.kind === 'errors') filter.withErrors = true;
		if (term.kind === 'state') filter.state = term.value === 'live' ? 'live' : 'ended';
		if (term.kind === 'window') filter.since = now - Number(term.value);
	}
	return filter;
}

/** A new window asked for when the screen nears an edge of the one held (the cursor is over the whole list). */
function windowFor(sessions: SessionsState, height: number): SessionsState {
	if (sessions.request || !sessions.loaded) return sessions;
	const end = sessions.offset + sessions.rows.length;
	const margin = height * 2;
	const short = (sessions.offset > 0 && sessions.top < sessions.offset + margin) || (end < sessions.total && sessions.top + height > end - margin);
	if (!short) return sessions;
	const version = sessions.version + 1;
	const offset = Math.max(0, Math.min(sessions.cursor - Math.floor(sessionWindow / 2), sessions.total - sessionWindow));
	return {...sessions, version, request: {version, offset}};
}

/** Starts over from the first session: new filters or a new order. */
function relist(sessions: SessionsState, change: Partial<SessionsState>): SessionsState {
	const version = sessions.version + 1;
	return {...sessions, ...change, rows: [], offset: 0, total: 0, cursor: 0, top: 0, loaded: false, version, request: {version, offset: 0}};
}

/** Reads the window again (new events arrived): sessionsLoaded keeps the cursor on its session. */
export function reloadSessions(sessions: SessionsState): SessionsState {
	if (sessions.request) return sessions;
	const version = sessions.version + 1;
	return {...sessions, version, request: {version, offset: sessions.offset}};
}

/**
 * A window arrived. The list may have re-sorted since the last one (sessions with new events move up):
 * the cursor stays on the session that is under it now, the one Enter would open, wherever it went;
 * when it left the list, the cursor keeps its place.
 */
export function sessionsLoaded(sessions: SessionsState, action: SessionsAction, height: number): SessionsState {
	if (sessions.request?.version !== action.version) return sessions;
	const selected = sessionAtCursor(sessions)?.sessionId;
	const found = selected === undefined ? -1 : action.rows.findIndex(row => row.sessionId === selected);
	const next = {...sessions, rows: action.rows, offset: action.offset, total: action.total, usage: action.usage ?? new Map(), request: null, loaded: true};
	return windowFor(reselect(next, found < 0 ? -1 : action.offset + found, action.total, height), height);
}

/** The search box's text, applied to the sessions (from the search overlay opened in this pane). */
export function searchSessions(sessions: SessionsState, text: string): SessionsState {
	const filters = sessions.filters;
	if (!text) return findFilter(filters, 'search') ? relist(sessions, {filters: withoutFilter(filters, 'search')}) : sessions;
	return relist(sessions, {filters: withFilter(filters, {kind: 'search', value: text, label: `/${text}`})});
}

function nextState(filters: readonly FilterTerm[]): FilterTerm[] {
	const current = findFilter(filters, 'state')?.value;
	if (!current) return withFilter(filters, {kind: 'state', value: 'live', label: 'live'});
	if (current === 'live') return withFilter(filters, {kind: 'state', value: 'ended', label: 'ended'});
	return withoutFilter(filters, 'state');
}

/** A resize: the cursor kept on screen, a new window read if the screen now reaches past the one held. */
export const resizeSessions = (sessions: SessionsState, height: number): SessionsState => windowFor(settle(sessions, sessions.total, height), height);

export function sessionsCommand(sessions: SessionsState, command: KeyCommand<'sessions'>, height: number): Outcome<SessionsState> {
	const filters = sessions.filters;
	const step = stepOf(command, height);
	if (step !== null) return {pane: windowFor(move(sessions, step, sessions.total, height), height)};
	switch (command) {
		case 'open': {
			const row = sessionAtCursor(sessions);
			return row ? {pane: sessions, go: {to: 'timeline', sessionId: row.sessionId, eventId: null}} : {pane: sessions};
		}
		case 'sortNext': {
			const sort = sessionSorts[(sessionSorts.indexOf(sessions.sort) + 1) % sessionSorts.length]!;
			return {pane: relist(sessions, {sort, descending: sort !== 'project'}), toast: `sessions by ${sortLabels[sort]}`};
		}
		case 'sortReverse':
			return {pane: relist(sessions, {descending: !sessions.descending})};
		case 'search':
			return {pane: sessions, go: {to: 'search', text: findFilter(filters, 'search')?.value ?? '', target: 'sessions'}};
		case 'errorsOnly':
			return {
				pane: relist(sessions, {
					filters: findFilter(filters, 'errors') ? withoutFilter(filters, 'errors') : withFilter(filters, {kind: 'errors', value: '1', label: 'with errors'}),
				}),
			};
		case 'liveOrEnded':
			return {pane: relist(sessions, {filters: nextState(filters)})};
		case 'timeWindow': {
			const window = nextWindow(filters);
			return {
				pane: relist(sessions, {
					filters: window ? withFilter(filters, {...window, label: window.label.replace('last', 'active in the last')}) : withoutFilter(filters, 'window'),
				}),
			};
		}
		case 'clearLast':
			return {pane: filters.length ? relist(sessions, {filters: filters.slice(0, -1)}) : sessions};
		case 'clearAll':
			return {pane: filters.length ? relist(sessions, {filters: []}) : sessions};
		default:
			return {pane: sessions};
	}
}
