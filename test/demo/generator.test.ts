import assert from 'node:assert/strict';
import {test} from 'node:test';
import {seededRng} from '../../source/demo/corpus.js';
import {type Payload, DemoSession, DemoWorld} from '../../source/demo/generator.js';
import {hookFailuresInLine} from '../../source/events/transcript.js';
import {harvestingEvents} from '../../source/recorder/harvest-step.js';

const str = (payload: Payload, key: string) => payload[key] as string | undefined;

test('a session pairs every PreToolUse with one Post by tool_use_id, nests subagents and ends', () => {
	const rng = seededRng(11);
	for (let run = 0; run < 40; run++) {
		const session = new DemoSession(rng, '/home/dev/webapp');
		const events: Payload[] = [];
		for (let payload = session.next(); payload; payload = session.next()) events.push(JSON.parse(JSON.stringify(payload)));
		assert.equal(str(events[0]!, 'hook_event_name'), 'SessionStart');
		assert.equal(str(events.at(-1)!, 'hook_event_name'), 'SessionEnd');
		const pre = events.filter(event => str(event, 'hook_event_name') === 'PreToolUse').map(event => str(event, 'tool_use_id'));
		const post = events.filter(event => /^PostToolUse(Failure)?$/.test(str(event, 'hook_event_name') ?? '')).map(event => str(event, 'tool_use_id'));
		assert.deepEqual([...post].sort(), [...pre].sort());
		const started = new Set<string>();
		for (const event of events) {
			const name = str(event, 'hook_event_name');
			const agent = str(event, 'agent_id');
			if (name === 'SubagentStart') started.add(agent!);
			else if (agent) assert.ok(started.has(agent), `${name} of ${agent} before its SubagentStart`);
			if (name === 'SubagentStop') started.delete(agent!);
			assert.equal(str(event, 'session_id'), session.id);
		}
		assert.equal(started.size, 0, 'every subagent stopped before SessionEnd');
	}
});

test('the world runs sessions in parallel, with failures, subagents, long outputs and batches', () => {
	const world = new DemoWorld(seededRng(5), ['/p/a', '/p/b'], 6);
	const names = new Map<string, number>();
	const sessions = new Set<string>();
	let long = 0;
	for (let i = 0; i < 4000; i++) {
		const {payload} = world.next();
		const name = str(payload, 'hook_event_name')!;
		names.set(name, (names.get(name) ?? 0) + 1);
		sessions.add(str(payload, 'session_id')!);
		if (JSON.stringify(payload).length > 4000) long++;
	}
	for (const name of ['PostToolUseFailure', 'SubagentStart', 'SubagentStop', 'PostToolBatch', 'UserPromptSubmit', 'Stop', 'SessionEnd'])
		assert.ok((names.get(name) ?? 0) > 0, name);
	assert.ok(sessions.size > 6);
	assert.ok(long > 20);
});

test("the sessions' own hooks fail now and then, in their transcripts, handed over when a turn ends", () => {
	const world = new DemoWorld(seededRng(9), ['/p/a', '/p/b'], 6);
	const calls = new Set<string>();
	const kinds = new Set<string>();
	for (let i = 0; i < 6000; i++) {
		const {payload, transcript = []} = world.next();
		if (str(payload, 'hook_event_name') === 'PreToolUse') calls.add(str(payload, 'tool_use_id')!);
		if (transcript.length)
			assert.ok(harvestingEvents.has(str(payload, 'hook_event_name')!), 'only an event after which the recorder harvests hands lines over');
		for (const line of transcript) {
			const [fact] = hookFailuresInLine(line);
			assert.ok(fact, `a line the harvest reads: ${JSON.stringify(line)}`);
			assert.equal(fact.sessionId, str(payload, 'session_id'));
			if (fact.toolUseId) assert.ok(calls.has(fact.toolUseId), 'a tool hook failed on a call the session made');
			kinds.add(`${fact.hookName!.replace(/:(Edit|Write)$/, ':Edit|Write')} ${fact.blocking ? 'blocking' : `exit ${fact.exitCode}`}`);
		}
	}
	assert.deepEqual([...kinds].sort(), ['PostToolUse:Edit|Write blocking', 'PreToolUse:Bash exit 1', 'Stop exit 127']);
});
