import type {FilterTerm} from './filters.js';
import type {Match, Scope} from './key-bindings.js';
import {commandFor, type KeyEvent} from './key-matchers.js';
import {
	bodyHeight,
	groupListHeight,
	helpHeight,
	hooksListHeight,
	listHeight,
	occurrenceListHeight,
	pickerHeight,
	sessionsHeight,
	timelineHeight,
} from './layout.js';
import type {Intent, NextSeq, Outcome, PaneId} from './navigation.js';
import {cachedDetailLines} from './overlays/detail-lines.js';
import {detailCommand, helpCommand, pickerCommand, searchCommand} from './overlays/reduce.js';
import {type DetailState, detailOf} from './overlays/state.js';
import {type ErrorsContext, errorsCommand, occurrenceDetailCommand, reduceErrors, requestJump} from './panes/errors/reduce.js';
import {hooksCommand, hooksLoaded, resizeHooks} from './panes/hooks/reduce.js';
import {reloadHooks} from './panes/hooks/state.js';
import {reloadSessions, resizeSessions, searchSessions, sessionsCommand, sessionsLoaded} from './panes/sessions/reduce.js';
import {applyPage, applyPoll, moveCursor, settle, streamCommand, streamOn} from './panes/stream/reduce.js';
import {emptyStream} from './panes/stream/state.js';
import {reloadTimeline, resizeTimeline, stepTimeline, timelineCommand, timelineEvent, timelineLoaded} from './panes/timeline/reduce.js';
import {emptyTimeline} from './panes/timeline/state.js';
import type {Action, State} from './state.js';

// Every key and every result from the database goes through here: (state, action) → state, no I/O.
// Each pane reduces its own state (panes/<pane>/reduce.ts); this routes keys and answers to them,
// and carries out the intents they return: every way from one pane to another passes here.

/** Runs a pane reducer that numbers its requests; the state comes back with the counter it advanced. */
function numbered<T>(state: State, run: (nextSeq: NextSeq) => T): [T, State] {
	let seq = state.seq;
	const result = run(() => ++seq);
	return [result, seq === state.seq ? state : {...state, seq}];
}

/** A root step that numbers requests, given the state to work on. */
function counting(state: State, run: (state: State, nextSeq: NextSeq) => State): State {
	const [next, counted] = numbered(state, nextSeq => run(state, nextSeq));
	return counted === state ? next : {...next, seq: counted.seq};
}

/** A part of the state replaced; the same state when the part did not change, so stale answers change nothing. */
const put = <K extends keyof State>(state: State, key: K, value: State[K]): State => (state[key] === value ? state : {...state, [key]: value});
const putErrors = (state: State, errors: State['errors']) => put(state, 'errors', errors);
const putStream = (state: State, stream: State['stream']) => put(state, 'stream', stream);
const putOverlay = (state: State, overlay: State['overlay']) => put(state, 'overlay', overlay);
const putSessions = (state: State, sessions: State['sessions']) => put(state, 'sessions', sessions);
const putHooks = (state: State, hooks: State['hooks']) => put(state, 'hooks', hooks);
const putTimeline = (state: State, timeline: State['timeline']) => put(state, 'timeline', timeline);

const errorsContext = (state: State, nextSeq: NextSeq): ErrorsContext => ({
	groupHeight: groupListHeight(state),
	occurrenceHeight: occurrenceListHeight(state),
	nextSeq,
});

/** Re-settles the stream after a change: cursor on screen, next page requested when near an edge. */
const settled = (state: State): State => counting(state, (state, nextSeq) => ({...state, stream: settle(state.stream, listHeight(state), nextSeq)}));

/** New filters: start over from the newest matching events, following. */
function refilter(state: State, filters: FilterTerm[]): State {
	const seq = state.seq + 1;
	return {...state, filters, filterVersion: state.filterVersion + 1, stream: emptyStream(seq), seq};
}

/** A session's timeline over the current pane (Esc or q comes back to it), on an event's line when given. */
function openTimeline(state: State, sessionId: string, eventId: number | null): State {
	return {...state, overlay: null, timeline: emptyTimeline(sessionId, state.timeline?.from ?? state.pane, eventId)};
}

function closeTimeline(state: State): State {
	return state.timeline ? {...state, timeline: null, pane: state.timeline.from} : state;
}

/** Goes to a pane (Tab, `s`, `H`): a timeline on top is closed, and the pane's data read afresh. */
function showPane(state: State, pane: PaneId): State {
	const next = {...state, pane, timeline: null};
	if (pane === 'hooks') return putHooks(next, reloadHooks(state.hooks));
	if (pane === 'sessions') return putSessions(next, reloadSessions(state.sessions));
	return next;
}

/** New events were counted: what is on screen is read again. */
function refreshViews(state: State): State {
	if (state.timeline) return putTimeline(state, reloadTimeline(state.timeline));
	if (state.pane === 'sessions' && state.sessions.loaded) return putSessions(state, reloadSessions(state.sessions));
	if (state.pane === 'hooks' && !state.hooks.request) return putHooks(state, reloadHooks(state.hooks));
	return state;
}

/** Carries out what a pane asked for. */
function navigate(state: State, intent: Intent): State {
	switch (intent.to) {
		case 'detail':
			return {...state, overlay: detailOf(intent.row)};
		case 'timeline':
			return openTimeline(state, intent.sessionId, intent.eventId);
		case 'closeTimeline':
			return closeTimeline(state);
		case 'event':
			return counting(state, (state, nextSeq) => ({
				...state,
				overlay: null,
				pane: 'stream',
				stream: streamOn(state.stream, intent.id, listHeight(state), nextSeq),
			}));
		case 'filters':
			return refilter(state, intent.filters);
		case 'errorJump':
			return counting(state, (state, nextSeq) => ({...state, errors: requestJump(state.errors, intent.fromId, intent.direction, nextSeq)}));
		case 'search':
			return {...state, overlay: {kind: 'search', text: intent.text, ...(intent.target === 'sessions' ? {target: 'sessions' as const} : {})}};
		case 'picker':
			return {...state, overlay: {kind: 'picker', field: intent.field, options: null, query: '', cursor: 0, top: 0}};
		case 'searchSessions':
			return {...state, sessions: searchSessions(state.sessions, intent.text)};
	}
}

/** A pane's outcome applied: its state put back (by `put`), then its toast and intent. */
function apply<T>(state: State, outcome: Outcome<T>, put: (state: State, pane: T) => State): State {
	let next = put(state, outcome.pane);
	if (outcome.toast !== undefined) next = {...next, toast: outcome.toast};
	return outcome.go ? navigate(next, outcome.go) : next;
}

/** A pane reducer that numbers requests, run and applied: the intent is carried out after the counter moved. */
function applyNumbered<T>(state: State, run: (nextSeq: NextSeq) => Outcome<T>, put: (state: State, pane: T) => State): State {
	const [outcome, counted] = numbered(state, run);
	return apply(counted, outcome, put);
}

export function scopeOf(state: State): Exclude<Scope, 'global'> {
	if (state.overlay) return state.overlay.kind;
	if (state.timeline) return 'timeline';
	if (state.pane === 'errors') return state.errors.open ? 'occurrences' : 'errors';
	if (state.pane === 'sessions' || state.pane === 'hooks') return state.pane;
	return 'stream';
}

function globalCommand(state: State, command: Extract<Match, {scope: 'global'}>['command']): State {
	switch (command) {
		case 'quit':
			return {...state, quit: true};
		case 'back':
			if (state.overlay) return {...state, overlay: null};
			if (state.timeline) return closeTimeline(state);
			if (state.pane === 'errors' && state.errors.open) return {...state, errors: {...state.errors, open: null}};
			if (state.pane !== state.panes[0]) return {...state, pane: state.panes[0]!};
			return {...state, quit: true};
		case 'help':
			return {...state, overlay: state.overlay?.kind === 'help' ? null : {kind: 'help', scroll: 0}};
		case 'nextPane':
		case 'prevPane': {
			if (state.overlay) return state;
			const index = state.panes.indexOf(state.pane);
			const step = command === 'nextPane' ? 1 : state.panes.length - 1;
			return showPane(state, state.panes[(index + step) % state.panes.length]!);
		}
		case 'sessionsPane':
		case 'hooksPane': {
			const pane = command === 'sessionsPane' ? 'sessions' : 'hooks';
			return state.overlay || !state.panes.includes(pane) ? state : showPane(state, pane);
		}
	}
}

/** Keys over an event's payload: scrolling is the overlay's; stepping, copying and finding its place reach the pane below. */
function detailKey(state: State, overlay: DetailState, command: Extract<Match, {scope: 'detail'}>['command']): State {
	if (state.pane === 'errors' && state.errors.open) {
		const [outcome, counted] = numbered(state, nextSeq => occurrenceDetailCommand(state.errors, overlay.row, command, errorsContext(state, nextSeq)));
		if (outcome) return apply(counted, outcome, putErrors);
	}
	switch (command) {
		case 'prevEvent':
		case 'nextEvent': {
			const step = command === 'prevEvent' ? -1 : 1;
			if (state.timeline) {
				const timeline = stepTimeline(state.timeline, step, timelineHeight(state));
				return timeline ? {...state, timeline} : state;
			}
			const moved = settled({...state, stream: moveCursor(state.stream, step)});
			const row = moved.stream.rows[moved.stream.cursor];
			return !row || row === overlay.row ? state : {...moved, overlay: detailOf(row)};
		}
		case 'copy':
			return typeof overlay.payload === 'object' && overlay.payload !== null
				? {...state, copySeq: state.copySeq + 1}
				: {...state, toast: 'nothing to copy yet'};
		default: {
			const lines = cachedDetailLines(overlay.row, overlay.payload, state.columns).length;
			return {...state, overlay: detailCommand(overlay, command, lines, bodyHeight(state))};
		}
	}
}

/** Sends a key to what is on top: the overlay, else the timeline, else the pane. Global keys first. */
function routeKey(state: State, match: Match | null, input: string, key: KeyEvent): State {
	const {overlay} = state;
	if (match?.scope === 'global') return globalCommand(state, match.command);
	// The search box and the pickers take typed text: a key without a binding there is a character.
	const typed = {command: null, input, key};
	if (overlay?.kind === 'picker')
		return apply(state, pickerCommand(overlay, state.filters, match?.scope === 'picker' ? match : typed, pickerHeight(state)), putOverlay);
	if (overlay?.kind === 'search') return apply(state, searchCommand(overlay, state.filters, match?.scope === 'search' ? match : typed), putOverlay);
	if (!match) return state;
	switch (match.scope) {
		case 'detail':
			return overlay?.kind === 'detail' ? detailKey(state, overlay, match.command) : state;
		case 'help':
			return overlay?.kind === 'help' ? {...state, overlay: helpCommand(overlay, match.command, helpHeight(state))} : state;
		case 'timeline':
			return state.timeline ? apply(state, timelineCommand(state.timeline, match.command, timelineHeight(state)), putTimeline) : state;
		case 'errors':
		case 'occurrences':
			return applyNumbered(state, nextSeq => errorsCommand(state.errors, match.command, errorsContext(state, nextSeq)), putErrors);
		case 'sessions':
			return apply(state, sessionsCommand(state.sessions, match.command, sessionsHeight(state)), putSessions);
		case 'hooks':
			return apply(state, hooksCommand(state.hooks, match.command, hooksListHeight(state)), putHooks);
		case 'stream':
			return applyNumbered(state, nextSeq => streamCommand(state.stream, state.filters, match.command, input, {height: listHeight(state), nextSeq}), putStream);
		default:
			return state;
	}
}

function reduceKey(state: State, input: string, key: KeyEvent): State {
	const match = commandFor(scopeOf(state), input, key);
	return routeKey(state.toast ? {...state, toast: null} : state, match, input, key);
}

/** A new terminal size: every list keeps its cursor on screen. */
function resize(state: State, columns: number, rows: number): State {
	const next = {...state, columns, rows};
	return settled({
		...next,
		sessions: resizeSessions(next.sessions, sessionsHeight(next)),
		hooks: resizeHooks(next.hooks, hooksListHeight(next)),
		timeline: next.timeline && resizeTimeline(next.timeline, timelineHeight(next)),
	});
}

export function reduce(state: State, action: Action): State {
	switch (action.type) {
		case 'key':
			return reduceKey(state, action.input, action.key);
		case 'resize':
			return resize(state, action.columns, action.rows);
		case 'connection': {
			const next = {...state, connection: action.connection};
			// Coming back from a missing or empty database: start the stream over.
			return action.connection.kind === 'ready' && state.connection.kind !== 'ready' && state.connection.kind !== 'failing'
				? refilter(next, state.filters)
				: next;
		}
		case 'loaded': {
			const request = state.stream.request;
			if (!request || request.seq !== action.seq || action.filterVersion !== state.filterVersion) return state;
			return settled({...state, stream: applyPage(state.stream, request, action.rows, action.lastSeenId)});
		}
		case 'polled':
			if (action.filterVersion !== state.filterVersion) return state;
			return settled({...state, stream: applyPoll(state.stream, action.rows, action.lastSeenId, listHeight(state))});
		case 'stats': {
			const next = {...state, stats: {...state.stats, ...action.stats}};
			return action.stats.total !== undefined && state.stats.total !== null && action.stats.total !== state.stats.total ? refreshViews(next) : next;
		}
		case 'detailPayload': {
			const overlay = state.overlay;
			if (overlay?.kind !== 'detail' || overlay.row.id !== action.id) return state;
			return {...state, overlay: {...overlay, payload: action.payload}};
		}
		case 'pickerOptions': {
			const overlay = state.overlay;
			if (overlay?.kind !== 'picker' || overlay.field !== action.field) return state;
			return {...state, overlay: {...overlay, options: action.options}};
		}
		case 'toast':
			return {...state, toast: action.text};
		case 'repaint':
			return {...state, paints: state.paints + 1};
		case 'sessionsLoaded':
			return putSessions(state, sessionsLoaded(state.sessions, action, sessionsHeight(state)));
		case 'openTimeline':
			return openTimeline(state, action.sessionId, action.eventId ?? null);
		case 'timelineLoaded':
			return state.timeline ? putTimeline(state, timelineLoaded(state.timeline, action, timelineHeight(state))) : state;
		case 'timelineEvent':
			return state.timeline ? apply(state, timelineEvent(state.timeline, action), putTimeline) : state;
		case 'hooksLoaded':
			return putHooks(state, hooksLoaded(state.hooks, action, hooksListHeight(state)));
		default:
			return applyNumbered(state, nextSeq => reduceErrors(state.errors, action, errorsContext(state, nextSeq)), putErrors);
	}
}
