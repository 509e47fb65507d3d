import assert from 'node:assert/strict';
import {test} from 'node:test';
import {type Hint, hintLines, type KeyCommand} from '../../source/tui/key-bindings.js';
import {hintText, hints, keyOf} from '../../source/tui/key-hints.js';

test('the footer and header hints are written from the key table', () => {
	assert.equal(hints.stream, 'Enter open · / search · x errors · t tool · v event · S session · p project · w window · f follow · ? help · q quit');
	assert.equal(hints.timeline, 'Enter open the event · j/k move · g/G start/end · Esc back · ? help');
	assert.equal(hints.occurrenceDetail, 'Enter go to its place · [ ] older/newer · y copy · Esc back');
	assert.equal(hints.picker, 'type to narrow · ↑/↓ choose · Enter filter · Esc cancel');
	assert.equal(keyOf('errors', 'toggleMuted'), 'M');
	assert.equal(keyOf('hooks', 'help'), '?', 'a global command is named in any scope');
	for (const line of Object.values(hintLines)) assert.ok(hintText(line).length > 0);
});

test('a key command exists only as a binding of its scope (checked when the tests compile)', () => {
	// @ts-expect-error: the sessions pane binds no `follow`, so its reducer cannot be handed one.
	const unbound: KeyCommand<'sessions'> = 'follow';
	// @ts-expect-error: a hint names only commands its scope or the global scope binds.
	const wrongHint: Hint<'hooks'> = [['copy'], 'copy'];
	const bound: KeyCommand<'sessions'> = 'sortNext';
	assert.deepEqual([unbound, wrongHint[1], bound], ['follow', 'copy', 'sortNext']);
});
