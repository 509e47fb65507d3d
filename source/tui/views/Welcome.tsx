import {Box, Text} from 'ink';
import {neutralize} from '../../events/neutralize.js';
import {keyOf} from '../key-hints.js';
import type {Theme} from '../theme.js';

/** Shown while there is nothing to watch: the database is missing or holds no events yet. Polling goes on. Lines are cut, never wrapped. */
export function Welcome({kind, dbPath, theme, width}: {kind: 'missing' | 'empty' | 'connecting'; dbPath: string; theme: Theme; width: number}) {
	const path = neutralize(dbPath, true);
	if (kind === 'connecting') return <Text dimColor={theme.dim} wrap="truncate-end">{`opening ${path}…`}</Text>;
	return (
		<Box flexDirection="column" width={width} paddingX={1} paddingY={1}>
			<Text bold wrap="truncate-end">
				{kind === 'missing' ? 'No eyelet database yet.' : 'No events recorded yet.'}
			</Text>
			<Text wrap="truncate-end"> </Text>
			<Text wrap="truncate-end">{kind === 'missing' ? `Nothing at ${path}.` : `${path} holds no hook events.`}</Text>
			<Text wrap="truncate-end">To record every Claude Code hook event, run:</Text>
			<Text wrap="truncate-end"> </Text>
			<Text color={theme.tone('key')} bold wrap="truncate-end">
				{'    eyelet install'}
			</Text>
			<Text wrap="truncate-end"> </Text>
			<Text wrap="truncate-end">then start (or keep using) Claude Code. Events appear here as they are recorded.</Text>
			<Text dimColor={theme.dim} wrap="truncate-end">
				To see it working first: eyelet demo
			</Text>
			<Text wrap="truncate-end"> </Text>
			<Text dimColor={theme.dim} wrap="truncate-end">{`Watching for the database… ${keyOf('stream', 'back')} quits.`}</Text>
		</Box>
	);
}
