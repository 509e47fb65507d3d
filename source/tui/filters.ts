import {errorStatuses} from '../events/status.js';
import type {EventFilter} from '../store/events.js';
import {timeWindows} from './key-bindings.js';

export type FilterKind = 'search' | 'event' | 'tool' | 'session' | 'project' | 'errors' | 'window' | 'state';

/** One active filter, as the filter bar shows it. Esc removes the last one added. */
export interface FilterTerm {
	kind: FilterKind;
	/** The value queried (a session's full id, an event name, a window in ms as text). */
	value: string;
	/** What the filter bar shows. */
	label: string;
}

/** Adds a filter, replacing one of the same kind; it becomes the last one (the one Esc removes). */
export function withFilter(filters: readonly FilterTerm[], term: FilterTerm): FilterTerm[] {
	return [...filters.filter(filter => filter.kind !== term.kind), term];
}

export const withoutFilter = (filters: readonly FilterTerm[], kind: FilterKind): FilterTerm[] => filters.filter(filter => filter.kind !== kind);

export const findFilter = (filters: readonly FilterTerm[], kind: FilterKind): FilterTerm | undefined => filters.find(filter => filter.kind === kind);

/** The store's filter for the active terms. A time window counts back from `now`. */
export function toEventFilter(filters: readonly FilterTerm[], now: number): EventFilter {
	const filter: EventFilter = {};
	for (const term of filters) {
		switch (term.kind) {
			case 'search':
				filter.search = term.value;
				break;
			case 'event':
				filter.event = term.value;
				break;
			case 'tool':
				filter.tool = term.value;
				break;
			case 'session':
				filter.sessionId = term.value;
				break;
			case 'project':
				filter.project = term.value;
				break;
			case 'errors':
				filter.statuses = [...errorStatuses];
				break;
			case 'window':
				filter.since = now - Number(term.value);
				break;
		}
	}
	return filter;
}

/** The window after the current one in the `w` cycle; null switches it off. */
export function nextWindow(filters: readonly FilterTerm[]): FilterTerm | null {
	const current = findFilter(filters, 'window');
	const index = current ? timeWindows.findIndex(window => window && String(window.ms) === current.value) : -1;
	const next = timeWindows[(index + 1) % timeWindows.length];
	return next ? {kind: 'window', value: String(next.ms), label: `last ${next.label}`} : null;
}
