import {type Dispatch, useEffect, useRef} from 'react';
import {eventRow, hooksRead, sessionLastId, sessionsWindow, timelineRead} from './read.js';
import {type EventSource, problemLine} from '../../source.js';
import type {Action, State} from '../../state.js';

/**
 * Serves the sessions pane, the timeline and the hooks pane from the viewer's connection: each read
 * the reducer asks for (a request with a version) is answered by one action. New events make the
 * reducer ask again (see refreshViews); a timeline whose session did not move is not read again.
 */
export function useSessionSource(state: State, dispatch: Dispatch<Action>, source: EventSource): void {
	const latest = useRef(state);
	latest.current = state;
	const timelineLast = useRef<{sessionId: string; lastId: number | null} | null>(null);
	const ready = state.connection.kind === 'ready';
	const fail = (error: unknown) => dispatch({type: 'connection', connection: {kind: 'failing', message: problemLine(error)}});

	const sessionsRequest = state.pane === 'sessions' && !state.timeline ? state.sessions.request : null;
	useEffect(() => {
		if (!sessionsRequest || !ready) return;
		try {
			const read = source.read(db => sessionsWindow(db, latest.current.sessions, sessionsRequest.offset));
			dispatch({type: 'sessionsLoaded', version: sessionsRequest.version, ...read});
		} catch (error) {
			fail(error);
		}
	}, [sessionsRequest?.version, ready]);

	const timeline = state.timeline;
	const timelineVersion = timeline?.request ? timeline.version : null;
	useEffect(() => {
		if (!timeline || timelineVersion === null || !ready) return;
		try {
			const {sessionId, lines} = timeline;
			const lastId = source.read(db => sessionLastId(db, sessionId));
			const known = timelineLast.current;
			if (lines !== null && known?.sessionId === sessionId && known.lastId === lastId) {
				dispatch({type: 'timelineLoaded', version: timelineVersion, session: timeline.session, lines, omitted: timeline.omitted});
				return;
			}
			const read = source.read(db => timelineRead(db, sessionId));
			timelineLast.current = {sessionId, lastId};
			dispatch({type: 'timelineLoaded', version: timelineVersion, ...read});
		} catch (error) {
			fail(error);
		}
	}, [timeline?.sessionId, timelineVersion, ready]);

	const opening = timeline?.opening ?? null;
	useEffect(() => {
		if (opening === null || !ready) return;
		try {
			dispatch({type: 'timelineEvent', id: opening, row: source.read(db => eventRow(db, opening))});
		} catch (error) {
			fail(error);
		}
	}, [opening, ready]);

	const hooksVersion = state.pane === 'hooks' && !state.timeline && state.hooks.request ? state.hooks.version : null;
	useEffect(() => {
		if (hooksVersion === null) return;
		try {
			// The hooks pane lists configured hooks even before there are events to read.
			const report = ready ? source.read(db => hooksRead(db, latest.current.hooks.project)) : hooksRead(null, latest.current.hooks.project);
			dispatch({type: 'hooksLoaded', version: hooksVersion, report});
		} catch (error) {
			fail(error);
		}
	}, [hooksVersion, ready]);
}
