import {render} from 'ink';
import {App, ExitOnError} from './App.js';
import {reduce} from './reduce.js';
import {ViewerReader} from './viewer-reader.js';
import type {PaneId} from './navigation.js';
import {initialState, type State} from './state.js';
import {colorWanted} from './theme.js';

export interface TuiOptions {
	dbPath: string;
	interval: number;
	panes?: PaneId[];
	/** Runs after the first frame (used by `eyelet demo` to start its generator). */
	onStart?: () => void;
}

// The alternate screen keeps the user's scrollback intact; leaving it puts their shell back as it was.
const enterScreen = '\u001b[?1049h\u001b[H';
const leaveScreen = '\u001b[?25h\u001b[?1049l';

/** The state of the first frame, with the newest events already read: no empty frame, no extra round. */
function firstState(source: ViewerReader, base: State): State {
	let state = reduce(base, {type: 'connection', connection: source.connect()});
	const request = state.stream.request;
	if (state.connection.kind !== 'ready' || !request) return state;
	try {
		const page = source.page(request, state.filters);
		state = reduce(state, {
			type: 'loaded',
			seq: request.seq,
			filterVersion: state.filterVersion,
			rows: page.rows,
			...(page.lastSeenId === undefined ? {} : {lastSeenId: page.lastSeenId}),
		});
	} catch {
		// The data hook retries and reports it.
	}
	return state;
}

/**
 * Runs the live viewer until q or Ctrl-C. The terminal is restored on every way out: normal exit,
 * a render error, a signal, or the process ending under us.
 */
export async function runTui(options: TuiOptions): Promise<void> {
	const stdout = process.stdout;
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		stdout.write(leaveScreen);
	};
	stdout.write(enterScreen);
	process.once('exit', restore);
	let failure: Error | null = null;
	const source = new ViewerReader(options.dbPath);
	const initial = firstState(
		source,
		initialState({
			dbPath: options.dbPath,
			columns: stdout.columns || 80,
			rows: stdout.rows || 24,
			color: colorWanted(),
			...(options.panes ? {panes: options.panes} : {}),
		}),
	);
	const instance = render(
		<ExitOnError
			onError={error => {
				failure = error;
				instance.unmount();
			}}
		>
			<App initial={initial} interval={options.interval} writeRaw={text => stdout.write(text)} source={source} />
		</ExitOnError>,
		// 60 fps: the frame after a filter's page arrives waits at most 16 ms in Ink's render throttle.
		{exitOnCtrlC: false, patchConsole: true, maxFps: 60},
	);
	const stop = () => instance.unmount();
	const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
	for (const signal of signals) process.on(signal, stop);
	// A terminal that went away (EIO, EPIPE) ends the viewer instead of crashing it.
	stdout.on('error', stop);
	options.onStart?.();
	try {
		await instance.waitUntilExit();
	} finally {
		for (const signal of signals) process.off(signal, stop);
		stdout.off('error', stop);
		instance.cleanup();
		restore();
		process.off('exit', restore);
	}
	if (failure) throw failure;
}
