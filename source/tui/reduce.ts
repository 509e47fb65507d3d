import {cursorStep} from './cursor-step.js';
import {cachedDetailLines} from './overlays/detail-lines.js';
import {errorJumpRequest, errorsCommand, occurrenceDetailCommand, reduceErrors} from './panes/errors/reduce.js';
import {findFilter, nextWindow, withFilter, withoutFilter} from './filters.js';
import {helpRows, helpTableChrome, narrowOptions} from './overlays/help.js';
import {type KeyCommand, quickEvents, type Scope} from './key-bindings.js';
import {commandFor, isText, type KeyEvent} from './key-matchers.js';
import {type Action, emptyStream, type FilterTerm, listHeight, type Overlay, overlayHeight, type PickerField, type State} from './state.js';
import {applyPage, applyPoll, moveCursor, settle, toNewest, toOldest} from './panes/stream/reduce.js';
import {searchSessions, sessionsCommand, sessionsLoaded} from './panes/sessions/reduce.js';
import {
	closeTimeline,
	hooksCommand,
	hooksLoaded,
	openTimeline,
	refreshViews,
	showPane,
	stepTimelineDetail,
	timelineCommand,
	timelineEvent,
	timelineLoaded,
} from './panes/timeline/reduce.js';

// Every key and every result from the database goes through here: (state, action) → state, no I/O.

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/** Re-settles the stream after a change: cursor on screen, next page requested when near an edge. */
function settled(state: State): State {
	let seq = state.seq;
	const stream = settle(state.stream, listHeight(state), () => ++seq);
	return {...state, stream, seq};
}

function nextSeq(state: State): [State, number] {
	const seq = state.seq + 1;
	return [{...state, seq}, seq];
}

/** New filters: start over from the newest matching events, following. */
function refilter(state: State, filters: FilterTerm[], toast: string | null = null): State {
	const seq = state.seq + 1;
	return {...state, filters, filterVersion: state.filterVersion + 1, stream: emptyStream(seq), seq, toast};
}

export function scopeOf(state: State): Exclude<Scope, 'global'> {
	if (state.overlay) return state.overlay.kind;
	if (state.timeline) return 'timeline';
	if (state.pane === 'errors') return state.errors.open ? 'occurrences' : 'errors';
	if (state.pane === 'sessions' || state.pane === 'hooks') return state.pane;
	return 'stream';
}

function openPicker(state: State, field: PickerField): State {
	return {...state, overlay: {kind: 'picker', field, options: null, query: '', cursor: 0}};
}

function streamCommand(state: State, command: KeyCommand, input: string): State {
	const page = listHeight(state);
	const {stream} = state;
	const step = cursorStep(command, page);
	if (typeof step === 'number') return settled({...state, stream: moveCursor(stream, step)});
	switch (command) {
		case 'top': {
			const [next, seq] = nextSeq(state);
			return settled({...next, stream: toOldest(stream, seq)});
		}
		case 'bottom': {
			const [next, seq] = nextSeq(state);
			return settled({...next, stream: toNewest(stream, seq)});
		}
		case 'follow': {
			if (stream.following) return {...state, stream: {...stream, following: false}};
			const [next, seq] = nextSeq(state);
			return settled({...next, stream: toNewest(stream, seq)});
		}
		case 'open': {
			const row = stream.rows[stream.cursor];
			return row ? {...state, overlay: {kind: 'detail', row, payload: null, scroll: 0}} : state;
		}
		case 'search':
			return {...state, overlay: {kind: 'search', text: findFilter(state.filters, 'search')?.value ?? ''}};
		case 'pickEvent':
			return openPicker(state, 'event');
		case 'pickTool':
			return openPicker(state, 'tool');
		case 'pickSession':
			return openPicker(state, 'session');
		case 'pickProject':
			return openPicker(state, 'project');
		case 'quickEvent': {
			const event = input === '0' ? undefined : quickEvents[Number(input) - 1];
			const current = findFilter(state.filters, 'event');
			if (!event || current?.value === event) return current ? refilter(state, withoutFilter(state.filters, 'event')) : state;
			return refilter(state, withFilter(state.filters, {kind: 'event', value: event, label: event}));
		}
		case 'errorsOnly':
			return findFilter(state.filters, 'errors')
				? refilter(state, withoutFilter(state.filters, 'errors'))
				: refilter(state, withFilter(state.filters, {kind: 'errors', value: '1', label: 'errors only'}));
		case 'timeWindow': {
			const window = nextWindow(state.filters);
			return refilter(state, window ? withFilter(state.filters, window) : withoutFilter(state.filters, 'window'));
		}
		case 'clearLast':
			return state.filters.length > 0 ? refilter(state, state.filters.slice(0, -1)) : state;
		case 'clearAll':
			return state.filters.length > 0 ? refilter(state, []) : state;
		case 'nextError':
			return errorJumpRequest(state, 'next');
		case 'prevError':
			return errorJumpRequest(state, 'previous');
		default:
			return state;
	}
}

function detailCommand(state: State, overlay: Extract<Overlay, {kind: 'detail'}>, command: KeyCommand): State {
	const fromErrors = occurrenceDetailCommand(state, command);
	if (fromErrors) return fromErrors;
	const height = overlayHeight(state);
	const lines = cachedDetailLines(overlay.row, overlay.payload, state.columns).length;
	const scrollTo = (scroll: number): State => ({...state, overlay: {...overlay, scroll: clamp(scroll, 0, Math.max(0, lines - height))}});
	switch (command) {
		case 'down':
			return scrollTo(overlay.scroll + 1);
		case 'up':
			return scrollTo(overlay.scroll - 1);
		case 'pageDown':
			return scrollTo(overlay.scroll + height);
		case 'pageUp':
			return scrollTo(overlay.scroll - height);
		case 'top':
			return scrollTo(0);
		case 'bottom':
			return scrollTo(lines);
		case 'prevEvent':
		case 'nextEvent': {
			if (state.timeline) return stepTimelineDetail(state, state.timeline, command === 'prevEvent' ? -1 : 1);
			const moved = settled({...state, stream: moveCursor(state.stream, command === 'prevEvent' ? -1 : 1)});
			const row = moved.stream.rows[moved.stream.cursor];
			if (!row || row === overlay.row) return state;
			return {...moved, overlay: {kind: 'detail', row, payload: null, scroll: 0}};
		}
		case 'copy':
			return typeof overlay.payload === 'object' && overlay.payload !== null
				? {...state, copySeq: state.copySeq + 1}
				: {...state, toast: 'nothing to copy yet'};
		case 'cancel':
			return {...state, overlay: null};
		default:
			return state;
	}
}

function pickerCommand(state: State, overlay: Extract<Overlay, {kind: 'picker'}>, command: KeyCommand | null, input: string, key: KeyEvent): State {
	const visible = narrowOptions(overlay.options ?? [], overlay.query);
	const height = overlayHeight(state) - 2;
	const moveTo = (cursor: number): State => ({...state, overlay: {...overlay, cursor: clamp(cursor, 0, Math.max(0, visible.length - 1))}});
	if (command === null) return isText(input, key) ? {...state, overlay: {...overlay, query: overlay.query + input, cursor: 0}} : state;
	switch (command) {
		case 'down':
			return moveTo(overlay.cursor + 1);
		case 'up':
			return moveTo(overlay.cursor - 1);
		case 'pageDown':
			return moveTo(overlay.cursor + height);
		case 'pageUp':
			return moveTo(overlay.cursor - height);
		case 'erase':
			return {...state, overlay: {...overlay, query: [...overlay.query].slice(0, -1).join(''), cursor: 0}};
		case 'choose': {
			const option = visible[overlay.cursor];
			if (!option) return state;
			const term: FilterTerm = {kind: overlay.field, value: option.value, label: overlay.field === 'session' ? `session ${option.label}` : option.label};
			return refilter({...state, overlay: null}, withFilter(state.filters, term));
		}
		case 'cancel':
			return {...state, overlay: null};
		default:
			return state;
	}
}

function searchCommand(state: State, overlay: Extract<Overlay, {kind: 'search'}>, command: KeyCommand | null, input: string, key: KeyEvent): State {
	if (command === null) return isText(input, key) ? {...state, overlay: {...overlay, text: overlay.text + input}} : state;
	switch (command) {
		case 'erase':
			return {...state, overlay: {...overlay, text: [...overlay.text].slice(0, -1).join('')}};
		case 'choose': {
			const text = overlay.text.trim();
			const closed = {...state, overlay: null};
			if (overlay.target === 'sessions') return searchSessions(closed, text);
			if (!text) return findFilter(state.filters, 'search') ? refilter(closed, withoutFilter(state.filters, 'search')) : closed;
			return refilter(closed, withFilter(state.filters, {kind: 'search', value: text, label: `/${text}`}));
		}
		case 'cancel':
			return {...state, overlay: null};
		default:
			return state;
	}
}

function helpCommand(state: State, overlay: Extract<Overlay, {kind: 'help'}>, command: KeyCommand): State {
	const max = Math.max(0, helpRows().length - Math.max(1, overlayHeight(state) - helpTableChrome));
	switch (command) {
		case 'down':
			return {...state, overlay: {...overlay, scroll: Math.min(max, overlay.scroll + 1)}};
		case 'up':
			return {...state, overlay: {...overlay, scroll: Math.max(0, overlay.scroll - 1)}};
		case 'cancel':
			return {...state, overlay: null};
		default:
			return state;
	}
}

function globalCommand(state: State, command: KeyCommand): State | null {
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
		default:
			return null;
	}
}

function reduceKey(state: State, input: string, key: KeyEvent): State {
	const scope = scopeOf(state);
	const match = commandFor(scope, input, key);
	const cleared = state.toast ? {...state, toast: null} : state;
	const overlay = cleared.overlay;
	if (match?.scope === 'global') return globalCommand(cleared, match.command) ?? cleared;
	if (overlay?.kind === 'picker') return pickerCommand(cleared, overlay, match?.command ?? null, input, key);
	if (overlay?.kind === 'search') return searchCommand(cleared, overlay, match?.command ?? null, input, key);
	if (!match) return cleared;
	if (overlay?.kind === 'detail') return detailCommand(cleared, overlay, match.command);
	if (overlay?.kind === 'help') return helpCommand(cleared, overlay, match.command);
	if (cleared.timeline) return timelineCommand(cleared, cleared.timeline, match.command);
	if (cleared.pane === 'errors') return errorsCommand(cleared, match.command);
	if (scope === 'sessions') return sessionsCommand(cleared, match.command, openTimeline);
	if (scope === 'hooks') return hooksCommand(cleared, match.command);
	return streamCommand(cleared, match.command, input);
}

export function reduce(state: State, action: Action): State {
	switch (action.type) {
		case 'key':
			return reduceKey(state, action.input, action.key);
		case 'resize':
			return settled({...state, columns: action.columns, rows: action.rows});
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
			return sessionsLoaded(state, action);
		case 'openTimeline':
			return openTimeline(state, action.sessionId, action.eventId ?? null);
		case 'timelineLoaded':
			return timelineLoaded(state, action);
		case 'timelineEvent':
			return timelineEvent(state, action);
		case 'hooksLoaded':
			return hooksLoaded(state, action);
		default:
			return reduceErrors(state, action);
	}
}
