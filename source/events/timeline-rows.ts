import type {TimelineItem, TimelineRow} from './timeline-types.js';

function rowEventIds(item: TimelineItem): number[] {
	switch (item.kind) {
		case 'call':
			// A call known only from a batch of several has no event of its own: the batch row holds it.
			return item.eventIds.includes(item.eventId) ? [item.eventId, ...item.eventIds.filter(id => id !== item.eventId)] : item.eventIds;
		case 'subagent':
			return item.eventIds.length ? item.eventIds : [item.eventId];
		default:
			return [item.eventId];
	}
}

/** One row per item, depth-first: a batch's calls under it, a call's subagents under it, their items under them. */
export function flattenTimeline(items: readonly TimelineItem[], depth = 0, rows: TimelineRow[] = []): TimelineRow[] {
	for (const item of items) {
		rows.push({key: item.key, depth, item, eventIds: rowEventIds(item)});
		if (item.kind === 'batch') flattenTimeline(item.calls, depth + 1, rows);
		else if (item.kind === 'call') flattenTimeline(item.subagents, depth + 1, rows);
		else if (item.kind === 'subagent') flattenTimeline(item.items, depth + 1, rows);
	}
	return rows;
}

/** The index of the row an event belongs to (from an error occurrence to its place in the timeline), or -1. */
export function rowOfEvent(rows: readonly TimelineRow[], eventId: number): number {
	return rows.findIndex(row => row.eventIds.includes(eventId));
}

/** Event id → row index for every event of the timeline, for views that look up often. */
export function rowIndexByEvent(rows: readonly TimelineRow[]): Map<number, number> {
	const index = new Map<number, number>();
	rows.forEach((row, at) => {
		for (const id of row.eventIds) if (!index.has(id)) index.set(id, at);
	});
	return index;
}
