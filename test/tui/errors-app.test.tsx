import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import {errorGroups} from '../../source/store/error-groups.js';
import {App} from '../../source/tui/App.js';
import {initialState} from '../../source/tui/state.js';
import {waitForFrame, withReader} from '../helpers.js';
import {errorDatabase} from './error-db.js';

const start = (db: string, columns = 80, rows = 24) =>
	render(<App initial={initialState({dbPath: db, columns, rows, color: false})} interval={50} writeRaw={() => {}} />);
const stateOf = (db: string, signaturePart: string) =>
	withReader(db, reader => errorGroups(reader, {includeMuted: true}).groups.find(group => group.signature.includes(signaturePart))?.state);
/** The group row holding `text`: its line on screen. */
const rowOf = (frame: string, text: string) => frame.split('\n').find(line => line.includes(text)) ?? '';

test('the error pane at 80x24 on real failures: groups, hook facts, triage shared by two viewers, and the jump to the guarded call', async t => {
	const {db} = errorDatabase(t);
	const one = start(db);
	t.after(() => one.unmount());
	await waitForFrame(one.lastFrame, text => /\d\d:\d\d:\d\d/.test(text), 'the stream');
	one.stdin.write('\t');
	const pane = await waitForFrame(one.lastFrame, text => text.includes('Errors:') && text.includes('guard.sh: guard: refusing'), 'the error pane');
	const lines = pane.split('\n');
	assert.ok(lines.length <= 23, `${lines.length} lines`);
	for (const line of lines) assert.ok([...line].length <= 80, line);
	assert.match(lines[1]!, /Errors ✗\d+ \(\d+ new\)/, 'the pane tab counts errors');
	assert.match(pane, /s count +new +last ses\/pr last 12h +signature/);
	assert.match(rowOf(pane, 'guard.sh: guard'), /^● +2 +2 +\S+ +1\/1 [·▁▂▃▄▅▆▇█]{12} guard\.sh: guard: refusing/);

	// Down to the guard.sh group: its hook facts show under the list.
	const index = lines.slice(4).findIndex(line => line.includes('guard.sh: guard'));
	one.stdin.write('j'.repeat(index));
	const selected = await waitForFrame(one.lastFrame, text => text.includes('hook guard.sh on PreToolUse:Bash'), 'the hook facts');
	assert.match(selected, /· 2 non-blocking \(exit 1\)/);

	// a: acknowledged on screen and in the database; a second viewer sees it and undoes it; the first sees that.
	one.stdin.write('a');
	await waitForFrame(one.lastFrame, text => text.includes('u undoes') && /^○/m.test(rowOf(text, 'guard.sh: guard')), 'the acknowledged group');
	assert.equal(stateOf(db, 'guard.sh'), 'acknowledged');
	const two = start(db);
	t.after(() => two.unmount());
	await waitForFrame(two.lastFrame, text => /\d\d:\d\d:\d\d/.test(text), 'the second viewer');
	two.stdin.write('\t');
	await waitForFrame(two.lastFrame, text => /^○/.test(rowOf(text, 'guard.sh: guard')), 'the second viewer showing the acknowledgement');
	two.stdin.write('u');
	await waitForFrame(two.lastFrame, text => text.includes('undone') && /^●/.test(rowOf(text, 'guard.sh: guard')), 'the undo in the second viewer');
	await waitForFrame(one.lastFrame, text => /^●/.test(rowOf(text, 'guard.sh: guard')), 'the first viewer seeing the undo on its next poll');
	assert.equal(stateOf(db, 'guard.sh'), 'open');

	// Enter, Enter, Enter: occurrences, the payload, the Bash call the hook guarded.
	one.stdin.write('\r');
	await waitForFrame(one.lastFrame, text => /HookFai.*PreToolUse:Bash guard\.sh/.test(text), 'the occurrences');
	one.stdin.write('\r');
	await waitForFrame(one.lastFrame, text => text.includes('"hook_name": "PreToolUse:Bash"') || text.includes('── payload'), 'the payload');
	// The newest occurrence guarded a call that was never recorded: said so, and nothing moves.
	one.stdin.write('\r');
	await waitForFrame(one.lastFrame, text => text.includes('the tool call this hook guarded was not recorded'), 'the missing call, explained');
	one.stdin.write('\u001b');
	await waitForFrame(one.lastFrame, text => !text.includes('── payload'), 'back to the occurrences');
	one.stdin.write('j');
	await new Promise(resolve => setTimeout(resolve, 50));
	one.stdin.write('\r');
	await waitForFrame(one.lastFrame, text => text.includes('toolu_basic_0_1_1959937855699'), 'the older occurrence');
	one.stdin.write('\r');
	const call = await waitForFrame(
		one.lastFrame,
		text => text.includes('echo hello && uname -s') && /call this hook guarded/.test(text),
		"the guarded call in its session's timeline",
	);
	assert.match(call, /in its session's timeline/);
});
