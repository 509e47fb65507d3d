import assert from 'node:assert/strict';
import {join} from 'node:path';
import {before, test} from 'node:test';
import {render} from 'ink-testing-library';
import {App} from '../../source/tui/App.js';
import {initialState} from '../../source/tui/state.js';
import {seedEvents} from '../fixture-db.js';
import {fixtureLines, tempDir, waitForFrame} from '../helpers.js';

const hostileCommand = 'echo ok\u001b]0;PWNED\u0007\u001b[2J\u001b[31mred\u202eevil';
let db = '';

before(() => {
	const dir = tempDir({after: fn => process.on('exit', fn)});
	db = join(dir, 'events.db');
	const payloads = [...fixtureLines('claude-code-sessions.jsonl'), ...fixtureLines('documented-events.jsonl')].map(
		line => JSON.parse(line) as Record<string, unknown>,
	);
	payloads.push({
		session_id: 'evil-session',
		cwd: '/home/dev/webapp',
		hook_event_name: 'PreToolUse',
		tool_name: 'Bash',
		tool_input: {command: hostileCommand},
		tool_use_id: 'toolu_evil',
	});
	seedEvents(db, payloads);
});

function start(columns: number, rows: number) {
	const copied: string[] = [];
	const app = render(<App initial={initialState({dbPath: db, columns, rows, color: false})} interval={50} writeRaw={text => copied.push(text)} />);
	return {app, copied};
}

test('the stream at 80x24: header, rows of real payloads, nothing wider or taller than the terminal, escapes inert', async t => {
	const {app} = start(80, 24);
	t.after(() => app.unmount());
	const frame = await waitForFrame(app.lastFrame, text => text.includes('␛]0;PWNED') && /\d events/.test(text), 'the hostile row and the count');
	const lines = frame.split('\n');
	assert.ok(lines.length <= 23, `${lines.length} lines`);
	for (const line of lines) assert.ok([...line].length <= 80, line);
	assert.match(lines[0]!, /eyelet .* \d+ events .*● following/);
	assert.match(frame, /time +sess +project +event +tool/);
	assert.doesNotMatch(frame, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/, 'no control character reaches the terminal');
});

test('keys: errors only narrows, Enter opens the detail, y copies through OSC 52, ? shows the key table', async t => {
	const {app, copied} = start(110, 30);
	t.after(() => app.unmount());
	await waitForFrame(app.lastFrame, text => /\n\d\d:\d\d:\d\d /.test(text), 'rows');
	app.stdin.write('x');
	const errors = await waitForFrame(app.lastFrame, text => text.includes('filters: errors only') && !text.includes('loading'), 'the errors filter');
	const rows = errors
		.split('\n')
		.slice(3, -1)
		.filter(line => /^\d\d:\d\d:\d\d/.test(line));
	assert.ok(rows.length > 0);
	for (const row of rows) assert.match(row, /[✗!]/, row);
	app.stdin.write('\r');
	const detail = await waitForFrame(app.lastFrame, text => text.includes('── payload') && text.includes('"hook_event_name"'), 'the detail');
	assert.match(detail, /facts +.*payload \d+ B +redactions 0/);
	app.stdin.write('y');
	await waitForFrame(app.lastFrame, text => text.includes('copied'), 'the copy message');
	assert.equal(copied.length, 1);
	assert.match(copied[0]!, /^\u001b\]52;c;[A-Za-z0-9+/=]+\u0007$/);
	app.stdin.write('\u001b');
	await waitForFrame(app.lastFrame, text => !text.includes('── payload'), 'back to the stream');
	app.stdin.write('?');
	const help = await waitForFrame(app.lastFrame, text => text.includes('Ctrl-C'), 'the help');
	assert.match(help, /│ where +│ keys +│ action/);
});

test('a missing database shows how to start recording', async t => {
	const app = render(
		<App initial={initialState({dbPath: join(db, '..', 'nothing-here.db'), columns: 80, rows: 24, color: false})} interval={50} writeRaw={() => {}} />,
	);
	t.after(() => app.unmount());
	const frame = await waitForFrame(app.lastFrame, text => text.includes('eyelet install'), 'the welcome screen');
	assert.match(frame, /No eyelet database yet/);
});
