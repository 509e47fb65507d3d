import type {EventRow} from '../../../store/events.js';
import {countErrors, type ErrorGroup} from '../../../store/error-groups.js';
import {stateAfter, type TriageAction} from '../../../store/triage.js';
import type {KeyCommand} from '../../key-bindings.js';
import {move, reselect, type Step, settle, stepOf} from '../../list-window.js';
import type {NextSeq, Outcome} from '../../navigation.js';
import {type ErrorsAction, type ErrorsState, type OccurrenceList, selectedGroup} from './state.js';

// The error pane's part of the pure reducer: groups, their occurrences, triage keys, and the jumps
// from an error to its place (e/E in the stream, Enter on an occurrence's payload).

export interface ErrorsContext {
	groupHeight: number;
	occurrenceHeight: number;
	nextSeq: NextSeq;
}

const same = (errors: ErrorsState): Outcome<ErrorsState> => ({pane: errors});

function moveGroups(errors: ErrorsState, step: Step, context: ErrorsContext): ErrorsState {
	return move(errors, step, errors.groups?.length ?? 0, context.groupHeight);
}

function moveOccurrences(errors: ErrorsState, open: OccurrenceList, step: Step, context: ErrorsContext): ErrorsState {
	return {...errors, open: pageIfNeeded(move(open, step, open.rows.length, context.occurrenceHeight), context)};
}

/** Asks for the next page of occurrences when the cursor nears the end of what is loaded. */
function pageIfNeeded(open: OccurrenceList, context: ErrorsContext): OccurrenceList {
	if (open.request || !open.hasMore || open.rows.length - open.cursor > context.occurrenceHeight * 2) return open;
	return {...open, request: {seq: context.nextSeq(), beforeId: open.rows.at(-1)!.id}};
}

/** The change a triage key makes, shown at once; the next list from the database confirms it. */
function optimistic(errors: ErrorsState, group: ErrorGroup, action: TriageAction, context: ErrorsContext): ErrorsState {
	const updated: ErrorGroup = {...group, state: stateAfter[action], regression: false, fresh: action === 'reopen' ? group.fresh : 0};
	const groups = (errors.groups ?? []).flatMap(each =>
		each.signature !== group.signature ? [each] : updated.state === 'muted' && !errors.showMuted ? [] : [updated],
	);
	const mutedHidden = errors.mutedHidden + (groups.length < (errors.groups?.length ?? 0) ? 1 : 0);
	// A muted group leaves the list: the cursor stays put, on the group that took its place.
	return settle({...errors, groups, mutedHidden, counts: countErrors(groups)}, groups.length, context.groupHeight);
}

const triageActions: Partial<Record<KeyCommand<'errors' | 'occurrences'>, TriageAction>> = {
	acknowledge: 'ack',
	mute: 'mute',
	resolve: 'resolve',
	reopen: 'reopen',
};

function triage(errors: ErrorsState, group: ErrorGroup | undefined, action: TriageAction, context: ErrorsContext): ErrorsState {
	if (!group) return errors;
	const seq = context.nextSeq();
	return {...optimistic(errors, group, action, context), write: {seq, action, signature: group.signature, seenId: group.lastId, groupId: group.id}};
}

function openGroup(errors: ErrorsState, group: ErrorGroup | undefined, context: ErrorsContext): ErrorsState {
	if (!group) return errors;
	const seq = context.nextSeq();
	return {...errors, open: {signature: group.signature, groupId: group.id, rows: [], cursor: 0, top: 0, hasMore: false, request: {seq}}};
}

/** Keys in the error pane: the group list, or the open group's occurrences. */
export function errorsCommand(errors: ErrorsState, command: KeyCommand<'errors' | 'occurrences'>, context: ErrorsContext): Outcome<ErrorsState> {
	const open = errors.open;
	const step = stepOf(command, open ? context.occurrenceHeight : context.groupHeight);
	if (step !== null) return {pane: open ? moveOccurrences(errors, open, step, context) : moveGroups(errors, step, context)};
	switch (command) {
		case 'open': {
			if (!open) return {pane: openGroup(errors, selectedGroup(errors), context)};
			const row = open.rows[open.cursor];
			return row ? {pane: errors, go: {to: 'detail', row}} : same(errors);
		}
		case 'cancel':
			return {pane: open ? {...errors, open: null} : errors};
		case 'toggleMuted':
			return {pane: {...errors, showMuted: !errors.showMuted, refresh: errors.refresh + 1, cursor: 0, top: 0}};
		case 'undo':
			return {pane: {...errors, write: {seq: context.nextSeq(), action: 'undo'}}};
		default: {
			const action = triageActions[command];
			if (!action) return same(errors);
			const group = open ? errors.groups?.find(each => each.signature === open.signature) : selectedGroup(errors);
			return {pane: triage(errors, group, action, context)};
		}
	}
}

/**
 * In an occurrence's payload: [ and ] step through the group's occurrences (the list is newest
 * first, so "previous", older, is further down); Enter asks for the occurrence's place.
 */
export function occurrenceDetailCommand(
	errors: ErrorsState,
	row: EventRow,
	command: KeyCommand<'detail'>,
	context: ErrorsContext,
): Outcome<ErrorsState> | null {
	const open = errors.open;
	if (!open) return null;
	if (command === 'locate') return {pane: {...errors, locate: {seq: context.nextSeq(), row}}};
	if (command !== 'prevEvent' && command !== 'nextEvent') return null;
	const moved = moveOccurrences(errors, open, command === 'prevEvent' ? 1 : -1, context);
	const next = moved.open!.rows[moved.open!.cursor];
	if (!next || next === row) return same(errors);
	return {pane: moved, go: {to: 'detail', row: next}};
}

/** e/E in the stream: ask for the next or previous error after an event. */
export function requestJump(errors: ErrorsState, fromId: number, direction: 'next' | 'previous', nextSeq: NextSeq): ErrorsState {
	const seq = nextSeq();
	// Pressed again before the answer came: one more step from the same place, so no key is lost.
	const pending = errors.jump;
	if (pending?.direction === direction) return {...errors, jump: {...pending, seq, steps: pending.steps + 1}};
	return {...errors, jump: {seq, fromId, direction, steps: 1}};
}

export function reduceErrors(errors: ErrorsState, action: ErrorsAction, context: ErrorsContext): Outcome<ErrorsState> {
	switch (action.type) {
		case 'errorGroups': {
			if (action.showMuted !== errors.showMuted) return same(errors);
			// The cursor stays on its group when the list is re-sorted.
			const current = selectedGroup(errors)?.signature;
			const found = current === undefined ? -1 : action.groups.findIndex(group => group.signature === current);
			const next = {...errors, groups: action.groups, mutedHidden: action.mutedHidden, counts: action.counts, hooks: action.hooks};
			return {pane: reselect(next, found, action.groups.length, context.groupHeight)};
		}
		case 'occurrences': {
			const open = errors.open;
			if (!open?.request || open.request.seq !== action.seq) return same(errors);
			const rows = open.request.beforeId === undefined ? action.rows : [...open.rows, ...action.rows];
			return {pane: {...errors, open: {...open, rows, request: null, hasMore: action.rows.length >= action.pageSize}}};
		}
		case 'triaged':
			if (errors.write?.seq !== action.seq) return same(errors);
			return {pane: {...errors, write: null, refresh: errors.refresh + 1}, toast: action.text};
		case 'errorJump': {
			if (errors.jump?.seq !== action.seq) return same(errors);
			const cleared = {...errors, jump: null};
			if (!action.row)
				return {pane: cleared, toast: errors.jump.direction === 'next' ? 'no newer error (muted groups skipped)' : 'no older error (muted groups skipped)'};
			return {pane: cleared, go: {to: 'event', id: action.row.id}};
		}
		case 'located': {
			if (errors.locate?.seq !== action.seq) return same(errors);
			const from = errors.locate.row;
			const cleared = {...errors, locate: null};
			if (!action.target) return {pane: cleared, toast: 'the tool call this hook guarded was not recorded'};
			const session = action.target.session_id;
			const what = from.event === 'HookFailure' ? `the ${action.target.event ?? ''} call this hook guarded` : 'the error';
			// Its row in its session's timeline; Esc comes back to the error pane.
			if (session)
				return {pane: cleared, go: {to: 'timeline', sessionId: session, eventId: action.target.id}, toast: `${what}, in its session's timeline (Esc: back)`};
			return {pane: cleared, go: {to: 'event', id: action.target.id}, toast: `${what}, in the stream`};
		}
	}
}
