import {type Dispatch, useEffect, useRef} from 'react';
import {type ViewerReader, type ReadFailed, readFailed} from '../../viewer-reader.js';
import {eventRow, sessionLastId, timelineRead} from './read.js';
import type {TimelineAction, TimelineState} from './state.js';

/**
 * Serves the timeline from the viewer's connection: its lines when the reducer asks (a timeline whose
 * session did not move is not read again), and the row of the event Enter opens.
 */
export function useTimelineData(timeline: TimelineState | null, ready: boolean, dispatch: Dispatch<TimelineAction | ReadFailed>, source: ViewerReader): void {
	const timelineLast = useRef<{sessionId: string; lastId: number | null} | null>(null);
	const version = timeline?.request ? timeline.version : null;
	useEffect(() => {
		if (!timeline || version === null || !ready) return;
		try {
			const {sessionId, lines} = timeline;
			const lastId = source.read(db => sessionLastId(db, sessionId));
			const known = timelineLast.current;
			if (lines !== null && known?.sessionId === sessionId && known.lastId === lastId) {
				dispatch({type: 'timelineLoaded', version, session: timeline.session, lines, omitted: timeline.omitted, usage: timeline.usage});
				return;
			}
			const read = source.read(db => timelineRead(db, sessionId));
			timelineLast.current = {sessionId, lastId};
			dispatch({type: 'timelineLoaded', version, ...read});
		} catch (error) {
			dispatch(readFailed(error));
		}
	}, [timeline?.sessionId, version, ready]);

	const opening = timeline?.opening ?? null;
	useEffect(() => {
		if (opening === null || !ready) return;
		try {
			dispatch({type: 'timelineEvent', id: opening, row: source.read(db => eventRow(db, opening))});
		} catch (error) {
			dispatch(readFailed(error));
		}
	}, [opening, ready]);
}
