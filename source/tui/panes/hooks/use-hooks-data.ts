import {type Dispatch, useEffect, useRef} from 'react';
import {type ViewerReader, type ReadFailed, readFailed} from '../../viewer-reader.js';
import {hooksRead} from './read.js';
import type {HooksAction, HooksState} from './state.js';

/** Serves the hooks pane: the settings files and the failures recorded, read again when the reducer asks. */
export function useHooksData(hooks: HooksState, shown: boolean, ready: boolean, dispatch: Dispatch<HooksAction | ReadFailed>, source: ViewerReader): void {
	const latest = useRef(hooks);
	latest.current = hooks;
	const version = shown && hooks.request ? hooks.version : null;
	useEffect(() => {
		if (version === null) return;
		try {
			// The hooks pane lists configured hooks even before there are events to read.
			const report = ready ? source.read(db => hooksRead(db, latest.current.project)) : hooksRead(null, latest.current.project);
			dispatch({type: 'hooksLoaded', version, report});
		} catch (error) {
			dispatch(readFailed(error));
		}
	}, [version, ready]);
}
