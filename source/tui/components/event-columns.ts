import {neutralize} from '../../events/neutralize.js';
import type {EventRow} from '../../store/events.js';
import {clockTime, duration, eventLabel, projectName, shortId, statusGlyph} from '../format.js';
import type {Theme} from '../theme.js';
import type {Column} from './Table.js';

// The columns of a list of events: the stream, and an error group's occurrences.

/** The summary as the list shows it: subagent events marked, paths inside the project made relative. */
export function summaryText(row: EventRow): string {
	let summary = row.summary ?? '';
	if (row.project && summary.includes(`${row.project}/`)) summary = summary.split(`${row.project}/`).join('');
	return `${row.agent_id ? '↳ ' : ''}${neutralize(summary, true)}`;
}

/** The stream's columns for a width: narrow terminals drop the project and shorten names. */
export function streamColumns(width: number, theme: Theme): Array<Column<EventRow>> {
	const wide = width >= 130;
	const roomy = width >= 110;
	const columns: Array<Column<EventRow> | null> = [
		{title: 'time', width: 8, cell: row => ({text: clockTime(row.ts), dim: true})},
		{title: 'sess', width: roomy ? 8 : 6, cell: row => ({text: shortId(row.session_id, roomy ? 8 : 6), color: theme.session(row.session_id)})},
		width >= 70 ? {title: 'project', width: roomy ? 14 : 9, cell: row => ({text: projectName(row.project)})} : null,
		{
			title: 'event',
			width: wide ? 18 : 8,
			cell: row => ({text: eventLabel(row.event, wide), color: row.status === 'ok' ? undefined : theme.status(row.status)}),
		},
		{title: 'tool', width: roomy ? 12 : 7, cell: row => ({text: row.tool ? neutralize(row.tool, true) : ''})},
		{title: 's', width: 1, cell: row => ({text: statusGlyph[row.status], color: theme.status(row.status), bold: row.status !== 'ok'})},
		{title: 'took', width: 6, align: 'right', cell: row => ({text: duration(row.duration_ms), dim: true})},
		{title: 'summary', width: 'fill', cell: row => ({text: summaryText(row), color: row.status === 'ok' ? undefined : theme.status(row.status)})},
	];
	return columns.filter((column): column is Column<EventRow> => column !== null);
}
