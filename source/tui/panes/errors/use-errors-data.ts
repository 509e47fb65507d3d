import {type Dispatch, useEffect, useRef} from 'react';
import {adjacentError, countErrors, errorGroups, groupOccurrences, latestErrorId} from '../../../store/error-groups.js';
import {guardedToolCall, hookFailureGroups} from '../../../store/hooks.js';
import {isLocked} from '../../../store/sqlite-errors.js';
import {applyTriage, applyUndo, type TriageChange} from '../../../store/triage.js';
import {triageVersion} from '../../../store/triage-version.js';
import {type FilterTerm, toEventFilter} from '../../filters.js';
import {ViewerReader, problemLine} from '../../viewer-reader.js';
import {type ErrorsAction, type ErrorsState, type HookFacts, occurrencePage, type TriageWrite} from './state.js';

/** What the hook reads of the viewer's state: the pane's, the stream's filters (for e/E), whether the database is there. */
export interface ErrorsData {
	errors: ErrorsState;
	filters: readonly FilterTerm[];
	ready: boolean;
}

// The sparkline's hours move on even when nothing new fails: redraw the list at least this often.
const staleAfterMs = 60_000;

const pastTense = {ack: 'acknowledged', mute: 'muted', resolve: 'resolved', reopen: 'reopened'} as const;

/** What the footer says after a triage key. */
function triageText(write: TriageWrite, change: TriageChange | null): string {
	if (write.action === 'undo') return change ? `undone: ${change.after?.state ?? 'open'} again` : 'nothing to undo';
	if (!change) return `already ${pastTense[write.action]}`;
	return `${pastTense[write.action]} ${write.groupId ?? ''} · u undoes`;
}

/** A failed triage write as one line: the pane keeps working, the key can be pressed again. */
function writeProblem(error: unknown): string {
	if (isLocked(error)) return 'triage not saved: the database stayed busy for 3 s; press the key again';
	return `triage not saved: ${problemLine(error).replace(/; retrying$/, '')}`;
}

/**
 * The error pane's data, on its own read-only connection: the group list (re-read only when a new error
 * or a triage change from any process shows up), occurrences, jumps to an error's place, and the triage
 * writes, each through a short-lived write connection (store/triage.ts).
 */
export function useErrorsData(state: ErrorsData, dispatch: Dispatch<ErrorsAction | {type: 'toast'; text: string}>, path: string, interval: number): void {
	const source = useRef<ViewerReader | null>(null);
	source.current ??= new ViewerReader(path);
	const latest = useRef(state);
	latest.current = state;
	const seen = useRef({key: '', at: 0});
	const {ready} = state;
	const {errors} = state;

	const fail = (error: unknown) => dispatch({type: 'toast', text: `⚠ ${problemLine(error)}`});

	/** Re-reads the groups when something changed since the last read (or when forced). */
	const refresh = (force: boolean) => {
		const events = source.current!;
		if (events.connect().kind !== 'ready') return;
		const {showMuted} = latest.current.errors;
		events.read(db => {
			const key = `${latestErrorId(db)}|${triageVersion(db)}|${showMuted}`;
			if (!force && key === seen.current.key && Date.now() - seen.current.at < staleAfterMs) return;
			seen.current = {key, at: Date.now()};
			const list = errorGroups(db, {includeMuted: showMuted});
			const hooks: Record<string, HookFacts> = {};
			for (const group of hookFailureGroups(db, {signatures: list.groups.map(group => group.signature)})) {
				hooks[group.signature] = {
					command: group.command,
					hookNames: group.hookNames,
					tools: group.tools,
					exitCodes: group.exitCodes,
					blocking: group.blocking,
					nonBlocking: group.nonBlocking,
				};
			}
			dispatch({type: 'errorGroups', showMuted, groups: list.groups, mutedHidden: list.mutedHidden, counts: countErrors(list.groups), hooks});
		});
	};

	// The poll: cheap ids first, the list only when they moved.
	useEffect(() => {
		let timer: NodeJS.Timeout | undefined;
		const tick = () => {
			try {
				refresh(false);
			} catch {
				// The stream's poll reports database problems; this one tries again next tick.
			}
			timer = setTimeout(tick, interval);
		};
		tick();
		return () => {
			clearTimeout(timer);
			source.current?.close();
		};
	}, [path, interval]);

	// A triage change or the muted toggle: read the list now (the first list comes from the poll).
	useEffect(() => {
		if (!ready || errors.refresh === 0) return;
		try {
			refresh(true);
		} catch (error) {
			fail(error);
		}
	}, [errors.refresh, ready]);

	// A triage key: write through a short-lived connection, then say what happened.
	const write = errors.write;
	useEffect(() => {
		if (!write) return;
		let text: string;
		try {
			const change =
				write.action === 'undo' ? applyUndo(path) : applyTriage(path, write.signature!, write.action, write.seenId === undefined ? {} : {seenId: write.seenId});
			text = triageText(write, change);
		} catch (error) {
			text = writeProblem(error);
		}
		dispatch({type: 'triaged', seq: write.seq, text});
	}, [write?.seq]);

	// A page of the open group's occurrences.
	const request = errors.open?.request;
	useEffect(() => {
		const open = latest.current.errors.open;
		if (!request || !open || !ready) return;
		try {
			const rows = source.current!.read(db =>
				groupOccurrences(db, open.signature, {...(request.beforeId === undefined ? {} : {beforeId: request.beforeId}), limit: occurrencePage}),
			);
			dispatch({type: 'occurrences', seq: request.seq, rows, pageSize: occurrencePage});
		} catch (error) {
			fail(error);
		}
	}, [request?.seq, ready]);

	// e/E in the stream.
	const jump = errors.jump;
	useEffect(() => {
		if (!jump || !ready) return;
		try {
			const filter = toEventFilter(latest.current.filters, Date.now());
			const row = source.current!.read(db => {
				let found: ReturnType<typeof adjacentError>;
				let from = jump.fromId;
				for (let step = 0; step < jump.steps; step++) {
					const next = adjacentError(db, from, jump.direction, {filter});
					if (!next) break;
					found = next;
					from = next.id;
				}
				return found;
			});
			dispatch({type: 'errorJump', seq: jump.seq, row: row ?? null});
		} catch (error) {
			fail(error);
		}
	}, [jump?.seq, ready]);

	// Enter on an occurrence's payload: a hook failure lands on the call it guarded, any other error on itself.
	const locate = errors.locate;
	useEffect(() => {
		if (!locate || !ready) return;
		try {
			const target = locate.row.event === 'HookFailure' ? (source.current!.read(db => guardedToolCall(db, locate.row.id))?.target ?? null) : locate.row;
			dispatch({type: 'located', seq: locate.seq, target});
		} catch (error) {
			fail(error);
		}
	}, [locate?.seq, ready]);
}
