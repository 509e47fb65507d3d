import {Box, Text} from 'ink';
import {neutralize} from '../../events/neutralize.js';
import {keyOf} from '../key-hints.js';
import type {Theme} from '../theme.js';

/** Shown while there is nothing to watch: the database is missing or holds no events yet. Polling goes on. */
export function Welcome({kind, dbPath, theme, width}: {kind: 'missing' | 'empty' | 'connecting'; dbPath: string; theme: Theme; width: number}) {
	const path = neutralize(dbPath, true);
	if (kind === 'connecting') return <Text dimColor={theme.dim}>opening {path}…</Text>;
	return (
		<Box flexDirection="column" width={width} paddingX={1} paddingY={1}>
			<Text bold>{kind === 'missing' ? 'No eyelet database yet.' : 'No events recorded yet.'}</Text>
			<Text> </Text>
			<Text>{kind === 'missing' ? `Nothing at ${path}.` : `${path} holds no hook events.`}</Text>
			<Text>To record every Claude Code hook event, run:</Text>
			<Text> </Text>
			<Text color={theme.tone('key')} bold>
				{'    eyelet install'}
			</Text>
			<Text> </Text>
			<Text>then start (or keep using) Claude Code. Events appear here as they are recorded.</Text>
			<Text dimColor={theme.dim}>To see it working first: eyelet demo</Text>
			<Text> </Text>
			<Text dimColor={theme.dim}>{`Watching for the database… ${keyOf('stream', 'back')} quits.`}</Text>
		</Box>
	);
}
