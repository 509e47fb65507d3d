import {bindingsOf, quickEvents, type Scope} from '../key-bindings.js';
import {bindingLabel} from '../key-hints.js';

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
