import {openTimeline} from '../timeline/reduce.js';
import type {EventRow} from '../../../store/events.js';
import {countErrors, type ErrorCounts, type ErrorGroup} from '../../../store/errors.js';
import type {HookFailureGroup} from '../../../store/hooks.js';
import {stateAfter, type TriageAction} from '../../../store/triage.js';
import {cursorStep} from '../../cursor-step.js';
import type {KeyCommand} from '../../key-bindings.js';
import {emptyStream, type FilterTerm, listHeight, type State} from '../../state.js';

// The error pane's part of the pure reducer: groups, their occurrences, triage keys, and the jumps
// from an error to its place in the stream (e/E, and Enter on an occurrence's payload).

/** What a hook-failure group adds to its error group (see store/hooks.ts). */
export type HookFacts = Pick<HookFailureGroup, 'command' | 'hookNames' | 'tools' | 'exitCodes' | 'blocking' | 'nonBlocking'>;

/** One group opened: its occurrences, newest first, keyset-paged by id. */
export interface OccurrenceList {
	signature: string;
	groupId: string;
	rows: EventRow[];
	cursor: number;
	top: number;
	/** Older occurrences may exist after the last row. */
	hasMore: boolean;
	request: {seq: number; beforeId?: number} | null;
}

/** A triage key pressed: the data hook writes it and answers with `triaged`. */
export interface TriageWrite {
	seq: number;
	action: TriageAction | 'undo';
	signature?: string;
	seenId?: number;
	groupId?: string;
}

export interface ErrorsState {
	/** null until the first list arrives. */
	groups: ErrorGroup[] | null;
	mutedHidden: number;
	/** For the header: muted groups excluded. */
	counts: ErrorCounts | null;
	hooks: Record<string, HookFacts>;
	showMuted: boolean;
	cursor: number;
	top: number;
	/** Bumped to ask for a fresh list now (after a write, on the muted toggle). */
	refresh: number;
	open: OccurrenceList | null;
	write: TriageWrite | null;
	/** e/E in the stream: the data hook finds the adjacent error and answers with `errorJump`. */
	jump: {seq: number; fromId: number; direction: 'next' | 'previous'; steps: number} | null;
	/** Enter on an occurrence's payload: the data hook finds its place (a hook failure's guarded call) and answers with `located`. */
	locate: {seq: number; row: EventRow} | null;
}

export type ErrorsAction =
	| {type: 'errorGroups'; showMuted: boolean; groups: ErrorGroup[]; mutedHidden: number; counts: ErrorCounts; hooks: Record<string, HookFacts>}
	| {type: 'occurrences'; seq: number; rows: EventRow[]; pageSize: number}
	| {type: 'triaged'; seq: number; text: string}
	| {type: 'errorJump'; seq: number; row: EventRow | null}
	| {type: 'located'; seq: number; target: EventRow | null};

export const emptyErrors = (): ErrorsState => ({
	groups: null,
	mutedHidden: 0,
	counts: null,
	hooks: {},
	showMuted: false,
	cursor: 0,
	top: 0,
	refresh: 0,
	open: null,
	write: null,
	jump: null,
	locate: null,
});

/** Occurrences fetched per page. */
export const occurrencePage = 200;

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/** Lines the group list gets: the pane spends a title, the column titles and a two-line strip about the selected group. */
export const groupListHeight = (state: Pick<State, 'rows'>) => Math.max(1, listHeight(state) - 3);
/** Lines the occurrence list gets: a title and the column titles. */
export const occurrenceListHeight = (state: Pick<State, 'rows'>) => Math.max(1, listHeight(state) - 1);

function withCursor<T extends {cursor: number; top: number}>(list: T, cursor: number, length: number, height: number): T {
	const at = clamp(cursor, 0, Math.max(0, length - 1));
	let top = list.top;
	if (at < top) top = at;
	if (at >= top + height) top = at - height + 1;
	return {...list, cursor: at, top: clamp(top, 0, Math.max(0, length - height))};
}

const withErrors = (state: State, errors: Partial<ErrorsState>): State => ({...state, errors: {...state.errors, ...errors}});

export const selectedGroup = (state: State): ErrorGroup | undefined => state.errors.groups?.[state.errors.cursor];

function moveGroups(state: State, delta: number | 'top' | 'bottom'): State {
	const length = state.errors.groups?.length ?? 0;
	const cursor = delta === 'top' ? 0 : delta === 'bottom' ? length - 1 : state.errors.cursor + delta;
	return {...state, errors: withCursor(state.errors, cursor, length, groupListHeight(state))};
}

function moveOccurrences(state: State, open: OccurrenceList, delta: number | 'top' | 'bottom'): State {
	const cursor = delta === 'top' ? 0 : delta === 'bottom' ? open.rows.length - 1 : open.cursor + delta;
	return withErrors(state, {open: pageIfNeeded(state, withCursor(open, cursor, open.rows.length, occurrenceListHeight(state)))});
}

/** Asks for the next page of occurrences when the cursor nears the end of what is loaded. */
function pageIfNeeded(state: State, open: OccurrenceList): OccurrenceList {
	if (open.request || !open.hasMore || open.rows.length - open.cursor > occurrenceListHeight(state) * 2) return open;
	return {...open, request: {seq: state.seq + 1, beforeId: open.rows.at(-1)!.id}};
}

/** The change a triage key makes, shown at once; the next list from the database confirms it. */
function optimistic(state: State, group: ErrorGroup, action: TriageAction): State {
	const updated: ErrorGroup = {...group, state: stateAfter[action], regression: false, fresh: action === 'reopen' ? group.fresh : 0};
	const groups = (state.errors.groups ?? []).flatMap(each =>
		each.signature !== group.signature ? [each] : updated.state === 'muted' && !state.errors.showMuted ? [] : [updated],
	);
	const mutedHidden = state.errors.mutedHidden + (groups.length < (state.errors.groups?.length ?? 0) ? 1 : 0);
	return {
		...state,
		errors: withCursor({...state.errors, groups, mutedHidden, counts: countErrors(groups)}, state.errors.cursor, groups.length, groupListHeight(state)),
	};
}

const triageKeys: Partial<Record<KeyCommand, TriageAction>> = {acknowledge: 'ack', mute: 'mute', resolve: 'resolve', reopen: 'reopen'};

function triage(state: State, group: ErrorGroup | undefined, action: TriageAction): State {
	if (!group) return state;
	const seq = state.seq + 1;
	const shown = optimistic({...state, seq}, group, action);
	return withErrors(shown, {write: {seq, action, signature: group.signature, seenId: group.lastId, groupId: group.id}});
}

function openGroup(state: State, group: ErrorGroup | undefined): State {
	if (!group) return state;
	const seq = state.seq + 1;
	return withErrors({...state, seq}, {open: {signature: group.signature, groupId: group.id, rows: [], cursor: 0, top: 0, hasMore: false, request: {seq}}});
}

/** Keys in the error pane: the group list, or the open group's occurrences. */
export function errorsCommand(state: State, command: KeyCommand): State {
	const {errors} = state;
	const open = errors.open;
	const page = open ? occurrenceListHeight(state) : groupListHeight(state);
	const move = (delta: number | 'top' | 'bottom') => (open ? moveOccurrences(state, open, delta) : moveGroups(state, delta));
	const step = cursorStep(command, page);
	if (step !== null) return move(step);
	switch (command) {
		case 'open': {
			if (!open) return openGroup(state, selectedGroup(state));
			const row = open.rows[open.cursor];
			return row ? {...state, overlay: {kind: 'detail', row, payload: null, scroll: 0}} : state;
		}
		case 'cancel':
			return open ? withErrors(state, {open: null}) : state;
		case 'toggleMuted':
			return withErrors(state, {showMuted: !errors.showMuted, refresh: errors.refresh + 1, cursor: 0, top: 0});
		case 'undo': {
			const seq = state.seq + 1;
			return withErrors({...state, seq}, {write: {seq, action: 'undo'}});
		}
		default: {
			const action = triageKeys[command];
			if (!action) return state;
			if (open)
				return triage(
					state,
					errors.groups?.find(group => group.signature === open.signature),
					action,
				);
			return triage(state, selectedGroup(state), action);
		}
	}
}

/** In an occurrence's payload: [ and ] step through the group's occurrences, Enter goes to its place. */
export function occurrenceDetailCommand(state: State, command: KeyCommand): State | null {
	const open = state.errors.open;
	if (state.pane !== 'errors' || !open || state.overlay?.kind !== 'detail') return null;
	if (command === 'locate') {
		const seq = state.seq + 1;
		return withErrors({...state, seq}, {locate: {seq, row: state.overlay.row}});
	}
	if (command !== 'prevEvent' && command !== 'nextEvent') return null;
	// The list is newest first: "previous" (older) is further down.
	const moved = moveOccurrences(state, open, command === 'prevEvent' ? 1 : -1);
	const row = moved.errors.open!.rows[moved.errors.open!.cursor];
	if (!row || row === state.overlay.row) return state;
	return {...moved, overlay: {kind: 'detail', row, payload: null, scroll: 0}};
}

/** e/E in the stream: ask for the next or previous error after the cursor row. */
export function errorJumpRequest(state: State, direction: 'next' | 'previous'): State {
	const row = state.stream.rows[state.stream.cursor];
	if (!row) return state;
	const seq = state.seq + 1;
	// Pressed again before the answer came: one more step from the same place, so no key is lost.
	const pending = state.errors.jump;
	if (pending?.direction === direction) return withErrors({...state, seq}, {jump: {...pending, seq, steps: pending.steps + 1}});
	return withErrors({...state, seq}, {jump: {seq, fromId: row.id, direction, steps: 1}});
}

/** Puts the stream on an event: the cursor moves when it is loaded, else a page around it is read. */
function streamOn(state: State, id: number, filters: FilterTerm[] = state.filters): State {
	const refiltered = filters !== state.filters;
	const index = refiltered ? -1 : state.stream.rows.findIndex(row => row.id === id);
	const height = listHeight(state);
	if (index >= 0) {
		const top = clamp(index - Math.floor(height / 2), 0, Math.max(0, state.stream.rows.length - height));
		return {...state, pane: 'stream', stream: {...state.stream, following: false, cursor: index, top}};
	}
	const seq = state.seq + 1;
	const stream = {...emptyStream(seq), following: false, request: {kind: 'around' as const, seq, id}};
	return {...state, seq, pane: 'stream', stream, filters, filterVersion: state.filterVersion + (refiltered ? 1 : 0)};
}

export function reduceErrors(state: State, action: ErrorsAction): State {
	const {errors} = state;
	switch (action.type) {
		case 'errorGroups': {
			if (action.showMuted !== errors.showMuted) return state;
			// The cursor stays on its group when the list is re-sorted.
			const current = selectedGroup(state)?.signature;
			const found = current === undefined ? -1 : action.groups.findIndex(group => group.signature === current);
			const next = {...errors, groups: action.groups, mutedHidden: action.mutedHidden, counts: action.counts, hooks: action.hooks};
			return {...state, errors: withCursor(next, found >= 0 ? found : errors.cursor, action.groups.length, groupListHeight(state))};
		}
		case 'occurrences': {
			const open = errors.open;
			if (!open?.request || open.request.seq !== action.seq) return state;
			const rows = open.request.beforeId === undefined ? action.rows : [...open.rows, ...action.rows];
			return withErrors(state, {open: {...open, rows, request: null, hasMore: action.rows.length >= action.pageSize}});
		}
		case 'triaged':
			if (errors.write?.seq !== action.seq) return state;
			return {...state, toast: action.text, errors: {...errors, write: null, refresh: errors.refresh + 1}};
		case 'errorJump': {
			if (errors.jump?.seq !== action.seq) return state;
			const cleared = withErrors(state, {jump: null});
			if (!action.row)
				return {...cleared, toast: errors.jump.direction === 'next' ? 'no newer error (muted groups skipped)' : 'no older error (muted groups skipped)'};
			return streamOn(cleared, action.row.id);
		}
		case 'located': {
			if (errors.locate?.seq !== action.seq) return state;
			const from = errors.locate.row;
			const cleared = {...withErrors(state, {locate: null}), overlay: null};
			if (!action.target) return {...state, errors: {...errors, locate: null}, toast: 'the tool call this hook guarded was not recorded'};
			const session = action.target.session_id;
			const what = from.event === 'HookFailure' ? `the ${action.target.event ?? ''} call this hook guarded` : 'the error';
			// Its row in its session's timeline; Esc comes back to the error pane.
			if (session) return {...openTimeline(cleared, session, action.target.id), toast: `${what}, in its session's timeline (Esc: back)`};
			return {...streamOn(cleared, action.target.id, state.filters), toast: `${what}, in the stream`};
		}
	}
}
