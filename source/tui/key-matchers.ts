import {bindingsOf, type KeyName, type KeySpec, type Match, type Scope, textScopes} from './key-bindings.js';

/** The part of Ink's Key the TUI reads; kept here so the reducer is testable without Ink. */
export interface KeyEvent {
	upArrow?: boolean;
	downArrow?: boolean;
	leftArrow?: boolean;
	rightArrow?: boolean;
	pageUp?: boolean;
	pageDown?: boolean;
	home?: boolean;
	end?: boolean;
	return?: boolean;
	escape?: boolean;
	tab?: boolean;
	backspace?: boolean;
	delete?: boolean;
	ctrl?: boolean;
	shift?: boolean;
	meta?: boolean;
}

function namedKey(key: KeyEvent): KeyName | null {
	if (key.upArrow) return 'upArrow';
	if (key.downArrow) return 'downArrow';
	if (key.leftArrow) return 'leftArrow';
	if (key.rightArrow) return 'rightArrow';
	if (key.pageUp) return 'pageUp';
	if (key.pageDown) return 'pageDown';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.return) return 'return';
	if (key.escape) return 'escape';
	if (key.tab) return 'tab';
	// Terminals send DEL (0x7f) for Backspace; Ink calls that "delete".
	if (key.backspace || key.delete) return 'backspace';
	return null;
}

export function matches(spec: KeySpec, input: string, key: KeyEvent): boolean {
	const named = namedKey(key);
	if (spec.name) return spec.name === named && Boolean(spec.shift) === Boolean(key.shift) && Boolean(spec.ctrl) === Boolean(key.ctrl);
	if (named) return false;
	return spec.input === input && Boolean(spec.ctrl) === Boolean(key.ctrl);
}

/** A printable key with no modifier: text in a search box or picker. */
export const isText = (input: string, key: KeyEvent) => input.length > 0 && !key.ctrl && !key.meta && namedKey(key) === null;

/**
 * The command a key means in a scope: the scope's own bindings first, then the global ones. In text
 * scopes, printable keys are typed, not commands (so `q` can be searched for); Ctrl-C still quits.
 */
export function commandFor(scope: Scope, input: string, key: KeyEvent): Match | null {
	const typing = textScopes.has(scope) && isText(input, key);
	for (const wanted of [scope, 'global'] as const) {
		for (const [command, binding] of bindingsOf(wanted)) {
			if (typing && !binding.keys.some(spec => spec.ctrl)) continue;
			// The table's own key: a command of the scope it was found in.
			if (binding.keys.some(spec => matches(spec, input, key))) return {scope: wanted, command, binding} as Match;
		}
	}
	return null;
}

const named = (flag: keyof KeyEvent): KeyEvent => ({[flag]: true});

/** One character of a chunk typed ahead, as the key Ink would have reported had it come alone. */
function singleKey(char: string): {input: string; key: KeyEvent} {
	if (char === '\r' || char === '\n') return {input: '', key: named('return')};
	if (char === '\t') return {input: '', key: named('tab')};
	if (char === '\x7f' || char === '\b') return {input: '', key: named('backspace')};
	const code = char.codePointAt(0)!;
	if (code >= 1 && code <= 26) return {input: String.fromCharCode(code + 96), key: {ctrl: true}};
	return {input: char, key: /[A-Z]/.test(char) ? {shift: true} : {}};
}

/**
 * Ink hands over keys that arrive in one read (typed fast, sent by tmux, pasted) as a single string
 * such as "kkk\r". Splits it into the keys it holds, so none is dropped or misread.
 */
export function splitKeys(input: string, key: KeyEvent): Array<{input: string; key: KeyEvent}> {
	const chars = [...input];
	// Esc and a key sent together read as Alt+key; nothing here binds Alt, so it was Esc, then the key.
	if (key.meta && !key.ctrl && chars.length > 0 && namedKey(key) === null) return [{input: '', key: named('escape')}, ...splitKeys(input, {})];
	if (chars.length === 0 || key.ctrl || namedKey(key) !== null) return [{input, key}];
	return chars.map(singleKey);
}
