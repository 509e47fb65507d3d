import {Text} from 'ink';
import type {Connection, Overlay} from '../state.js';
import type {Theme} from '../theme.js';

const hints: Record<string, string> = {
	stream: 'Enter open · / search · x errors · t tool · v event · S session · p project · w window · f follow · ? help · q quit',
	detail: 'j/k scroll · [ ] prev/next event · y copy · Esc back · q back',
	help: 'j/k scroll · ? or Esc close',
	picker: 'type to narrow · ↑/↓ choose · Enter filter · Esc cancel',
	sessions: 'Enter timeline · o sort · r reverse · / search · x errors · l live/ended · w window · ? help',
	timeline: 'Enter open the event · j/k move · g/G start/end · Esc back · ? help',
	hooks: 'Enter last failure in its timeline · j/k move · R reread settings · ? help',
};

/** The bottom line: the search box while typing, else a problem, a message, or the keys that matter here. */
export function Footer({
	overlay,
	connection,
	toast,
	position,
	hint: paneHint,
	width,
	theme,
	scope,
}: {
	overlay: Overlay | null;
	connection: Connection;
	toast: string | null;
	position: string | null;
	hint?: string | null;
	width: number;
	theme: Theme;
	scope?: string;
}) {
	if (overlay?.kind === 'search') {
		return (
			<Text wrap="truncate-start">
				<Text color={theme.tone('key')} bold>
					/
				</Text>
				<Text>{overlay.text}</Text>
				<Text inverse> </Text>
				<Text dimColor={theme.dim}>{'   Enter search · Esc cancel'}</Text>
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
	const hint = paneHint ?? hints[overlay?.kind ?? scope ?? 'stream'] ?? '';
	return (
		<Text dimColor={theme.dim} wrap="truncate-end">
			{position ? `${position} · ` : ''}
			{hint.length > width ? hint.slice(0, width) : hint}
		</Text>
	);
}
