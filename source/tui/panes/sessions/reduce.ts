import {type SessionFilter, type SessionSort, sessionSorts} from '../../../store/sessions.js';
import {findFilter, nextWindow, withFilter, withoutFilter} from '../../filters.js';
import {cursorStep} from '../../cursor-step.js';
import type {KeyCommand} from '../../key-bindings.js';
import {type SessionAction, sessionWindow, type SessionsState} from './state.js';
import {type FilterTerm, listHeight, type State} from '../../state.js';

// The sessions pane as pure functions over State: cursor, window of rows, sort and filters.

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

export const sortLabels: Record<SessionSort, string> = {
	last: 'last activity',
	first: 'start',
	duration: 'duration',
	events: 'events',
	prompts: 'prompts',
	tools: 'tool calls',
	errors: 'errors',
	subagents: 'subagents',
	project: 'project',
};

/** Lines of the sessions table: the pane's list height less its title line. */
export const sessionsHeight = (state: Pick<State, 'rows'>) => Math.max(1, listHeight(state) - 1);

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

/** Cursor kept in the list and on screen; a new window asked for when the cursor nears an edge of the one held. */
export function settleSessions(sessions: SessionsState, height: number): SessionsState {
	const cursor = clamp(sessions.cursor, 0, Math.max(0, sessions.total - 1));
	let top = sessions.top;
	if (cursor < top) top = cursor;
	if (cursor >= top + height) top = cursor - height + 1;
	top = clamp(top, 0, Math.max(0, sessions.total - height));
	let {request, version} = sessions;
	const end = sessions.offset + sessions.rows.length;
	const margin = height * 2;
	const short = (sessions.offset > 0 && top < sessions.offset + margin) || (end < sessions.total && top + height > end - margin);
	if (!request && sessions.loaded && short) {
		version++;
		request = {version, offset: Math.max(0, Math.min(cursor - Math.floor(sessionWindow / 2), sessions.total - sessionWindow))};
	}
	return {...sessions, cursor, top, request, version};
}

const settled = (state: State, sessions: SessionsState): State => ({...state, sessions: settleSessions(sessions, sessionsHeight(state))});

/** Starts over from the first session: new filters or a new order. */
function relist(state: State, change: Partial<SessionsState>): State {
	const version = state.sessions.version + 1;
	return {
		...state,
		sessions: {
			...state.sessions,
			...change,
			rows: [],
			offset: 0,
			total: 0,
			cursor: 0,
			top: 0,
			loaded: false,
			keep: null,
			version,
			request: {version, offset: 0},
		},
	};
}

/** Reads the window again (new events arrived); the cursor stays on its session if it is still listed. */
export function reloadSessions(sessions: SessionsState): SessionsState {
	if (sessions.request) return sessions;
	const version = sessions.version + 1;
	return {...sessions, version, request: {version, offset: sessions.offset}, keep: sessions.rows[sessions.cursor - sessions.offset]?.sessionId ?? null};
}

export function sessionsLoaded(state: State, action: Extract<SessionAction, {type: 'sessionsLoaded'}>): State {
	const {sessions} = state;
	if (sessions.request?.version !== action.version) return state;
	let cursor = sessions.cursor;
	const kept = sessions.keep ? action.rows.findIndex(row => row.sessionId === sessions.keep) : -1;
	if (kept >= 0) cursor = action.offset + kept;
	return settled(state, {...sessions, rows: action.rows, offset: action.offset, total: action.total, cursor, request: null, loaded: true, keep: null});
}

/** The search box's text, applied to the sessions (from the search overlay opened in this pane). */
export function searchSessions(state: State, text: string): State {
	const filters = state.sessions.filters;
	if (!text) return findFilter(filters, 'search') ? relist(state, {filters: withoutFilter(filters, 'search')}) : state;
	return relist(state, {filters: withFilter(filters, {kind: 'search', value: text, label: `/${text}`})});
}

function nextState(filters: readonly FilterTerm[]): FilterTerm[] {
	const current = findFilter(filters, 'state')?.value;
	if (!current) return withFilter(filters, {kind: 'state', value: 'live', label: 'live'});
	if (current === 'live') return withFilter(filters, {kind: 'state', value: 'ended', label: 'ended'});
	return withoutFilter(filters, 'state');
}

/** The cursor's session, if its row is loaded. */
export const sessionAtCursor = (sessions: SessionsState) => sessions.rows[sessions.cursor - sessions.offset];

export function sessionsCommand(state: State, command: KeyCommand, open: (state: State, sessionId: string) => State): State {
	const {sessions} = state;
	const page = sessionsHeight(state);
	const move = (delta: number) => settled(state, {...sessions, cursor: sessions.cursor + delta});
	const filters = sessions.filters;
	const step = cursorStep(command, page);
	if (step !== null) return move(step === 'top' ? -sessions.cursor : step === 'bottom' ? sessions.total : step);
	switch (command) {
		case 'open': {
			const row = sessionAtCursor(sessions);
			return row ? open(state, row.sessionId) : state;
		}
		case 'sortNext': {
			const sort = sessionSorts[(sessionSorts.indexOf(sessions.sort) + 1) % sessionSorts.length]!;
			return relist({...state, toast: `sessions by ${sortLabels[sort]}`}, {sort, descending: sort !== 'project'});
		}
		case 'sortReverse':
			return relist(state, {descending: !sessions.descending});
		case 'search':
			return {...state, overlay: {kind: 'search', text: findFilter(filters, 'search')?.value ?? '', target: 'sessions'}};
		case 'errorsOnly':
			return relist(state, {
				filters: findFilter(filters, 'errors') ? withoutFilter(filters, 'errors') : withFilter(filters, {kind: 'errors', value: '1', label: 'with errors'}),
			});
		case 'liveOrEnded':
			return relist(state, {filters: nextState(filters)});
		case 'timeWindow': {
			const window = nextWindow(filters);
			return relist(state, {
				filters: window ? withFilter(filters, {...window, label: window.label.replace('last', 'active in the last')}) : withoutFilter(filters, 'window'),
			});
		}
		case 'clearLast':
			return filters.length ? relist(state, {filters: filters.slice(0, -1)}) : state;
		case 'clearAll':
			return filters.length ? relist(state, {filters: []}) : state;
		default:
			return state;
	}
}
