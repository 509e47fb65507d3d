import {Box, Text} from 'ink';
import {cachedDetailLines} from './detail-lines.js';
import type {Line} from '../json.js';
import type {Theme} from '../theme.js';
import type {DetailState} from './state.js';

function LineView({line, theme}: {line: Line; theme: Theme}) {
	return (
		<Text wrap="truncate-end">
			{line.map((segment, index) => (
				<Text key={index} color={theme.tone(segment.tone)} bold={segment.tone === 'title'} dimColor={!theme.color && segment.tone === 'dim'}>
					{segment.text}
				</Text>
			))}
		</Text>
	);
}

/** The open event: derived fields, then its payload as coloured JSON, scrolled to `scroll`. */
export function DetailView({overlay, width, height, theme}: {overlay: DetailState; width: number; height: number; theme: Theme}) {
	const lines = cachedDetailLines(overlay.row, overlay.payload, width);
	const visible = lines.slice(overlay.scroll, overlay.scroll + height);
	return (
		<Box flexDirection="column" width={width} height={height}>
			{visible.map((line, index) => (
				<LineView key={overlay.scroll + index} line={line} theme={theme} />
			))}
		</Box>
	);
}

/** "lines 1-19 of 240" for the footer. */
export function detailPosition(overlay: DetailState, width: number, height: number): string {
	const total = cachedDetailLines(overlay.row, overlay.payload, width).length;
	return `lines ${Math.min(total, overlay.scroll + 1)}-${Math.min(total, overlay.scroll + height)} of ${total}`;
}
