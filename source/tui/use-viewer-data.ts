import {type Dispatch, useEffect, useRef} from 'react';
import {idleCollector} from './idle-gc.js';
import {ViewerReader, problemLine} from './viewer-reader.js';
import type {Action, ExportStatus, State} from './state.js';
import {fetchHealth} from '../serve/health-client.js';
import {readServeKey, runningDaemon} from '../settings/serve-file.js';
import type {ExportHealth} from '../serve/export/protocol.js';

/** How often the header asks eyelet serve how it is. */
const serveAskMs = 2_000;

/** The export as the header shows it: nothing while it is off. */
export function exportStatus(health: ExportHealth | undefined): ExportStatus | null {
	if (!health || health.state === 'off') return null;
	if (health.state === 'invalid') return {lagMs: 0, error: `off: ${health.problem ?? 'misconfigured'}`};
	if (health.state === 'stopped') return {lagMs: Math.round(health.lagS * 1000), error: 'stopped: restart eyelet serve'};
	return {lagMs: Math.round(health.lagS * 1000), error: health.lastError};
}

/**
 * Connects the pure state to the database: serves the page the stream asks for, the open event's
 * payload and a picker's choices, and polls every `interval` ms for new rows and header figures.
 * Any error becomes a one-line message; the next tick reconnects.
 */
export function useViewerData(state: State, dispatch: Dispatch<Action>, path: string, interval: number, given?: ViewerReader): void {
	const source = useRef<ViewerReader | null>(null);
	source.current ??= given ?? new ViewerReader(path);
	const latest = useRef(state);
	latest.current = state;

	const fail = (error: unknown) => dispatch({type: 'connection', connection: {kind: 'failing', message: problemLine(error)}});
	const ready = state.connection.kind === 'ready';

	// The page the stream asked for.
	const request = state.stream.request;
	useEffect(() => {
		if (!request || !ready) return;
		try {
			const {filters, filterVersion} = latest.current;
			const page = source.current!.page(request, filters);
			dispatch({type: 'loaded', seq: request.seq, filterVersion, rows: page.rows, ...(page.lastSeenId === undefined ? {} : {lastSeenId: page.lastSeenId})});
			// Ink's render throttle now and then drops the last frame of a burst of updates; draw it again.
			const timer = setTimeout(() => dispatch({type: 'repaint'}), 40);
			return () => clearTimeout(timer);
		} catch (error) {
			fail(error);
		}
	}, [request?.seq, ready]);

	// The open event's payload.
	const overlay = state.overlay;
	const detailId = overlay?.kind === 'detail' && overlay.payload === null ? overlay.row.id : null;
	useEffect(() => {
		if (detailId === null || !ready) return;
		try {
			dispatch({type: 'detailPayload', id: detailId, payload: source.current!.payload(detailId)});
		} catch (error) {
			fail(error);
		}
	}, [detailId, ready]);

	// A picker's choices.
	const pickerField = overlay?.kind === 'picker' && overlay.options === null ? overlay.field : null;
	useEffect(() => {
		if (pickerField === null || !ready) return;
		try {
			dispatch({type: 'pickerOptions', field: pickerField, options: source.current!.options(pickerField)});
		} catch (error) {
			fail(error);
		}
	}, [pickerField, ready]);

	// The poll: reconnect when needed, new rows for the stream, header figures.
	// eyelet serve, when the database has the http transport: asked over loopback every few seconds.
	useEffect(() => {
		let stopped = false;
		let last = '';
		const ask = async () => {
			const key = readServeKey(path);
			const running = key ? runningDaemon(path) : null;
			const health = key && running ? await fetchHealth(running, key.secret, 1_000) : null;
			const serve = key
				? {
						running: health !== null,
						perSecond: Number(health?.['eventsPerSecond'] ?? 0),
						queue: Number(health?.['queue'] ?? 0),
						export: exportStatus(health?.['export'] as ExportHealth | undefined),
					}
				: null;
			if (stopped || JSON.stringify(serve) === last) return;
			last = JSON.stringify(serve);
			dispatch({type: 'stats', stats: {serve}});
		};
		void ask();
		const timer = setInterval(() => void ask(), serveAskMs);
		return () => {
			stopped = true;
			clearInterval(timer);
		};
	}, [path]);

	useEffect(() => {
		let timer: NodeJS.Timeout | undefined;
		let lastStats = '';
		const collect = idleCollector();
		let lastState = latest.current;
		let idleTicks = 0;
		const tick = () => {
			const current = latest.current;
			const events = source.current!;
			const connection = events.connect();
			if (
				connection.kind !== current.connection.kind ||
				(connection.kind === 'failing' && current.connection.kind === 'failing' && connection.message !== current.connection.message)
			) {
				dispatch({type: 'connection', connection});
			}
			if (connection.kind === 'ready') {
				try {
					const {stream, filters, filterVersion} = current;
					if (stream.loaded && !stream.hasNewer && !stream.request) {
						const polled = events.poll(stream.lastSeenId, filters);
						if (polled.rows.length > 0 || polled.lastSeenId !== stream.lastSeenId) dispatch({type: 'polled', filterVersion, ...polled});
					}
					// The first count reads a whole index: let the first page reach the screen before it.
					if (!stream.loaded) {
						timer = setTimeout(tick, Math.min(interval, 50));
						return;
					}
					const stats = events.stats();
					const key = JSON.stringify(stats);
					if (key !== lastStats) {
						lastStats = key;
						dispatch({type: 'stats', stats});
					}
				} catch (error) {
					fail(error);
				}
			}
			// The same safety net on every poll: a dropped frame is redrawn within one interval.
			dispatch({type: 'repaint'});
			// Nothing changed for about two seconds: a good moment to give memory back.
			idleTicks = latest.current.stream === lastState.stream && latest.current.overlay === lastState.overlay ? idleTicks + 1 : 0;
			lastState = latest.current;
			if (collect && idleTicks * interval >= 2000 && idleTicks * interval < 2000 + interval) collect();
			timer = setTimeout(tick, interval);
		};
		tick();
		return () => {
			clearTimeout(timer);
			source.current?.close();
		};
	}, [path, interval]);
}
