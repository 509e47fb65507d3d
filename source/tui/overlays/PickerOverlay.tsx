import {Box, Text} from 'ink';
import {Table} from '../components/Table.js';
import {hints} from '../key-hints.js';
import type {Theme} from '../theme.js';
import {narrowOptions} from './reduce.js';
import type {PickerOption, PickerState} from './state.js';

const titles = {event: 'event type', tool: 'tool', session: 'session (most recent first)', project: 'project'};

/** Choose a value to filter by; typing narrows the list. `height` rows of choices under the title and the typed text. */
export function PickerOverlay({overlay, width, height, theme}: {overlay: PickerState; width: number; height: number; theme: Theme}) {
	const options = narrowOptions(overlay.options ?? [], overlay.query);
	const labelWidth = Math.min(40, Math.max(8, ...options.map(option => option.label.length)));
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text bold>{`Filter by ${titles[overlay.field]}`}</Text>
				<Text dimColor={theme.dim}>{`  ${options.length} of ${overlay.options?.length ?? '…'} · ${hints.picker}`}</Text>
			</Text>
			<Text wrap="truncate-start">
				<Text color={theme.tone('key')}>{'> '}</Text>
				<Text>{overlay.query}</Text>
				<Text inverse> </Text>
			</Text>
			<Table<PickerOption>
				columns={[
					{
						title: 'value',
						width: labelWidth,
						cell: option => ({text: option.label, color: overlay.field === 'session' ? theme.session(option.value) : undefined}),
					},
					{title: '', width: 'fill', cell: option => ({text: option.note ?? '', dim: true})},
				]}
				rows={options}
				rowKey={option => option.value}
				width={width}
				first={overlay.top}
				height={height}
				cursor={overlay.cursor}
				showHeader={false}
				empty={overlay.options === null ? 'loading…' : 'nothing matches'}
			/>
		</Box>
	);
}
