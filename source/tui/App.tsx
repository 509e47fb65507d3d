import {useApp, useInput, useStdout} from 'ink';
import {Component, type ReactNode, useEffect, useMemo, useReducer} from 'react';
import {formatBytes} from '../settings/units.js';
import {copyText, osc52} from './clipboard.js';
import {splitKeys} from './key-matchers.js';
import {reduce} from './reduce.js';
import {ViewerReader} from './viewer-reader.js';
import type {State} from './state.js';
import {createTheme} from './theme.js';
import {useErrorsData} from './panes/errors/use-errors-data.js';
import {useHooksData} from './panes/hooks/use-hooks-data.js';
import {useSessionsData} from './panes/sessions/use-sessions-data.js';
import {useTimelineData} from './panes/timeline/use-timeline-data.js';
import {useViewerData} from './use-viewer-data.js';
import {Screen} from './views/Screen.js';

export interface AppProps {
	initial: State;
	interval: number;
	/** Where OSC 52 goes: the real terminal, not Ink's managed output. */
	writeRaw: (text: string) => void;
	/** An open source to go on with (the one that read the first page); else one is opened. */
	source?: ViewerReader;
}

/** Wires state, keys, data and the terminal together; everything it shows comes from <Screen>. */
export function App({initial, interval, writeRaw, source}: AppProps) {
	const [state, dispatch] = useReducer(reduce, initial);
	const {exit} = useApp();
	const {stdout} = useStdout();
	const theme = useMemo(() => createTheme(state.color), [state.color]);

	// Keys only dispatch: the reducer reads the state, so fast typing never sees a stale one.
	useInput((input, key) => {
		for (const single of splitKeys(input, key)) dispatch({type: 'key', ...single});
	});
	// One read-only connection for every pane.
	const events = useMemo(() => source ?? new ViewerReader(initial.dbPath), []);
	const ready = state.connection.kind === 'ready';
	useViewerData(state, dispatch, state.dbPath, interval, events);
	useErrorsData({errors: state.errors, filters: state.filters, ready}, dispatch, state.dbPath, interval);
	// The sessions and hooks panes read only while shown, not under a timeline.
	useSessionsData(state.sessions, state.pane === 'sessions' && !state.timeline, ready, dispatch, events);
	useTimelineData(state.timeline, ready, dispatch, events);
	useHooksData(state.hooks, state.pane === 'hooks' && !state.timeline, ready, dispatch, events);

	useEffect(() => {
		const onResize = () => dispatch({type: 'resize', columns: stdout.columns || 80, rows: stdout.rows || 24});
		stdout.on('resize', onResize);
		return () => void stdout.off('resize', onResize);
	}, [stdout]);

	useEffect(() => {
		if (state.quit) exit();
	}, [state.quit]);

	useEffect(() => {
		const overlay = state.overlay;
		if (state.copySeq === 0 || overlay?.kind !== 'detail' || typeof overlay.payload !== 'object' || overlay.payload === null) return;
		const text = copyText(overlay.payload.payload ?? overlay.payload.raw ?? '');
		writeRaw(osc52(text));
		dispatch({type: 'toast', text: `copied ${formatBytes(Buffer.byteLength(text))} to the clipboard (OSC 52; your terminal must allow it)`});
	}, [state.copySeq]);

	return <Screen state={state} theme={theme} />;
}

/** Turns a render error into a clean exit with one line, instead of Ink's stack trace screen. */
export class ExitOnError extends Component<{onError: (error: Error) => void; children: ReactNode}, {failed: boolean}> {
	override state = {failed: false};

	static getDerivedStateFromError() {
		return {failed: true};
	}

	override componentDidCatch(error: Error) {
		this.props.onError(error);
	}

	override render() {
		return this.state.failed ? null : this.props.children;
	}
}
