import {type FilterTerm, findFilter, withFilter, withoutFilter} from '../filters.js';
import type {KeyCommand} from '../key-bindings.js';
import {isText, type KeyEvent} from '../key-matchers.js';
import {move, scrollTo, stepOf} from '../list-window.js';
import type {Outcome} from '../navigation.js';
import {helpRows} from './help.js';
import type {DetailState, HelpState, PickerOption, PickerState, SearchState} from './state.js';

// The overlays' keys, as pure functions over the overlay: each returns the overlay to show next, or
// null to close it. Stepping from one event to the next, copying and finding an event's place reach
// into the panes below, so the root reducer handles those.

/** Without a key: text typed in a box. */
type Typed = {command: null; input: string; key: KeyEvent};

/** The picker's options that contain every typed word, case-insensitively. */
export function narrowOptions(options: readonly PickerOption[], query: string): PickerOption[] {
	const words = query.toLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 0) return [...options];
	return options.filter(option => {
		const text = `${option.label} ${option.value} ${option.note ?? ''}`.toLowerCase();
		return words.every(word => text.includes(word));
	});
}

const withoutLast = (text: string) => [...text].slice(0, -1).join('');

/** Scrolling the payload: `lines` is how long it is at this width. */
export function detailCommand(overlay: DetailState, command: KeyCommand<'detail'>, lines: number, height: number): DetailState | null {
	const step = stepOf(command, height);
	if (command === 'cancel') return null;
	if (step === null) return overlay;
	const scroll = step === 'top' ? 0 : step === 'bottom' ? lines : overlay.scroll + step;
	return {...overlay, scroll: scrollTo(scroll, lines, height)};
}

export function pickerCommand(
	overlay: PickerState,
	filters: readonly FilterTerm[],
	pressed: {command: KeyCommand<'picker'>} | Typed,
	height: number,
): Outcome<PickerState | null> {
	const visible = narrowOptions(overlay.options ?? [], overlay.query);
	if (pressed.command === null)
		return {pane: isText(pressed.input, pressed.key) ? {...overlay, query: overlay.query + pressed.input, cursor: 0, top: 0} : overlay};
	const step = stepOf(pressed.command, height);
	if (step !== null) return {pane: move(overlay, step, visible.length, height)};
	switch (pressed.command) {
		case 'erase':
			return {pane: {...overlay, query: withoutLast(overlay.query), cursor: 0, top: 0}};
		case 'choose': {
			const option = visible[overlay.cursor];
			if (!option) return {pane: overlay};
			const term: FilterTerm = {kind: overlay.field, value: option.value, label: overlay.field === 'session' ? `session ${option.label}` : option.label};
			return {pane: null, go: {to: 'filters', filters: withFilter(filters, term)}};
		}
		case 'cancel':
			return {pane: null};
		default:
			return {pane: overlay};
	}
}

export function searchCommand(
	overlay: SearchState,
	filters: readonly FilterTerm[],
	pressed: {command: KeyCommand<'search'>} | Typed,
): Outcome<SearchState | null> {
	if (pressed.command === null) return {pane: isText(pressed.input, pressed.key) ? {...overlay, text: overlay.text + pressed.input} : overlay};
	switch (pressed.command) {
		case 'erase':
			return {pane: {...overlay, text: withoutLast(overlay.text)}};
		case 'choose': {
			const text = overlay.text.trim();
			if (overlay.target === 'sessions') return {pane: null, go: {to: 'searchSessions', text}};
			if (!text) return findFilter(filters, 'search') ? {pane: null, go: {to: 'filters', filters: withoutFilter(filters, 'search')}} : {pane: null};
			return {pane: null, go: {to: 'filters', filters: withFilter(filters, {kind: 'search', value: text, label: `/${text}`})}};
		}
		case 'cancel':
			return {pane: null};
	}
}

export function helpCommand(overlay: HelpState, command: KeyCommand<'help'>, height: number): HelpState | null {
	if (command === 'cancel') return null;
	return {...overlay, scroll: scrollTo(overlay.scroll + (command === 'down' ? 1 : -1), helpRows().length, height)};
}
