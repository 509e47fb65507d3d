import {streamColumns} from '../../components/event-columns.js';
import {Table} from '../../components/Table.js';
import {keyOf} from '../../key-hints.js';
import type {Theme} from '../../theme.js';
import type {StreamState} from './state.js';

/** The stream: one line per event, the cursor row highlighted; `height` rows below the column titles. */
export function StreamView({stream, width, height, theme, filtered}: {stream: StreamState; width: number; height: number; theme: Theme; filtered: boolean}) {
	const empty = !stream.loaded
		? 'loading…'
		: filtered
			? `no events match these filters (${keyOf('stream', 'clearLast')} removes the last one)`
			: 'no events yet';
	return (
		<Table
			columns={streamColumns(width, theme)}
			rows={stream.rows}
			rowKey={row => row.id}
			width={width}
			first={stream.top}
			height={height}
			cursor={stream.cursor}
			empty={empty}
		/>
	);
}
