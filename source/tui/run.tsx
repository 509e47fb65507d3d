import {render} from 'ink';
import React from 'react';
import {App, ExitOnError} from './App.js';
import {initialState, type PaneId} from './state.js';
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
	const initial = initialState({dbPath: options.dbPath, columns: stdout.columns || 80, rows: stdout.rows || 24, color: colorWanted(), ...(options.panes ? {panes: options.panes} : {})});
	const instance = render(
		<ExitOnError
			onError={error => {
				failure = error;
				instance.unmount();
			}}
		>
			<App initial={initial} interval={options.interval} writeRaw={text => stdout.write(text)} />
		</ExitOnError>,
		{exitOnCtrlC: false, patchConsole: true},
	);
	const stop = () => instance.unmount();
	const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
	for (const signal of signals) process.on(signal, stop);
	options.onStart?.();
	try {
		await instance.waitUntilExit();
	} finally {
		for (const signal of signals) process.off(signal, stop);
		instance.cleanup();
		restore();
		process.off('exit', restore);
	}
	if (failure) throw failure;
}
