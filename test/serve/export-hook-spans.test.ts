import assert from 'node:assert/strict';
import {copyFileSync} from 'node:fs';
import {test} from 'node:test';
import {basicSession, basicTranscript, claudeTranscriptPath, fixturePath} from '../harvest-helpers.js';
import {withReader} from '../helpers.js';
import {bearer, type Collected, collected, exportingHome, startCollector, until, waitExported} from '../export-helpers.js';
import {startServe} from '../serve-helpers.js';

const guardedCall = 'toolu_basic_0_1_1959937855699';

test('a hook failure harvested after the turn is a span under the call it guarded, however late it comes', async t => {
	const collector = await startCollector(t);
	const machine = exportingHome(t, `http://127.0.0.1:${collector.daemon.port}`, {headers: bearer(collector.daemon.secret), logs: false});
	const transcript = claudeTranscriptPath(machine.home, `${basicSession}.jsonl`);
	copyFileSync(fixturePath(basicTranscript), transcript);
	const daemon = await startServe(machine.env, machine.db);
	t.after(() => daemon.child.kill('SIGKILL'));

	const common = {session_id: basicSession, transcript_path: transcript, cwd: '/home/dev/webapp'};
	const call = {...common, tool_name: 'Bash', tool_use_id: guardedCall, tool_input: {command: 'echo hello && uname -s'}};
	for (const payload of [
		{...common, hook_event_name: 'UserPromptSubmit', prompt: 'SCENARIO:basic go', prompt_id: '1bb9a7c2-d0f7-49b8-9ad8-1364598f66ce'},
		{...call, hook_event_name: 'PreToolUse'},
		{...call, hook_event_name: 'PostToolUse', tool_response: {stdout: 'hello\nLinux'}},
	])
		assert.equal((await daemon.hook(JSON.stringify(payload))).status, 200);
	// The call's span goes out at its outcome, before the turn ends. (Its hook failure may be known by
	// then: the daemon's start-up harvest of live sessions can read the transcript first.)
	const callSpan = await until(() =>
		collected(collector.db).find(record => record.signal === 'span' && record.name === 'eyelet.tool' && record.data.attributes['tool_use_id'] === guardedCall),
	);

	// Stop: the daemon harvests the transcript, and stores the guard's failure on that call.
	assert.equal((await daemon.hook(JSON.stringify({...common, hook_event_name: 'Stop'}))).status, 200);
	const failures = await until(() => {
		const rows = withReader(machine.db, reader =>
			reader.all<{id: number}>("SELECT id FROM events WHERE event = 'HookFailure' AND tool_use_id = ?", [guardedCall]),
		);
		return rows.length > 0 ? rows : null;
	});
	await waitExported(daemon, Math.max(...failures.map(row => row.id)));
	// An acknowledgement can come before the collector stand-in commits what it took: wait for its rows.
	const isHookSpan = (span: Collected) => span.name === 'eyelet.hook_failure' && span.data.attributes['tool_use_id'] === guardedCall;
	const spans = await until(
		() => {
			const now = collected(collector.db).filter(record => record.signal === 'span');
			return now.filter(isHookSpan).length >= failures.length && now.some(span => span.name === 'eyelet.prompt') ? now : null;
		},
		20_000,
		'the hook failures and the prompt at the collector',
	);
	const hookSpans = spans.filter(isHookSpan);
	assert.equal(hookSpans.length, failures.length, 'a span per failure');
	for (const span of hookSpans) {
		assert.equal(span.data.parentSpanId, callSpan.data.spanId, 'under the call it guarded');
		assert.equal(span.data.traceId, callSpan.data.traceId);
		assert.equal(span.data.status?.code, 2);
		assert.equal(span.data.attributes['eyelet.hook.name'], 'PreToolUse:Bash');
		assert.match(String(span.data.attributes['eyelet.hook.command']), /guard\.sh/);
	}
	assert.ok(
		spans.some(span => span.name === 'eyelet.prompt'),
		'the turn closed its prompt span',
	);
});
