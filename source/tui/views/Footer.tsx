import {Text} from 'ink';
import {hints} from '../key-hints.js';
import type {Overlay} from '../overlays/state.js';
import type {Connection} from '../viewer-reader.js';
import type {Theme} from '../theme.js';

/** The bottom line: the search box while typing, else a problem, a message, or the keys that matter here. */
export function Footer({
	overlay,
	connection,
	toast,
	position,
	hint,
	width,
	theme,
}: {
	overlay: Overlay | null;
	connection: Connection;
	toast: string | null;
	position: string | null;
	/** The keys that matter here (key-hints.ts). */
	hint: string;
	width: number;
	theme: Theme;
}) {
	if (overlay?.kind === 'search') {
		return (
			<Text wrap="truncate-start">
				<Text color={theme.tone('key')} bold>
					/
				</Text>
				<Text>{overlay.text}</Text>
				<Text inverse> </Text>
				<Text dimColor={theme.dim}>{`   ${hints.search}`}</Text>
			</Text>
		);
	}
	if (connection.kind === 'failing') return <Text color={theme.tone('error')} wrap="truncate-end">{`⚠ ${connection.message}`}</Text>;
	if (toast)
		return (
			<Text color={theme.tone(toast.startsWith('⚠') || toast.startsWith('triage not saved') ? 'error' : 'ok')} wrap="truncate-end">
				{toast}
			</Text>
		);
	return (
		<Text dimColor={theme.dim} wrap="truncate-end">
			{position ? `${position} · ` : ''}
			{hint.length > width ? hint.slice(0, width) : hint}
		</Text>
	);
}
