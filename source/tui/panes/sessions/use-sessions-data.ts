import {type Dispatch, useEffect, useRef} from 'react';
import {type ViewerReader, type ReadFailed, readFailed} from '../../viewer-reader.js';
import {sessionsWindow} from './read.js';
import {sessionAtCursor, type SessionsAction, type SessionsState} from './state.js';

/**
 * Serves the sessions pane from the viewer's connection: each window the reducer asks for (a request
 * with a version) is answered by one `sessionsLoaded`. New events make the reducer ask again.
 */
export function useSessionsData(
	sessions: SessionsState,
	shown: boolean,
	ready: boolean,
	dispatch: Dispatch<SessionsAction | ReadFailed>,
	source: ViewerReader,
): void {
	const latest = useRef(sessions);
	latest.current = sessions;
	const request = shown ? sessions.request : null;
	useEffect(() => {
		if (!request || !ready) return;
		try {
			// The session under the cursor now: if new events moved it out of this window, the one it went to is read.
			const current = latest.current;
			const follow = sessionAtCursor(current)?.sessionId ?? null;
			const read = source.read(db => sessionsWindow(db, current, request.offset, {follow}));
			dispatch({type: 'sessionsLoaded', version: request.version, ...read});
		} catch (error) {
			dispatch(readFailed(error));
		}
	}, [request?.version, ready]);
}
