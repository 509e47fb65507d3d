// Every key the TUI answers to, as data: the handlers (key-matchers.ts), the help overlay and the
// footer and header hints (key-hints.ts) read this one table. A key command exists only as an entry
// of it, so a command without a binding, or handled in a scope that does not bind it, fails to compile.

export type KeyName = 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'tab' | 'backspace';

/** One key: a character (as typed, so 'G' is shift-g), a named key, optionally with ctrl or shift. */
export interface KeySpec {
	input?: string;
	name?: KeyName;
	ctrl?: boolean;
	shift?: boolean;
}

export interface KeyBinding {
	keys: readonly KeySpec[];
	/** What the help overlay says it does. */
	help: string;
}

/** The event types under the number keys, most watched first; 0 clears the event filter. */
export const quickEvents = [
	'PreToolUse',
	'PostToolUse',
	'PostToolUseFailure',
	'UserPromptSubmit',
	'Stop',
	'SubagentStart',
	'SubagentStop',
	'SessionStart',
	'SessionEnd',
] as const;

/** Time windows that `w` steps through; the last, null, switches the window off. */
export const timeWindows: ReadonlyArray<{label: string; ms: number} | null> = [
	{label: '5m', ms: 5 * 60_000},
	{label: '15m', ms: 15 * 60_000},
	{label: '1h', ms: 3_600_000},
	{label: '6h', ms: 6 * 3_600_000},
	{label: '24h', ms: 24 * 3_600_000},
	{label: '7d', ms: 7 * 24 * 3_600_000},
	null,
];

const key = (name: KeyName, extra: Partial<KeySpec> = {}): KeySpec => ({name, ...extra});
const char = (input: string): KeySpec => ({input});
const ctrl = (input: string): KeySpec => ({input, ctrl: true});
const windowCycle = timeWindows.map(window => window?.label ?? 'off').join(' → ');

const lineKeys = (says: {down: string; up: string}) => ({
	down: {keys: [char('j'), key('downArrow')], help: says.down},
	up: {keys: [char('k'), key('upArrow')], help: says.up},
});
const pageKeys = (pageUp = 'page up') => ({
	pageDown: {keys: [key('pageDown'), ctrl('f'), char(' ')], help: 'page down'},
	pageUp: {keys: [key('pageUp'), ctrl('b')], help: pageUp},
});
const halfPageKeys = {
	halfDown: {keys: [ctrl('d')], help: 'half a page down'},
	halfUp: {keys: [ctrl('u')], help: 'half a page up'},
};
const endKeys = (says: {top: string; bottom: string}) => ({
	top: {keys: [char('g'), key('home')], help: says.top},
	bottom: {keys: [char('G'), key('end')], help: says.bottom},
});

/** The movement keys every list shares, with what they mean in it. */
const listKeys = (says: {down: string; up: string; top: string; bottom: string}) => ({...lineKeys(says), ...pageKeys(), ...endKeys(says)});

/** Every binding, by scope: the active scope's own are tried first, then `global`. The order is the help's. */
export const keyBindings = {
	global: {
		quit: {keys: [ctrl('c')], help: 'quit from anywhere'},
		back: {keys: [char('q')], help: 'close the view on top; quit from the stream'},
		help: {keys: [char('?')], help: 'show or hide this help'},
		nextPane: {keys: [key('tab')], help: 'next pane'},
		prevPane: {keys: [key('tab', {shift: true})], help: 'previous pane'},
		sessionsPane: {keys: [char('s')], help: 'the sessions pane'},
		hooksPane: {keys: [char('H')], help: 'the hooks pane: which of my hooks is broken'},
	},
	stream: {
		...lineKeys({down: 'next event (older to newer)', up: 'previous event; pauses follow'}),
		...pageKeys('page up; pauses follow'),
		...halfPageKeys,
		...endKeys({top: 'oldest event in the database', bottom: 'newest event; resumes follow'}),
		follow: {keys: [char('f')], help: 'follow new events on/off'},
		open: {keys: [key('return')], help: 'open the event: payload and derived fields'},
		search: {keys: [char('/')], help: 'search summary and payload text'},
		quickEvent: {keys: [...'1234567890'].map(char), help: 'quick event-type filters (listed one by one in the help)'},
		pickEvent: {keys: [char('v')], help: 'pick an event type'},
		pickTool: {keys: [char('t')], help: 'pick a tool'},
		pickSession: {keys: [char('S')], help: 'pick a session'},
		pickProject: {keys: [char('p')], help: 'pick a project'},
		errorsOnly: {keys: [char('x')], help: 'errors only (error and invalid) on/off'},
		timeWindow: {keys: [char('w')], help: `time window: ${windowCycle}`},
		clearLast: {keys: [key('escape')], help: 'remove the last filter added'},
		clearAll: {keys: [char('c')], help: 'remove every filter'},
		nextError: {keys: [char('e')], help: 'jump to the next error (muted groups skipped)'},
		prevError: {keys: [char('E')], help: 'jump to the previous error'},
	},
	errors: {
		...listKeys({down: 'next error group', up: 'previous error group', top: 'first group', bottom: 'last group'}),
		open: {keys: [key('return')], help: 'open the group: its occurrences, newest first'},
		acknowledge: {keys: [char('a')], help: 'acknowledge: seen, no longer new'},
		mute: {keys: [char('m')], help: 'mute the signature: hidden here and from the counts'},
		resolve: {keys: [char('r')], help: 'resolve: a new occurrence reopens it as a regression'},
		reopen: {keys: [char('o')], help: 'reopen: back to open'},
		undo: {keys: [char('u')], help: 'undo the last triage change (from any eyelet)'},
		toggleMuted: {keys: [char('M')], help: 'show or hide muted groups'},
	},
	occurrences: {
		...listKeys({down: 'next (older) occurrence', up: 'previous (newer) occurrence', top: 'newest occurrence', bottom: 'oldest occurrence loaded'}),
		open: {keys: [key('return')], help: 'open the occurrence: its payload'},
		acknowledge: {keys: [char('a')], help: 'acknowledge the group'},
		mute: {keys: [char('m')], help: 'mute the group'},
		resolve: {keys: [char('r')], help: 'resolve the group'},
		undo: {keys: [char('u')], help: 'undo the last triage change'},
		cancel: {keys: [key('escape')], help: 'back to the groups'},
	},
	sessions: {
		...listKeys({down: 'next session', up: 'previous session', top: 'first session', bottom: 'last session'}),
		open: {keys: [key('return')], help: "open the session's timeline"},
		sortNext: {keys: [char('o')], help: 'sort by: last activity → start → duration → events → prompts → tool calls → errors → subagents → cost → project'},
		sortReverse: {keys: [char('r')], help: 'reverse the order'},
		search: {keys: [char('/')], help: 'search session id, project, folder and branch'},
		errorsOnly: {keys: [char('x')], help: 'only sessions with errors on/off'},
		liveOrEnded: {keys: [char('l')], help: 'live only → ended only → all'},
		timeWindow: {keys: [char('w')], help: `active in the last: ${windowCycle}`},
		clearLast: {keys: [key('escape')], help: 'remove the last filter added'},
		clearAll: {keys: [char('c')], help: 'remove every filter'},
	},
	timeline: {
		...lineKeys({down: 'next row', up: 'previous row'}),
		...pageKeys(),
		...halfPageKeys,
		...endKeys({top: 'start of the session', bottom: 'latest row'}),
		open: {keys: [key('return')], help: "open the row's event: payload and derived fields"},
		cancel: {keys: [key('escape')], help: 'back to the list it was opened from (q too)'},
	},
	hooks: {
		...listKeys({down: 'next hook command', up: 'previous hook command', top: 'first hook', bottom: 'last hook'}),
		open: {keys: [key('return')], help: "the hook's last failure in its session's timeline, on the call it guarded"},
		refresh: {keys: [char('R')], help: 'read the settings files again'},
	},
	detail: {
		...listKeys({down: 'scroll down', up: 'scroll up', top: 'top of the payload', bottom: 'end of the payload'}),
		prevEvent: {keys: [char('['), key('leftArrow')], help: 'previous event in the stream (or the timeline)'},
		nextEvent: {keys: [char(']'), key('rightArrow')], help: 'next event in the stream (or the timeline)'},
		copy: {keys: [char('y')], help: 'copy the payload to the clipboard (OSC 52)'},
		cancel: {keys: [key('escape')], help: 'back to the stream (or the timeline)'},
		locate: {keys: [key('return')], help: 'from an error occurrence: its place in its session (a hook failure: the tool call it guarded)'},
	},
	picker: {
		down: {keys: [key('downArrow'), ctrl('n')], help: 'next choice'},
		up: {keys: [key('upArrow'), ctrl('p')], help: 'previous choice'},
		pageDown: {keys: [key('pageDown')], help: 'page down'},
		pageUp: {keys: [key('pageUp')], help: 'page up'},
		choose: {keys: [key('return')], help: 'filter by the choice (typing narrows the list)'},
		erase: {keys: [key('backspace')], help: 'delete a typed character'},
		cancel: {keys: [key('escape')], help: 'close without filtering'},
	},
	search: {
		choose: {keys: [key('return')], help: 'apply the search'},
		erase: {keys: [key('backspace')], help: 'delete a character'},
		cancel: {keys: [key('escape')], help: 'close without searching'},
	},
	help: {
		...lineKeys({down: 'scroll down', up: 'scroll up'}),
		cancel: {keys: [key('escape')], help: 'close the help'},
	},
} satisfies Record<string, Record<string, KeyBinding>>;

/** Where a binding applies. `global` is tried after the active scope. */
export type Scope = keyof typeof keyBindings;

/** The commands bound in a scope (all of them when no scope is given). */
export type KeyCommand<S extends Scope = Scope> = S extends Scope ? keyof (typeof keyBindings)[S] & string : never;

/** A key that means a command: the scope whose binding matched, and which. */
export type Match = {[S in Scope]: {scope: S; command: KeyCommand<S>; binding: KeyBinding}}[Scope];

/** A scope's bindings in the table's order, for code that walks them all (the matcher, the help). */
export const bindingsOf = (scope: Scope): Array<[string, KeyBinding]> => Object.entries(keyBindings[scope]);

/** Scopes where printable keys are text (a search box, a picker's narrowing), so only named keys and ctrl bind. */
export const textScopes: ReadonlySet<Scope> = new Set(['picker', 'search']);

/**
 * One hint of a footer or header line: the keys of these commands, then what they do ("j/k move").
 * The commands are those of the line's scope or the global ones; a hint with none is plain words.
 */
export type Hint<S extends Scope> = readonly [ReadonlyArray<KeyCommand<S | 'global'>>, string];

export interface HintLine<S extends Scope = Scope> {
	scope: S;
	hints: ReadonlyArray<Hint<S>>;
}

const line = <S extends Scope>(scope: S, hints: ReadonlyArray<Hint<S>>): HintLine<S> => ({scope, hints});

/** The key hints the screens show, built from the bindings above so they name the keys that really work. */
export const hintLines = {
	stream: line('stream', [
		[['open'], 'open'],
		[['search'], 'search'],
		[['errorsOnly'], 'errors'],
		[['pickTool'], 'tool'],
		[['pickEvent'], 'event'],
		[['pickSession'], 'session'],
		[['pickProject'], 'project'],
		[['timeWindow'], 'window'],
		[['follow'], 'follow'],
		[['help'], 'help'],
		[['back'], 'quit'],
	]),
	errors: line('errors', [
		[['open'], 'occurrences'],
		[['acknowledge'], 'ack'],
		[['mute'], 'mute'],
		[['resolve'], 'resolve'],
		[['undo'], 'undo'],
		[['toggleMuted'], 'muted'],
		[['nextPane'], ''],
		[['help'], 'help'],
	]),
	occurrences: line('occurrences', [
		[['open'], 'payload'],
		[['acknowledge'], 'ack'],
		[['mute'], 'mute'],
		[['resolve'], 'resolve'],
		[['undo'], 'undo'],
		[['cancel'], 'groups'],
		[['help'], 'help'],
	]),
	sessions: line('sessions', [
		[['open'], 'timeline'],
		[['sortNext'], 'sort'],
		[['sortReverse'], 'reverse'],
		[['search'], 'search'],
		[['errorsOnly'], 'errors'],
		[['liveOrEnded'], 'live/ended'],
		[['timeWindow'], 'window'],
		[['help'], 'help'],
	]),
	sessionsTitle: line('sessions', [
		[['sortNext'], 'sort'],
		[['sortReverse'], 'reverse'],
		[['open'], 'timeline'],
	]),
	timeline: line('timeline', [
		[['open'], 'open the event'],
		[['down', 'up'], 'move'],
		[['top', 'bottom'], 'start/end'],
		[['cancel'], 'back'],
		[['help'], 'help'],
	]),
	hooks: line('hooks', [
		[['open'], 'last failure in its timeline'],
		[['down', 'up'], 'move'],
		[['refresh'], 'reread settings'],
		[['help'], 'help'],
	]),
	detail: line('detail', [
		[['down', 'up'], 'scroll'],
		[['prevEvent', 'nextEvent'], 'prev/next event'],
		[['copy'], 'copy'],
		[['cancel'], 'back'],
		[['back'], 'back'],
	]),
	occurrenceDetail: line('detail', [
		[['locate'], 'go to its place'],
		[['prevEvent', 'nextEvent'], 'older/newer'],
		[['copy'], 'copy'],
		[['cancel'], 'back'],
	]),
	help: line('help', [
		[['down', 'up'], 'scroll'],
		[['help', 'cancel'], 'close'],
	]),
	picker: line('picker', [
		[[], 'type to narrow'],
		[['up', 'down'], 'choose'],
		[['choose'], 'filter'],
		[['cancel'], 'cancel'],
	]),
	search: line('search', [
		[['choose'], 'search'],
		[['cancel'], 'cancel'],
	]),
	// The second header line offers a pane's filters while none is set.
	streamFilters: line('stream', [
		[['search'], 'search'],
		[['errorsOnly'], 'errors'],
		[['pickTool'], 'tool'],
		[['pickEvent'], 'event'],
		[['help'], 'help'],
	]),
	sessionsFilters: line('sessions', [
		[['search'], 'search'],
		[['errorsOnly'], 'errors'],
		[['liveOrEnded'], 'live'],
		[['help'], 'help'],
	]),
	timelineFilters: line('timeline', [
		[['open'], 'payload'],
		[['cancel'], 'back'],
		[['help'], 'help'],
	]),
	hooksFilters: line('hooks', [
		[['open'], 'its call'],
		[['refresh'], 'reread'],
		[['help'], 'help'],
	]),
} satisfies Record<string, HintLine>;
