import type {EventRow} from '../../../store/events.js';
import type {ErrorCounts, ErrorGroup} from '../../../store/error-groups.js';
import type {HookFailureGroup} from '../../../store/hooks.js';
import type {TriageAction} from '../../../store/triage.js';

// The error pane: failures grouped by signature, a group's occurrences, the triage keys' writes, and
// the reads that take an error to its place (e/E in the stream, Enter on an occurrence's payload).

/** What a hook-failure group adds to its error group (see store/hooks.ts). */
export type HookFacts = Pick<HookFailureGroup, 'command' | 'hookNames' | 'tools' | 'exitCodes' | 'blocking' | 'nonBlocking'>;

/** One group opened: its occurrences, newest first, keyset-paged by id. */
export interface OccurrenceList {
	signature: string;
	groupId: string;
	rows: EventRow[];
	cursor: number;
	top: number;
	/** Older occurrences may exist after the last row. */
	hasMore: boolean;
	request: {seq: number; beforeId?: number} | null;
}

/** A triage key pressed: the data hook writes it and answers with `triaged`. */
export interface TriageWrite {
	seq: number;
	action: TriageAction | 'undo';
	signature?: string;
	seenId?: number;
	groupId?: string;
}

export interface ErrorsState {
	/** null until the first list arrives. */
	groups: ErrorGroup[] | null;
	mutedHidden: number;
	/** For the header: muted groups excluded. */
	counts: ErrorCounts | null;
	hooks: Record<string, HookFacts>;
	showMuted: boolean;
	cursor: number;
	top: number;
	/** Bumped to ask for a fresh list now (after a write, on the muted toggle). */
	refresh: number;
	open: OccurrenceList | null;
	write: TriageWrite | null;
	/** e/E in the stream: the data hook finds the adjacent error and answers with `errorJump`. */
	jump: {seq: number; fromId: number; direction: 'next' | 'previous'; steps: number} | null;
	/** Enter on an occurrence's payload: the data hook finds its place (a hook failure's guarded call) and answers with `located`. */
	locate: {seq: number; row: EventRow} | null;
}

export type ErrorsAction =
	| {type: 'errorGroups'; showMuted: boolean; groups: ErrorGroup[]; mutedHidden: number; counts: ErrorCounts; hooks: Record<string, HookFacts>}
	| {type: 'occurrences'; seq: number; rows: EventRow[]; pageSize: number}
	| {type: 'triaged'; seq: number; text: string}
	| {type: 'errorJump'; seq: number; row: EventRow | null}
	| {type: 'located'; seq: number; target: EventRow | null};

export const emptyErrors = (): ErrorsState => ({
	groups: null,
	mutedHidden: 0,
	counts: null,
	hooks: {},
	showMuted: false,
	cursor: 0,
	top: 0,
	refresh: 0,
	open: null,
	write: null,
	jump: null,
	locate: null,
});

/** Occurrences fetched per page. */
export const occurrencePage = 200;

export const selectedGroup = (errors: ErrorsState): ErrorGroup | undefined => errors.groups?.[errors.cursor];
