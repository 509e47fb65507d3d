import {harvestingEvents} from '../recorder/harvest-step.js';
import {
	agentId,
	agentTasks,
	agentTypes,
	assistantEndings,
	bashCommands,
	bashFailures,
	between,
	chance,
	demoHooks,
	fileContent,
	longPrompt,
	pick,
	prompts,
	readFailures,
	type Rng,
	sourceFiles,
	testLog,
	toolUseId,
	uuid,
	webFailures,
	weighted,
} from './corpus.js';

export type Payload = Record<string, unknown>;

/** One hook invocation the generator wants recorded: the payload and the project it runs in. */
export interface DemoEvent {
	payload: Payload;
	project: string;
	/**
	 * On an event that ends a turn: the lines the turn wrote to the session's transcript about hooks
	 * that failed, as Claude Code writes them. The recorder harvests them here (see DemoRecorder).
	 */
	transcript?: Payload[];
}

interface Context {
	rng: Rng;
	sessionId: string;
	cwd: string;
	transcriptPath: string;
	promptId: string;
	threads: Array<Iterator<Payload | null>>;
	/** How many prompts the session runs; by default 1 to 5, drawn when it starts. */
	prompts?: number;
	/** Transcript lines about failed hooks, written since the last turn ended. */
	transcript: Payload[];
}

interface Agent {
	id: string;
	type: string;
}

interface ToolCall {
	pre: Payload;
	post: Payload;
	batchEntry: Payload;
	agent?: Agent;
}

function base(ctx: Context, event: string, agent?: Agent, extra: Payload = {}): Payload {
	return {
		session_id: ctx.sessionId,
		transcript_path: ctx.transcriptPath,
		cwd: ctx.cwd,
		prompt_id: ctx.promptId,
		permission_mode: 'default',
		...(agent ? {agent_id: agent.id, agent_type: agent.type} : {}),
		effort: {level: 'medium'},
		hook_event_name: event,
		...extra,
	};
}

/** A tool call: its input, and either a response or an error like Claude Code reports them. */
function toolOutcome(ctx: Context, tool: string): {input: Payload; response?: unknown; error?: string; interrupt?: boolean; ms: number} {
	const {rng} = ctx;
	const file = `${ctx.cwd}/${pick(rng, sourceFiles)}`;
	switch (tool) {
		case 'Bash': {
			if (chance(rng, 0.12)) {
				const [command, error] = pick(rng, bashFailures);
				return {input: {command, description: `Run ${command.split(' ')[0]}`}, error, interrupt: false, ms: between(rng, 20, 9000)};
			}
			if (chance(rng, 0.01))
				return {
					input: {command: 'npm run e2e', description: 'Run e2e tests', timeout: 600000},
					error: 'Request interrupted by user',
					interrupt: true,
					ms: between(rng, 30000, 120000),
				};
			const command = chance(rng, 0.03) ? `export API_TOKEN=sk-ant-${uuid(rng).replace(/-/g, '')} && npm run deploy:staging` : pick(rng, bashCommands);
			// Long outputs: test logs of several KB, some coloured with escape sequences as real runners print them.
			const stdout = command === 'npm test' || chance(rng, 0.03) ? testLog(rng) : `${command.split(' ')[0]}: ok`;
			return {
				input: {command, description: `Run ${command.split(' ')[0]}`},
				response: {stdout, stderr: '', interrupted: false, isImage: false, noOutputExpected: false},
				ms: between(rng, 15, 8000),
			};
		}
		case 'Read': {
			if (chance(rng, 0.08)) return {input: {file_path: file}, error: pick(rng, readFailures).replace('{cwd}', ctx.cwd), ms: between(rng, 2, 60)};
			const content = fileContent(rng);
			const lines = content.split('\n').length;
			return {
				input: {file_path: file},
				response: {type: 'text', file: {filePath: file, content, numLines: lines, startLine: 1, totalLines: lines}},
				ms: between(rng, 2, 80),
			};
		}
		case 'Edit': {
			const oldString = 'app.listen(3000)';
			if (chance(rng, 0.08))
				return {
					input: {file_path: file, old_string: oldString, new_string: 'app.listen(PORT)', replace_all: false},
					error: `String to replace not found in file.\nString: ${oldString}`,
					ms: between(rng, 2, 10),
				};
			return {
				input: {file_path: file, old_string: oldString, new_string: 'app.listen(PORT)', replace_all: false},
				response: {
					filePath: file,
					oldString,
					newString: 'app.listen(PORT)',
					structuredPatch: [{oldStart: 12, oldLines: 1, newStart: 12, newLines: 1, lines: [`-${oldString}`, '+app.listen(PORT)']}],
					userModified: false,
				},
				ms: between(rng, 3, 40),
			};
		}
		case 'Write':
			return {input: {file_path: file, content: fileContent(rng)}, response: {type: 'create', filePath: file}, ms: between(rng, 3, 30)};
		case 'Grep': {
			const pattern = pick(rng, ['rateLimit', 'finalize\\(', 'TODO', 'process\\.env\\.[A-Z_]+']);
			return {
				input: {pattern, path: 'src/', output_mode: 'content'},
				response: {mode: 'content', numFiles: between(rng, 0, 6), content: `src/app.ts:12:${pattern}`},
				ms: between(rng, 5, 120),
			};
		}
		case 'Glob':
			return {
				input: {pattern: pick(rng, ['src/**/*.ts', 'test/**/*.spec.ts', '**/*.sql'])},
				response: {filenames: sourceFiles.slice(0, between(rng, 1, 8)).map(name => `${ctx.cwd}/${name}`), numFiles: 4, truncated: false},
				ms: between(rng, 3, 60),
			};
		case 'WebFetch': {
			const url = pick(rng, [
				'https://expressjs.com/en/guide/behind-proxies.html',
				'https://docs.internal.example/runbook',
				'https://nodejs.org/api/test.html',
			]);
			if (chance(rng, 0.2)) return {input: {url, prompt: 'Summarise this page'}, error: pick(rng, webFailures), ms: between(rng, 100, 3000)};
			return {
				input: {url, prompt: 'Summarise this page'},
				response: {bytes: between(rng, 2000, 90000), code: 200, codeText: 'OK', result: 'The page explains how trust proxy affects req.ip.'},
				ms: between(rng, 300, 4000),
			};
		}
		default: {
			if (chance(rng, 0.15))
				return {
					input: {owner: 'acme', repo: 'acme-api', title: 'dup'},
					error: 'MCP error -32603: GitHub API 403: Resource not accessible by integration',
					ms: between(rng, 200, 900),
				};
			return {
				input: {owner: 'acme', repo: 'acme-api', title: 'Login endpoint has no rate limiting'},
				response: [{type: 'text', text: '{"number": 128, "html_url": "https://github.com/acme/acme-api/issues/128"}'}],
				ms: between(rng, 200, 900),
			};
		}
	}
}

/**
 * A transcript line about a hook that failed, in the shape Claude Code 2.1 writes (test/fixtures/transcripts/):
 * exit 2 blocks and keeps only "[command]: stderr"; any other exit code is a non-blocking error.
 */
function hookFailureLine(ctx: Context, hook: {hookName: string; command: string; exitCode: number; stderr: string; toolUseId?: string}): Payload {
	const [hookEvent] = hook.hookName.split(':');
	const common = {hookName: hook.hookName, ...(hook.toolUseId ? {toolUseID: hook.toolUseId} : {}), hookEvent};
	const attachment =
		hook.exitCode === 2
			? {type: 'hook_blocking_error', ...common, blockingError: {blockingError: `[${hook.command}]: ${hook.stderr}\n`, command: hook.command}}
			: {
					type: 'hook_non_blocking_error',
					...common,
					stderr: `Failed with non-blocking status code: ${hook.stderr}`,
					stdout: '',
					exitCode: hook.exitCode,
					command: hook.command,
					durationMs: between(ctx.rng, 5, 400),
				};
	return {
		parentUuid: uuid(ctx.rng),
		isSidechain: false,
		attachment,
		type: 'attachment',
		uuid: uuid(ctx.rng),
		cwd: ctx.cwd,
		sessionId: ctx.sessionId,
		version: '2.1.332',
	};
}

/** The user's guard hook refuses a Bash command now and then (exit 1: the call goes on); the lint hook blocks an edit (exit 2). */
function hookFailures(ctx: Context, tool: string, id: string, input: Payload, failed: boolean): void {
	const {rng} = ctx;
	if (tool === 'Bash' && chance(rng, 0.05))
		ctx.transcript.push(
			hookFailureLine(ctx, {
				hookName: 'PreToolUse:Bash',
				command: demoHooks.guard.command,
				exitCode: 1,
				stderr: pick(rng, demoHooks.guard.refusals),
				toolUseId: id,
			}),
		);
	if ((tool === 'Edit' || tool === 'Write') && !failed && chance(rng, 0.12)) {
		const file = String(input['file_path'] ?? '').replace(`${ctx.cwd}/`, '');
		const stderr = demoHooks.lint.problems(rng, file);
		ctx.transcript.push(hookFailureLine(ctx, {hookName: `PostToolUse:${tool}`, command: demoHooks.lint.command, exitCode: 2, stderr, toolUseId: id}));
	}
}

function toolCall(ctx: Context, tool: string, agent?: Agent): ToolCall {
	const id = toolUseId(ctx.rng);
	const outcome = toolOutcome(ctx, tool);
	// Only the main thread's hooks fail: a subagent's would go to its own transcript.
	if (!agent) hookFailures(ctx, tool, id, outcome.input, outcome.error !== undefined);
	const common = {tool_name: tool, tool_input: outcome.input};
	const pre = base(ctx, 'PreToolUse', agent, {...common, tool_use_id: id});
	const post =
		outcome.error !== undefined
			? base(ctx, 'PostToolUseFailure', agent, {
					...common,
					tool_use_id: id,
					error: outcome.error,
					is_interrupt: outcome.interrupt ?? false,
					duration_ms: outcome.ms,
				})
			: base(ctx, 'PostToolUse', agent, {...common, tool_response: outcome.response, tool_use_id: id, duration_ms: outcome.ms});
	const batchEntry = {...common, tool_use_id: id, tool_response: outcome.error ?? outcome.response};
	return {pre, post, batchEntry, ...(agent ? {agent} : {})};
}

const tools: ReadonlyArray<readonly [number, string]> = [
	[36, 'Bash'],
	[26, 'Read'],
	[10, 'Edit'],
	[8, 'Grep'],
	[5, 'Glob'],
	[4, 'Write'],
	[3, 'WebFetch'],
	[2, 'mcp__github__create_issue'],
];

/** A batch of tool calls: Pre for each, Post in completion order, then PostToolBatch (as Claude Code runs them). */
function* batch(ctx: Context, agent?: Agent): Generator<Payload> {
	const size = chance(ctx.rng, 0.3) ? between(ctx.rng, 2, 4) : 1;
	const calls = Array.from({length: size}, () => toolCall(ctx, weighted(ctx.rng, tools), agent));
	if (!agent && chance(ctx.rng, 0.03)) {
		const call = calls[0]!;
		yield base(ctx, 'PermissionRequest', undefined, {tool_name: call.pre['tool_name'], tool_input: call.pre['tool_input']});
		yield {
			...base(ctx, 'Notification'),
			message: `Claude needs your permission to use ${String(call.pre['tool_name'])}`,
			title: 'Permission needed',
			notification_type: 'permission_prompt',
		};
		if (chance(ctx.rng, 0.3)) {
			yield base(ctx, 'PermissionDenied', undefined, {
				tool_name: call.pre['tool_name'],
				tool_input: call.pre['tool_input'],
				tool_use_id: call.pre['tool_use_id'],
				reason: 'Blocked by classifier',
			});
			return;
		}
	}
	for (const call of calls) yield call.pre;
	const order = [...calls].sort(() => ctx.rng() - 0.5);
	for (const call of order) yield call.post;
	yield base(ctx, 'PostToolBatch', agent, {tool_calls: calls.map(call => call.batchEntry)});
}

function* subagent(ctx: Context, agent: Agent, task: string): Generator<Payload> {
	for (let i = between(ctx.rng, 1, 4); i > 0; i--) yield* batch(ctx, agent);
	yield base(ctx, 'SubagentStop', agent, {
		stop_hook_active: false,
		agent_transcript_path: ctx.transcriptPath.replace(/\.jsonl$/, `/subagents/agent-${agent.id}.jsonl`),
		last_assistant_message: `${task}: done. ${pick(ctx.rng, assistantEndings)}`,
		background_tasks: [],
		session_crons: [],
	});
}

function* launchAgent(ctx: Context): Generator<Payload> {
	const agent = {id: agentId(ctx.rng), type: pick(ctx.rng, agentTypes)};
	const task = pick(ctx.rng, agentTasks);
	const id = toolUseId(ctx.rng);
	const input = {description: task, prompt: `SUBAGENT: ${task}`, subagent_type: agent.type};
	yield base(ctx, 'PreToolUse', undefined, {tool_name: 'Agent', tool_input: input, tool_use_id: id});
	yield {...base(ctx, 'SubagentStart', agent), permission_mode: undefined, effort: undefined};
	ctx.threads.push(subagent(ctx, agent, task));
	const response = {
		isAsync: true,
		status: 'async_launched',
		agentId: agent.id,
		description: task,
		prompt: input.prompt,
		outputFile: `/tmp/claude-0/tasks/${agent.id}.output`,
	};
	yield base(ctx, 'PostToolUse', undefined, {
		tool_name: 'Agent',
		tool_input: input,
		tool_response: response,
		tool_use_id: id,
		duration_ms: between(ctx.rng, 3, 40),
	});
	yield base(ctx, 'PostToolBatch', undefined, {
		tool_calls: [
			{
				tool_name: 'Agent',
				tool_input: input,
				tool_use_id: id,
				tool_response: [{type: 'text', text: `Async agent launched successfully.\nagentId: ${agent.id}`}],
			},
		],
	});
}

/** The main conversation: prompts, turns of tool batches, subagents, stops, an ending. `null` = wait for subagents. */
function* mainThread(ctx: Context): Generator<Payload | null> {
	const {rng} = ctx;
	yield {
		session_id: ctx.sessionId,
		transcript_path: ctx.transcriptPath,
		cwd: ctx.cwd,
		hook_event_name: 'SessionStart',
		source: pick(rng, ['startup', 'startup', 'resume', 'clear']),
		model: 'claude-opus-4-1',
	};
	for (let prompt = ctx.prompts ?? between(rng, 1, 5); prompt > 0; prompt--) {
		ctx.promptId = uuid(rng);
		yield {
			session_id: ctx.sessionId,
			transcript_path: ctx.transcriptPath,
			cwd: ctx.cwd,
			prompt_id: ctx.promptId,
			permission_mode: 'default',
			hook_event_name: 'UserPromptSubmit',
			prompt: chance(rng, 0.1) ? longPrompt : pick(rng, prompts),
		};
		for (let turn = between(rng, 1, 8); turn > 0; turn--) {
			if (chance(rng, 0.08)) yield* launchAgent(ctx);
			else yield* batch(ctx);
		}
		if (chance(rng, 0.03)) {
			yield {...base(ctx, 'PreCompact'), trigger: 'auto', custom_instructions: ''};
			yield {...base(ctx, 'PostCompact'), trigger: 'auto', compact_summary: 'Summary: rate limiting added; tests pending.'};
		}
		if (chance(rng, 0.03)) {
			yield {
				session_id: ctx.sessionId,
				transcript_path: ctx.transcriptPath,
				cwd: ctx.cwd,
				prompt_id: ctx.promptId,
				hook_event_name: 'StopFailure',
				error: 'rate_limit',
				error_details: '429 Too Many Requests',
				last_assistant_message: 'API Error: Rate limit reached',
			};
			continue;
		}
		const running = ctx.threads.length - 1;
		yield base(ctx, 'Stop', undefined, {
			stop_hook_active: false,
			last_assistant_message: pick(rng, assistantEndings),
			background_tasks: running > 0 ? [{id: 'subagent', type: 'subagent', status: 'running', description: 'background agent'}] : [],
			session_crons: [],
		});
		// The Stop hooks run after the Stop: a failing one is in the transcript by the next turn's end.
		if (chance(rng, 0.1))
			ctx.transcript.push(hookFailureLine(ctx, {hookName: 'Stop', command: demoHooks.notify.command, exitCode: 127, stderr: demoHooks.notify.stderr}));
		if (chance(rng, 0.2))
			yield {
				session_id: ctx.sessionId,
				transcript_path: ctx.transcriptPath,
				cwd: ctx.cwd,
				hook_event_name: 'Notification',
				message: 'Claude is waiting for your input',
				notification_type: 'idle_prompt',
			};
	}
	yield null;
	yield {
		session_id: ctx.sessionId,
		transcript_path: ctx.transcriptPath,
		cwd: ctx.cwd,
		prompt_id: ctx.promptId,
		hook_event_name: 'SessionEnd',
		reason: pick(rng, ['prompt_input_exit', 'prompt_input_exit', 'clear', 'logout', 'other']),
	};
}

/** One Claude Code session: a main thread and the subagents it starts, their events interleaved. */
export class DemoSession {
	private readonly ctx: Context;
	private waiting = false;

	/** `prompts` fixes how many prompts it runs (a long session for benchmarks); by default 1 to 5. */
	constructor(
		rng: Rng,
		readonly project: string,
		options: {prompts?: number} = {},
	) {
		const sessionId = uuid(rng);
		const slug = project.replace(/[/.]/g, '-');
		this.ctx = {
			rng,
			sessionId,
			cwd: project,
			transcriptPath: `/home/dev/.claude/projects/${slug}/${sessionId}.jsonl`,
			promptId: uuid(rng),
			threads: [],
			transcript: [],
			...options,
		};
		this.ctx.threads.push(mainThread(this.ctx));
	}

	get id(): string {
		return this.ctx.sessionId;
	}

	/** The transcript lines about failed hooks written since the last call: what a harvest after this event finds. */
	takeTranscript(): Payload[] {
		return this.ctx.transcript.splice(0);
	}

	/** The next payload, or null once the session has ended. Fields set to undefined vanish when it is serialized. */
	next(): Payload | null {
		const {threads, rng} = this.ctx;
		while (threads.length > 0) {
			// The main thread (index 0) waits at its `null` until every subagent has stopped.
			const choices = this.waiting && threads.length > 1 ? threads.length - 1 : threads.length;
			const index = choices === threads.length ? Math.floor(rng() * threads.length) : 1 + Math.floor(rng() * choices);
			const thread = threads[index]!;
			const step = thread.next();
			if (step.done) {
				threads.splice(index, 1);
				continue;
			}
			if (step.value === null) {
				this.waiting = true;
				continue;
			}
			if (index === 0) this.waiting = false;
			return step.value;
		}
		return null;
	}
}

/** Several sessions in parallel over a set of projects; finished sessions are replaced by new ones. */
export class DemoWorld {
	private readonly sessions: DemoSession[] = [];

	constructor(
		private readonly rng: Rng,
		private readonly projects: readonly string[],
		readonly parallel = 6,
	) {
		for (let i = 0; i < parallel; i++) this.sessions.push(this.newSession());
	}

	private newSession(): DemoSession {
		return new DemoSession(this.rng, pick(this.rng, this.projects));
	}

	next(): DemoEvent {
		for (;;) {
			const index = Math.floor(this.rng() * this.sessions.length);
			const session = this.sessions[index]!;
			const payload = session.next();
			if (!payload) {
				this.sessions[index] = this.newSession();
				continue;
			}
			// The recorder harvests the transcript after an event that ends a turn.
			const transcript = harvestingEvents.has(String(payload['hook_event_name'])) ? session.takeTranscript() : [];
			return {payload, project: session.project, ...(transcript.length ? {transcript} : {})};
		}
	}
}
