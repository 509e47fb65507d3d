import type {KeyCommand} from '../../key-bindings.js';
import {jumpTo, move, reselect, settle, stepOf} from '../../list-window.js';
import type {Outcome} from '../../navigation.js';
import {lineOfEvent} from './lines.js';
import type {TimelineAction, TimelineState} from './state.js';

// A session's timeline as pure functions over its state. Opening and closing it is the root's
// (navigation.ts): it is drawn over whichever pane asked for it.

const lengthOf = (timeline: TimelineState) => timeline.lines?.length ?? 0;

export function timelineLoaded(timeline: TimelineState, action: Extract<TimelineAction, {type: 'timelineLoaded'}>, height: number): TimelineState {
	if (timeline.version !== action.version) return timeline;
	const next = {...timeline, session: action.session, lines: action.lines, omitted: action.omitted, usage: action.usage ?? null, request: false};
	if (timeline.lines === null) {
		// The first read: on the line of the event it was opened for, a third of the way down the screen.
		const focus = timeline.focusEventId === null ? -1 : lineOfEvent(action.lines, timeline.focusEventId);
		return jumpTo(next, Math.max(focus, 0), action.lines.length, height, Math.floor(height / 3));
	}
	// A reload: stay on the same line.
	const key = timeline.lines[timeline.cursor]?.key;
	return reselect(next, key === undefined ? -1 : action.lines.findIndex(line => line.key === key), action.lines.length, height);
}

/** The row of the event asked for arrived: open it in the detail view (Esc comes back to the timeline). */
export function timelineEvent(timeline: TimelineState, action: Extract<TimelineAction, {type: 'timelineEvent'}>): Outcome<TimelineState> {
	if (timeline.opening !== action.id) return {pane: timeline};
	const next = {...timeline, opening: null};
	if (!action.row) return {pane: next, toast: 'that event is no longer in the database (pruned)'};
	return {pane: next, go: {to: 'detail', row: action.row}};
}

export function timelineCommand(timeline: TimelineState, command: KeyCommand<'timeline'>, height: number): Outcome<TimelineState> {
	const step = stepOf(command, height);
	if (step !== null) return {pane: move(timeline, step, lengthOf(timeline), height)};
	switch (command) {
		case 'open': {
			const line = timeline.lines?.[timeline.cursor];
			return {pane: line ? {...timeline, opening: line.eventId} : timeline};
		}
		case 'cancel':
			return {pane: timeline, go: {to: 'closeTimeline'}};
		default:
			return {pane: timeline};
	}
}

/** `[` / `]` in the detail view opened from the timeline: the previous or next line's event is read; null at either end. */
export function stepTimeline(timeline: TimelineState, step: -1 | 1, height: number): TimelineState | null {
	const moved = move(timeline, step, lengthOf(timeline), height);
	const line = moved.lines?.[moved.cursor];
	if (!line || moved.cursor === timeline.cursor) return null;
	return {...moved, opening: line.eventId};
}

/** New events were counted: read the timeline again, unless a read is under way. */
export function reloadTimeline(timeline: TimelineState): TimelineState {
	if (timeline.request || timeline.lines === null) return timeline;
	return {...timeline, version: timeline.version + 1, request: true};
}

export const resizeTimeline = (timeline: TimelineState, height: number): TimelineState => settle(timeline, lengthOf(timeline), height);
