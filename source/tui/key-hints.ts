import {bindingsOf, type HintLine, hintLines, type KeyBinding, type KeyCommand, type KeyName, type KeySpec, type Scope} from './key-bindings.js';

// How the key table is written on screen: key names, the help's key column, and the hint lines of
// the footer and header, all generated from key-bindings.ts.

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

/** How a key is written: "j", "↓", "Ctrl-C", "Shift-Tab", "Space". */
export function keyLabel(spec: KeySpec): string {
	const base = spec.name ? names[spec.name] : spec.input === ' ' ? 'Space' : spec.input!;
	return `${spec.ctrl ? 'Ctrl-' : ''}${spec.shift ? 'Shift-' : ''}${spec.ctrl ? base.toUpperCase() : base}`;
}

/** The keys of a binding as the help shows them; the ten number keys read "1-9 0". */
export const bindingLabel = (command: string, binding: KeyBinding): string => (command === 'quickEvent' ? '1-9 0' : binding.keys.map(keyLabel).join(' '));

/** The binding of a command in a scope, else the global one (q, ?, Tab work everywhere). */
function bindingOf(scope: Scope, command: string): KeyBinding {
	const found = bindingsOf(scope).find(([name]) => name === command) ?? bindingsOf('global').find(([name]) => name === command);
	// Only reachable with a command the types let through: hint lines are checked against the table.
	if (!found) throw new Error(`no binding for ${command} in ${scope}`);
	return found[1];
}

const firstKey = (scope: Scope, command: string) => keyLabel(bindingOf(scope, command).keys[0]!);

/** The first key of a command, as hints name it: "Enter", "M", "?". */
export const keyOf = <S extends Scope>(scope: S, command: KeyCommand<S | 'global'>): string => firstKey(scope, command);

/** One line of hints: "Enter open · j/k move · [ ] prev/next event · ? help". */
export function hintText(line: HintLine): string {
	return line.hints
		.map(([commands, says]) => {
			const labels = commands.map(command => firstKey(line.scope, command));
			const keys = labels.join(labels.every(label => label === '[' || label === ']') ? ' ' : '/');
			return [keys, says].filter(Boolean).join(' ');
		})
		.join(' · ');
}

/** Every hint line of the table, as text: written once, when the module loads. */
export const hints = Object.fromEntries(Object.entries(hintLines).map(([name, line]) => [name, hintText(line)])) as Record<keyof typeof hintLines, string>;
