import {bindingsOf, quickEvents, type Scope} from '../key-bindings.js';
import {bindingLabel} from '../key-hints.js';
import type {PickerOption} from '../state.js';

export interface HelpRow {
	keys: string;
	action: string;
}

export interface HelpSection {
	title: string;
	rows: HelpRow[];
}

const titles: Record<Scope, string> = {
	global: 'Everywhere',
	stream: 'Stream',
	detail: 'Event detail',
	help: 'This help',
	picker: 'Pickers (event, tool, session, project)',
	search: 'Search box',
	errors: 'Errors pane',
	occurrences: 'Error occurrences',
	sessions: 'Sessions',
	timeline: 'Session timeline',
	hooks: 'Hooks',
};

/** The help overlay's content, read from the same key table the handlers use. */
export function helpSections(): HelpSection[] {
	const order: Scope[] = ['global', 'stream', 'errors', 'occurrences', 'sessions', 'timeline', 'hooks', 'detail', 'picker', 'search', 'help'];
	return order.map(scope => ({
		title: titles[scope],
		rows: bindingsOf(scope).flatMap(([command, binding]) =>
			command === 'quickEvent'
				? [
						...quickEvents.map((event, index) => ({keys: String(index + 1), action: `only ${event} events (again: off)`})),
						{keys: '0', action: 'any event type'},
					]
				: [{keys: bindingLabel(command, binding), action: binding.help}],
		),
	}));
}

/** One row of the help table; the column titles are these keys. */
export type HelpTableRow = {where: string; keys: string; action: string};

export function helpRows(): HelpTableRow[] {
	return helpSections().flatMap(section =>
		section.rows.map((row, index) => ({where: index === 0 ? section.title.split(' (')[0]! : '', keys: row.keys, action: row.action})),
	);
}

/** Lines the help overlay spends around its rows: a title, the table's borders, header and separator. */
export const helpTableChrome = 5;

/** The picker's options that contain every typed word, case-insensitively. */
export function narrowOptions(options: readonly PickerOption[], query: string): PickerOption[] {
	const words = query.toLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 0) return [...options];
	return options.filter(option => {
		const text = `${option.label} ${option.value} ${option.note ?? ''}`.toLowerCase();
		return words.every(word => text.includes(word));
	});
}
