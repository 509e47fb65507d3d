import {cursorStep} from '../../cursor-step.js';
import type {KeyCommand} from '../../key-bindings.js';
import {type SessionAction, emptyTimeline, type TimelineState} from '../sessions/state.js';
import {reloadSessions} from '../sessions/reduce.js';
import {overlayHeight, type PaneId, type State} from '../../state.js';
import {lineOfEvent} from './lines.js';

// A session's timeline and the hooks pane as pure functions over State.

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/** Lines of the timeline list: the body less its title line. */
export const timelineHeight = (state: Pick<State, 'rows'>) => Math.max(1, overlayHeight(state) - 1);
/** Lines of the hooks list: the rest of the body shows the chosen hook. */
export const hooksListHeight = (state: Pick<State, 'rows'>) => Math.max(2, Math.floor((overlayHeight(state) - 1) / 2));

function settleTimeline(timeline: TimelineState, height: number): TimelineState {
	const last = (timeline.lines?.length ?? 0) - 1;
	const cursor = clamp(timeline.cursor, 0, Math.max(0, last));
	let top = timeline.top;
	if (cursor < top) top = cursor;
	if (cursor >= top + height) top = cursor - height + 1;
	return {...timeline, cursor, top: clamp(top, 0, Math.max(0, last + 1 - height))};
}

/**
 * Opens a session's timeline over the current pane, landing on `eventId`'s line when given (an error
 * occurrence, a hook failure: its call). Esc or q comes back. The errors pane calls this too.
 */
export function openTimeline(state: State, sessionId: string, eventId: number | null = null): State {
	return {...state, overlay: null, timeline: emptyTimeline(sessionId, state.timeline?.from ?? state.pane, eventId)};
}

export function closeTimeline(state: State): State {
	const timeline = state.timeline;
	if (!timeline) return state;
	return {...state, timeline: null, pane: timeline.from};
}

export function timelineLoaded(state: State, action: Extract<SessionAction, {type: 'timelineLoaded'}>): State {
	const timeline = state.timeline;
	if (!timeline || timeline.version !== action.version) return state;
	let cursor = timeline.cursor;
	if (timeline.lines === null) {
		const focus = timeline.focusEventId === null ? -1 : lineOfEvent(action.lines, timeline.focusEventId);
		cursor = Math.max(focus, 0);
	} else {
		// A reload: stay on the same line.
		const key = timeline.lines[timeline.cursor]?.key;
		const same = key === undefined ? -1 : action.lines.findIndex(line => line.key === key);
		if (same >= 0) cursor = same;
	}
	const height = timelineHeight(state);
	const top = timeline.lines === null ? Math.max(0, cursor - Math.floor(height / 3)) : timeline.top;
	return {
		...state,
		timeline: settleTimeline({...timeline, session: action.session, lines: action.lines, omitted: action.omitted, cursor, top, request: false}, height),
	};
}

/** The row of the event asked for arrived: open it in the detail view (Esc comes back to the timeline). */
export function timelineEvent(state: State, action: Extract<SessionAction, {type: 'timelineEvent'}>): State {
	const timeline = state.timeline;
	if (!timeline || timeline.opening !== action.id) return state;
	const next = {...state, timeline: {...timeline, opening: null}};
	if (!action.row) return {...next, toast: 'that event is no longer in the database (pruned)'};
	return {...next, overlay: {kind: 'detail', row: action.row, payload: null, scroll: 0}};
}

export function timelineCommand(state: State, timeline: TimelineState, command: KeyCommand): State {
	const height = timelineHeight(state);
	const move = (delta: number) => ({...state, timeline: settleTimeline({...timeline, cursor: timeline.cursor + delta}, height)});
	const step = cursorStep(command, height);
	if (step !== null) return move(step === 'top' ? -timeline.cursor : step === 'bottom' ? (timeline.lines?.length ?? 0) : step);
	switch (command) {
		case 'open': {
			const line = timeline.lines?.[timeline.cursor];
			return line ? {...state, timeline: {...timeline, opening: line.eventId}} : state;
		}
		case 'cancel':
			return closeTimeline(state);
		default:
			return state;
	}
}

/** `[` / `]` in the detail view opened from the timeline: the previous or next line's event. */
export function stepTimelineDetail(state: State, timeline: TimelineState, step: number): State {
	const moved = settleTimeline({...timeline, cursor: timeline.cursor + step}, timelineHeight(state));
	const line = moved.lines?.[moved.cursor];
	if (!line || moved.cursor === timeline.cursor) return state;
	return {...state, timeline: {...moved, opening: line.eventId}};
}

export function hooksCommand(state: State, command: KeyCommand): State {
	const {hooks} = state;
	const count = hooks.report?.hooks.length ?? 0;
	const moveTo = (cursor: number): State => ({...state, hooks: {...hooks, cursor: clamp(cursor, 0, Math.max(0, count - 1))}});
	switch (command) {
		case 'down':
			return moveTo(hooks.cursor + 1);
		case 'up':
			return moveTo(hooks.cursor - 1);
		case 'pageDown':
			return moveTo(hooks.cursor + hooksListHeight(state));
		case 'pageUp':
			return moveTo(hooks.cursor - hooksListHeight(state));
		case 'top':
			return moveTo(0);
		case 'bottom':
			return moveTo(count);
		case 'open': {
			const last = hooks.report?.hooks[hooks.cursor]?.lastFailure;
			if (!last) return {...state, toast: 'no failure recorded for this hook'};
			if (!last.sessionId) return {...state, toast: 'its last failure has no session'};
			return openTimeline(state, last.sessionId, last.id);
		}
		case 'refresh':
			return {...state, hooks: {...hooks, version: hooks.version + 1, request: true}};
		default:
			return state;
	}
}

export function hooksLoaded(state: State, action: Extract<SessionAction, {type: 'hooksLoaded'}>): State {
	if (state.hooks.version !== action.version) return state;
	const cursor = clamp(state.hooks.cursor, 0, Math.max(0, action.report.hooks.length - 1));
	return {...state, hooks: {...state.hooks, report: action.report, cursor, request: false}};
}

/** Goes to a pane (Tab, `s`, `H`): a timeline on top is closed, and the pane's data read afresh. */
export function showPane(state: State, pane: PaneId): State {
	const next = {...state, pane, timeline: null};
	if (pane === 'hooks') return {...next, hooks: {...state.hooks, version: state.hooks.version + 1, request: true}};
	if (pane === 'sessions') return {...next, sessions: reloadSessions(state.sessions)};
	return next;
}

/** New events were counted: what is on screen is read again. */
export function refreshViews(state: State): State {
	if (state.timeline) {
		if (state.timeline.request || state.timeline.lines === null) return state;
		return {...state, timeline: {...state.timeline, version: state.timeline.version + 1, request: true}};
	}
	if (state.pane === 'sessions' && state.sessions.loaded) return {...state, sessions: reloadSessions(state.sessions)};
	if (state.pane === 'hooks' && !state.hooks.request) return {...state, hooks: {...state.hooks, version: state.hooks.version + 1, request: true}};
	return state;
}
