import {Text} from 'ink';
import React from 'react';
import type {Connection, Overlay} from '../state.js';
import type {Theme} from '../theme.js';

const hints: Record<string, string> = {
	stream: 'Enter open · / search · x errors · t tool · v event · S session · p project · w window · f follow · ? help · q quit',
	detail: 'j/k scroll · [ ] prev/next event · y copy · Esc back · q back',
	help: 'j/k scroll · ? or Esc close',
	picker: 'type to narrow · ↑/↓ choose · Enter filter · Esc cancel',
};

/** The bottom line: the search box while typing, else a problem, a message, or the keys that matter here. */
export function Footer({overlay, connection, toast, position, hint: paneHint, width, theme}: {overlay: Overlay | null; connection: Connection; toast: string | null; position: string | null; hint?: string | null; width: number; theme: Theme}) {
	if (overlay?.kind === 'search') {
		return (
			<Text wrap="truncate-start">
				<Text color={theme.tone('key')} bold>/</Text>
				<Text>{overlay.text}</Text>
				<Text inverse> </Text>
				<Text dimColor={theme.dim}>{'   Enter search · Esc cancel'}</Text>
			</Text>
		);
	}
	if (connection.kind === 'failing') return <Text color={theme.tone('error')} wrap="truncate-end">{`⚠ ${connection.message}`}</Text>;
	if (toast) return <Text color={theme.tone(toast.startsWith('⚠') || toast.startsWith('triage not saved') ? 'error' : 'ok')} wrap="truncate-end">{toast}</Text>;
	const hint = paneHint ?? hints[overlay?.kind ?? 'stream'] ?? '';
	return (
		<Text dimColor={theme.dim} wrap="truncate-end">
			{position ? `${position} · ` : ''}
			{hint.length > width ? hint.slice(0, width) : hint}
		</Text>
	);
}
