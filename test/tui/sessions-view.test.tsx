import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {before, test} from 'node:test';
import {render} from 'ink-testing-library';
import {App} from '../../source/tui/App.js';
import {initialState} from '../../source/tui/state.js';
import {seedEvents} from '../fixture-db.js';
import {fixtureLines, tempDir, waitForFrame} from '../helpers.js';

// The sessions pane, a session's timeline and the hooks pane, rendered by Ink from a database of the
// fixture sessions (the subagent session, the parallel batch with a failing Read) plus a hook failure
// on that Read, at 80x24.

let db = '';
let project = '';
const lintCommand = 'bash "$CLAUDE_PROJECT_DIR"/.claude/hooks/lint.sh';

before(async () => {
	const dir = tempDir({after: fn => process.on('exit', fn)});
	db = join(dir, 'events.db');
	project = join(dir, 'webapp');
	mkdirSync(join(project, '.claude'), {recursive: true});
	mkdirSync(join(project, '.git'));
	writeFileSync(
		join(project, '.claude', 'settings.json'),
		JSON.stringify({
			hooks: {PostToolUse: [{matcher: 'Read', hooks: [{type: 'command', command: lintCommand}]}], Stop: [{hooks: [{type: 'command', command: 'true'}]}]},
		}),
	);
	const payloads = fixtureLines('claude-code-sessions.jsonl').map(line => JSON.parse(line) as Record<string, unknown>);
	payloads.push({
		hook_event_name: 'HookFailure',
		session_id: '31f3f850-c370-44fb-a450-4d6f08074c9d',
		cwd: project,
		tool_name: 'Read',
		tool_use_id: 'toolu_parallel_0_2_1032796369634',
		hook_event: 'PostToolUse',
		hook_name: 'PostToolUse:Read',
		command: `bash ${project}/.claude/hooks/lint.sh`,
		exit_code: 2,
		blocking: false,
		stderr: 'lint: missing.txt not found\u001b]0;PWNED\u0007\nsecond line',
		stdout: '',
		duration_ms: 12,
		transcript_uuid: 'uuid-1',
	});
	seedEvents(db, payloads, {project: payload => String(payload['cwd'] === project ? '/home/dev/webapp' : payload['cwd'])});
});

function fits(frame: string): void {
	const lines = frame.split('\n');
	assert.ok(lines.length <= 23, `${lines.length} lines`);
	for (const line of lines) assert.ok([...line].length <= 80, line);
	assert.doesNotMatch(frame, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, 'no control character reaches the terminal');
}

const start = () => render(<App initial={initialState({dbPath: db, columns: 80, rows: 24, color: false, project})} interval={50} writeRaw={() => {}} />);
const indent = (frame: string, text: string) =>
	frame
		.split('\n')
		.find(line => line.includes(text))!
		.slice(9)
		.search(/\S/);

test('sessions pane → the subagent session: the subagent nested under its Agent call, its calls under it', async t => {
	const app = start();
	t.after(() => app.unmount());
	await waitForFrame(app.lastFrame, text => /\d events/.test(text), 'the stream');
	app.stdin.write('s');
	const list = await waitForFrame(app.lastFrame, text => text.includes('3 sessions'), 'the sessions pane');
	fits(list);
	assert.match(list, /sess +project +branch +start +last +took +prm +calls +err +sub +state/);
	assert.match(list, /3a09b9 +webapp .* 2 +3 +· +1 ended/);
	app.stdin.write('/3a09');
	app.stdin.write('\r');
	await waitForFrame(app.lastFrame, text => text.includes('1 session ') && text.includes('filters: /3a09'), 'the search');
	app.stdin.write('\r');
	const timeline = await waitForFrame(app.lastFrame, text => text.includes('↳ subagent general-purpose'), 'the timeline');
	fits(timeline);
	assert.match(timeline, /session 3a09b9e4 · webapp/);
	assert.match(timeline, /❯ SCENARIO:subagent/);
	assert.ok(indent(timeline, '↳ subagent') > indent(timeline, '✓ Agent'), 'the subagent is under its Agent call');
	assert.ok(indent(timeline, 'echo from-subagent') > indent(timeline, '↳ subagent'), "the subagent's calls are under it");
	assert.match(timeline, /■ SessionEnd/);
	app.stdin.write('\u001b');
	const back = await waitForFrame(app.lastFrame, text => text.includes('1 session '), 'back to the sessions');
	assert.match(back, /filters: \/3a09/);
});

test('the parallel session: the batch grouped, the failing Read with its hook failure under it, Enter opens the payload', async t => {
	const app = start();
	t.after(() => app.unmount());
	await waitForFrame(app.lastFrame, text => /\d events/.test(text), 'the stream');
	app.stdin.write('s');
	await waitForFrame(app.lastFrame, text => text.includes('3 sessions'), 'the sessions pane');
	app.stdin.write('/31f3');
	app.stdin.write('\r');
	await waitForFrame(app.lastFrame, text => text.includes('1 session '), 'the search');
	app.stdin.write('\r');
	const timeline = await waitForFrame(app.lastFrame, text => text.includes('calls in one batch'), 'the timeline');
	fits(timeline);
	const lines = timeline.split('\n');
	const read = lines.findIndex(line => line.includes('✗ Read missing.txt'));
	assert.ok(read > 0, 'the failing Read');
	assert.match(lines[read + 1]!, /⚠ hook PostToolUse:Read bash lint\.sh exit 2: lint: missing\./);
	assert.ok(indent(timeline, '✗ Read missing.txt') > indent(timeline, '┬ 4 calls in one batch'), 'the batch holds its calls');
	const first = lines.findIndex(line => line.includes('SessionStart'));
	for (let step = first; step < read; step++) app.stdin.write('j');
	await waitForFrame(app.lastFrame, text => text.includes(`${read - first + 1}/`), 'the cursor on the Read');
	app.stdin.write('\r');
	const detail = await waitForFrame(app.lastFrame, text => text.includes('── payload'), 'the payload');
	assert.match(detail, /PostToolUseFailure +Read +✗ error/);
	app.stdin.write('\u001b');
	await waitForFrame(app.lastFrame, text => text.includes('calls in one batch') && !text.includes('── payload'), 'back on the timeline');
});

test('the hooks pane: configured and failing hooks, the last stderr, Enter lands on the call it guarded', async t => {
	const app = start();
	t.after(() => app.unmount());
	await waitForFrame(app.lastFrame, text => /\d events/.test(text), 'the stream');
	app.stdin.write('H');
	const hooks = await waitForFrame(app.lastFrame, text => text.includes('1 failing'), 'the hooks pane');
	fits(hooks);
	assert.match(hooks, /✗ bash "\$CLAUDE_PROJECT_DIR"\/\.claude\/hooks… +PostToolUse Read +1 +· +\d+m ago/);
	assert.match(hooks, /✓ true +Stop/);
	assert.match(hooks, /configured +project \.claude\/settings\.json +PostToolUse +Read/);
	assert.match(hooks, /failures +1 in 1 session: 1 non-blocking \(exit 2 ×1\)/);
	assert.match(hooks, /stderr +lint: missing\.txt not found␛\]0;PWNED/);
	app.stdin.write('\r');
	const timeline = await waitForFrame(app.lastFrame, text => text.includes('calls in one batch'), 'the timeline of the failure');
	const lines = timeline.split('\n');
	const first = lines.findIndex(line => line.includes('SessionStart'));
	const read = lines.findIndex(line => line.includes('✗ Read missing.txt'));
	assert.match(timeline, new RegExp(`${read - first + 1}/\\d+ ·`), 'the cursor is on the Read call');
	app.stdin.write('q');
	await waitForFrame(app.lastFrame, text => text.includes('1 failing'), 'back to the hooks pane');
});
