// Every key the TUI answers to, as data: the handlers (key-matchers.ts) and the help overlay read this one table.

/** Where a binding applies. `global` is tried after the active scope. */
export type Scope = 'global' | 'stream' | 'detail' | 'help' | 'picker' | 'search' | 'errors' | 'occurrences' | 'sessions' | 'timeline' | 'hooks';

export type KeyName = 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'tab' | 'backspace';

/** One key: a character (as typed, so 'G' is shift-g), a named key, optionally with ctrl or shift. */
export interface KeySpec {
	input?: string;
	name?: KeyName;
	ctrl?: boolean;
	shift?: boolean;
}

export type Command =
	| 'quit'
	| 'back'
	| 'help'
	| 'nextPane'
	| 'prevPane'
	| 'down'
	| 'up'
	| 'pageDown'
	| 'pageUp'
	| 'halfDown'
	| 'halfUp'
	| 'top'
	| 'bottom'
	| 'follow'
	| 'open'
	| 'search'
	| 'pickEvent'
	| 'pickTool'
	| 'pickSession'
	| 'pickProject'
	| 'errorsOnly'
	| 'timeWindow'
	| 'clearLast'
	| 'clearAll'
	| 'quickEvent'
	| 'copy'
	| 'prevEvent'
	| 'nextEvent'
	| 'choose'
	| 'cancel'
	| 'erase'
	| 'nextError'
	| 'prevError'
	| 'acknowledge'
	| 'mute'
	| 'resolve'
	| 'reopen'
	| 'undo'
	| 'toggleMuted'
	| 'locate'
	| 'sessionsPane'
	| 'hooksPane'
	| 'sortNext'
	| 'sortReverse'
	| 'liveOrEnded'
	| 'refresh';

export interface KeyBinding {
	scope: Scope;
	command: Command;
	keys: KeySpec[];
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

export const keyBindings: readonly KeyBinding[] = [
	{scope: 'global', command: 'quit', keys: [ctrl('c')], help: 'quit from anywhere'},
	{scope: 'global', command: 'back', keys: [char('q')], help: 'close the view on top; quit from the stream'},
	{scope: 'global', command: 'help', keys: [char('?')], help: 'show or hide this help'},
	{scope: 'global', command: 'nextPane', keys: [key('tab')], help: 'next pane'},
	{scope: 'global', command: 'prevPane', keys: [key('tab', {shift: true})], help: 'previous pane'},
	{scope: 'global', command: 'sessionsPane', keys: [char('s')], help: 'the sessions pane'},
	{scope: 'global', command: 'hooksPane', keys: [char('H')], help: 'the hooks pane: which of my hooks is broken'},

	{scope: 'stream', command: 'down', keys: [char('j'), key('downArrow')], help: 'next event (older to newer)'},
	{scope: 'stream', command: 'up', keys: [char('k'), key('upArrow')], help: 'previous event; pauses follow'},
	{scope: 'stream', command: 'pageDown', keys: [key('pageDown'), ctrl('f'), char(' ')], help: 'page down'},
	{scope: 'stream', command: 'pageUp', keys: [key('pageUp'), ctrl('b')], help: 'page up; pauses follow'},
	{scope: 'stream', command: 'halfDown', keys: [ctrl('d')], help: 'half a page down'},
	{scope: 'stream', command: 'halfUp', keys: [ctrl('u')], help: 'half a page up'},
	{scope: 'stream', command: 'top', keys: [char('g'), key('home')], help: 'oldest event in the database'},
	{scope: 'stream', command: 'bottom', keys: [char('G'), key('end')], help: 'newest event; resumes follow'},
	{scope: 'stream', command: 'follow', keys: [char('f')], help: 'follow new events on/off'},
	{scope: 'stream', command: 'open', keys: [key('return')], help: 'open the event: payload and derived fields'},
	{scope: 'stream', command: 'search', keys: [char('/')], help: 'search summary and payload text'},
	{scope: 'stream', command: 'quickEvent', keys: [...'1234567890'].map(char), help: 'quick event-type filters (listed one by one in the help)'},
	{scope: 'stream', command: 'pickEvent', keys: [char('v')], help: 'pick an event type'},
	{scope: 'stream', command: 'pickTool', keys: [char('t')], help: 'pick a tool'},
	{scope: 'stream', command: 'pickSession', keys: [char('S')], help: 'pick a session'},
	{scope: 'stream', command: 'pickProject', keys: [char('p')], help: 'pick a project'},
	{scope: 'stream', command: 'errorsOnly', keys: [char('x')], help: 'errors only (error and invalid) on/off'},
	{scope: 'stream', command: 'timeWindow', keys: [char('w')], help: `time window: ${timeWindows.map(window => window?.label ?? 'off').join(' → ')}`},
	{scope: 'stream', command: 'clearLast', keys: [key('escape')], help: 'remove the last filter added'},
	{scope: 'stream', command: 'clearAll', keys: [char('c')], help: 'remove every filter'},
	{scope: 'stream', command: 'nextError', keys: [char('e')], help: 'jump to the next error (muted groups skipped)'},
	{scope: 'stream', command: 'prevError', keys: [char('E')], help: 'jump to the previous error'},

	{scope: 'sessions', command: 'down', keys: [char('j'), key('downArrow')], help: 'next session'},
	{scope: 'sessions', command: 'up', keys: [char('k'), key('upArrow')], help: 'previous session'},
	{scope: 'sessions', command: 'pageDown', keys: [key('pageDown'), ctrl('f'), char(' ')], help: 'page down'},
	{scope: 'sessions', command: 'pageUp', keys: [key('pageUp'), ctrl('b')], help: 'page up'},
	{scope: 'sessions', command: 'top', keys: [char('g'), key('home')], help: 'first session'},
	{scope: 'sessions', command: 'bottom', keys: [char('G'), key('end')], help: 'last session'},
	{scope: 'sessions', command: 'open', keys: [key('return')], help: "open the session's timeline"},
	{
		scope: 'sessions',
		command: 'sortNext',
		keys: [char('o')],
		help: 'sort by: last activity → start → duration → events → prompts → tool calls → errors → subagents → project',
	},
	{scope: 'sessions', command: 'sortReverse', keys: [char('r')], help: 'reverse the order'},
	{scope: 'sessions', command: 'search', keys: [char('/')], help: 'search session id, project, folder and branch'},
	{scope: 'sessions', command: 'errorsOnly', keys: [char('x')], help: 'only sessions with errors on/off'},
	{scope: 'sessions', command: 'liveOrEnded', keys: [char('l')], help: 'live only → ended only → all'},
	{scope: 'sessions', command: 'timeWindow', keys: [char('w')], help: `active in the last: ${timeWindows.map(window => window?.label ?? 'off').join(' → ')}`},
	{scope: 'sessions', command: 'clearLast', keys: [key('escape')], help: 'remove the last filter added'},
	{scope: 'sessions', command: 'clearAll', keys: [char('c')], help: 'remove every filter'},

	{scope: 'timeline', command: 'down', keys: [char('j'), key('downArrow')], help: 'next row'},
	{scope: 'timeline', command: 'up', keys: [char('k'), key('upArrow')], help: 'previous row'},
	{scope: 'timeline', command: 'pageDown', keys: [key('pageDown'), ctrl('f'), char(' ')], help: 'page down'},
	{scope: 'timeline', command: 'pageUp', keys: [key('pageUp'), ctrl('b')], help: 'page up'},
	{scope: 'timeline', command: 'halfDown', keys: [ctrl('d')], help: 'half a page down'},
	{scope: 'timeline', command: 'halfUp', keys: [ctrl('u')], help: 'half a page up'},
	{scope: 'timeline', command: 'top', keys: [char('g'), key('home')], help: 'start of the session'},
	{scope: 'timeline', command: 'bottom', keys: [char('G'), key('end')], help: 'latest row'},
	{scope: 'timeline', command: 'open', keys: [key('return')], help: "open the row's event: payload and derived fields"},
	{scope: 'timeline', command: 'cancel', keys: [key('escape')], help: 'back to the list it was opened from (q too)'},

	{scope: 'hooks', command: 'down', keys: [char('j'), key('downArrow')], help: 'next hook command'},
	{scope: 'hooks', command: 'up', keys: [char('k'), key('upArrow')], help: 'previous hook command'},
	{scope: 'hooks', command: 'pageDown', keys: [key('pageDown'), ctrl('f'), char(' ')], help: 'page down'},
	{scope: 'hooks', command: 'pageUp', keys: [key('pageUp'), ctrl('b')], help: 'page up'},
	{scope: 'hooks', command: 'top', keys: [char('g'), key('home')], help: 'first hook'},
	{scope: 'hooks', command: 'bottom', keys: [char('G'), key('end')], help: 'last hook'},
	{scope: 'hooks', command: 'open', keys: [key('return')], help: "the hook's last failure in its session's timeline, on the call it guarded"},
	{scope: 'hooks', command: 'refresh', keys: [char('R')], help: 'read the settings files again'},

	{scope: 'detail', command: 'down', keys: [char('j'), key('downArrow')], help: 'scroll down'},
	{scope: 'detail', command: 'up', keys: [char('k'), key('upArrow')], help: 'scroll up'},
	{scope: 'detail', command: 'pageDown', keys: [key('pageDown'), ctrl('f'), char(' ')], help: 'page down'},
	{scope: 'detail', command: 'pageUp', keys: [key('pageUp'), ctrl('b')], help: 'page up'},
	{scope: 'detail', command: 'top', keys: [char('g'), key('home')], help: 'top of the payload'},
	{scope: 'detail', command: 'bottom', keys: [char('G'), key('end')], help: 'end of the payload'},
	{scope: 'detail', command: 'prevEvent', keys: [char('['), key('leftArrow')], help: 'previous event in the stream (or the timeline)'},
	{scope: 'detail', command: 'nextEvent', keys: [char(']'), key('rightArrow')], help: 'next event in the stream (or the timeline)'},
	{scope: 'detail', command: 'copy', keys: [char('y')], help: 'copy the payload to the clipboard (OSC 52)'},
	{scope: 'detail', command: 'cancel', keys: [key('escape')], help: 'back to the stream (or the timeline)'},
	{
		scope: 'detail',
		command: 'locate',
		keys: [key('return')],
		help: 'from an error occurrence: its place in its session (a hook failure: the tool call it guarded)',
	},

	{scope: 'errors', command: 'down', keys: [char('j'), key('downArrow')], help: 'next error group'},
	{scope: 'errors', command: 'up', keys: [char('k'), key('upArrow')], help: 'previous error group'},
	{scope: 'errors', command: 'pageDown', keys: [key('pageDown'), ctrl('f'), char(' ')], help: 'page down'},
	{scope: 'errors', command: 'pageUp', keys: [key('pageUp'), ctrl('b')], help: 'page up'},
	{scope: 'errors', command: 'top', keys: [char('g'), key('home')], help: 'first group'},
	{scope: 'errors', command: 'bottom', keys: [char('G'), key('end')], help: 'last group'},
	{scope: 'errors', command: 'open', keys: [key('return')], help: 'open the group: its occurrences, newest first'},
	{scope: 'errors', command: 'acknowledge', keys: [char('a')], help: 'acknowledge: seen, no longer new'},
	{scope: 'errors', command: 'mute', keys: [char('m')], help: 'mute the signature: hidden here and from the counts'},
	{scope: 'errors', command: 'resolve', keys: [char('r')], help: 'resolve: a new occurrence reopens it as a regression'},
	{scope: 'errors', command: 'reopen', keys: [char('o')], help: 'reopen: back to open'},
	{scope: 'errors', command: 'undo', keys: [char('u')], help: 'undo the last triage change (from any eyelet)'},
	{scope: 'errors', command: 'toggleMuted', keys: [char('M')], help: 'show or hide muted groups'},

	{scope: 'occurrences', command: 'down', keys: [char('j'), key('downArrow')], help: 'next (older) occurrence'},
	{scope: 'occurrences', command: 'up', keys: [char('k'), key('upArrow')], help: 'previous (newer) occurrence'},
	{scope: 'occurrences', command: 'pageDown', keys: [key('pageDown'), ctrl('f'), char(' ')], help: 'page down'},
	{scope: 'occurrences', command: 'pageUp', keys: [key('pageUp'), ctrl('b')], help: 'page up'},
	{scope: 'occurrences', command: 'top', keys: [char('g'), key('home')], help: 'newest occurrence'},
	{scope: 'occurrences', command: 'bottom', keys: [char('G'), key('end')], help: 'oldest occurrence loaded'},
	{scope: 'occurrences', command: 'open', keys: [key('return')], help: 'open the occurrence: its payload'},
	{scope: 'occurrences', command: 'acknowledge', keys: [char('a')], help: 'acknowledge the group'},
	{scope: 'occurrences', command: 'mute', keys: [char('m')], help: 'mute the group'},
	{scope: 'occurrences', command: 'resolve', keys: [char('r')], help: 'resolve the group'},
	{scope: 'occurrences', command: 'undo', keys: [char('u')], help: 'undo the last triage change'},
	{scope: 'occurrences', command: 'cancel', keys: [key('escape')], help: 'back to the groups'},

	{scope: 'help', command: 'down', keys: [char('j'), key('downArrow')], help: 'scroll down'},
	{scope: 'help', command: 'up', keys: [char('k'), key('upArrow')], help: 'scroll up'},
	{scope: 'help', command: 'cancel', keys: [key('escape')], help: 'close the help'},

	{scope: 'picker', command: 'down', keys: [key('downArrow'), ctrl('n')], help: 'next choice'},
	{scope: 'picker', command: 'up', keys: [key('upArrow'), ctrl('p')], help: 'previous choice'},
	{scope: 'picker', command: 'pageDown', keys: [key('pageDown')], help: 'page down'},
	{scope: 'picker', command: 'pageUp', keys: [key('pageUp')], help: 'page up'},
	{scope: 'picker', command: 'choose', keys: [key('return')], help: 'filter by the choice (typing narrows the list)'},
	{scope: 'picker', command: 'erase', keys: [key('backspace')], help: 'delete a typed character'},
	{scope: 'picker', command: 'cancel', keys: [key('escape')], help: 'close without filtering'},

	{scope: 'search', command: 'choose', keys: [key('return')], help: 'apply the search'},
	{scope: 'search', command: 'erase', keys: [key('backspace')], help: 'delete a character'},
	{scope: 'search', command: 'cancel', keys: [key('escape')], help: 'close without searching'},
];

/** Scopes where printable keys are text (a search box, a picker's narrowing), so only named keys and ctrl bind. */
export const textScopes: ReadonlySet<Scope> = new Set(['picker', 'search']);

const names: Record<KeyName, string> = {
	upArrow: '↑',
	downArrow: '↓',
	leftArrow: '←',
	rightArrow: '→',
	pageUp: 'PgUp',
	pageDown: 'PgDn',
	home: 'Home',
	end: 'End',
	return: 'Enter',
	escape: 'Esc',
	tab: 'Tab',
	backspace: 'Backspace',
};

/** How a key is written in the help: "j", "↓", "Ctrl-C", "Shift-Tab", "Space". */
export function keyLabel(spec: KeySpec): string {
	const base = spec.name ? names[spec.name] : spec.input === ' ' ? 'Space' : spec.input!;
	return `${spec.ctrl ? 'Ctrl-' : ''}${spec.shift ? 'Shift-' : ''}${spec.ctrl ? base.toUpperCase() : base}`;
}

/** The keys of a binding as the help shows them; the ten number keys read "0-9". */
export const bindingLabel = (binding: KeyBinding): string => (binding.command === 'quickEvent' ? '1-9 0' : binding.keys.map(keyLabel).join(' '));
