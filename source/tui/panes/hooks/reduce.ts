import type {KeyCommand} from '../../key-bindings.js';
import {move, settle, stepOf} from '../../list-window.js';
import type {Outcome} from '../../navigation.js';
import {type HooksAction, type HooksState, reloadHooks} from './state.js';

// The hooks pane as pure functions over its state.

const lengthOf = (hooks: HooksState) => hooks.report?.hooks.length ?? 0;

export function hooksLoaded(hooks: HooksState, action: HooksAction, height: number): HooksState {
	if (hooks.version !== action.version) return hooks;
	return settle({...hooks, report: action.report, request: false}, action.report.hooks.length, height);
}

export function hooksCommand(hooks: HooksState, command: KeyCommand<'hooks'>, height: number): Outcome<HooksState> {
	const step = stepOf(command, height);
	if (step !== null) return {pane: move(hooks, step, lengthOf(hooks), height)};
	switch (command) {
		case 'open': {
			const last = hooks.report?.hooks[hooks.cursor]?.lastFailure;
			if (!last) return {pane: hooks, toast: 'no failure recorded for this hook'};
			if (!last.sessionId) return {pane: hooks, toast: 'its last failure has no session'};
			return {pane: hooks, go: {to: 'timeline', sessionId: last.sessionId, eventId: last.id}};
		}
		case 'refresh':
			return {pane: reloadHooks(hooks)};
		default:
			return {pane: hooks};
	}
}

export const resizeHooks = (hooks: HooksState, height: number): HooksState => settle(hooks, lengthOf(hooks), height);
