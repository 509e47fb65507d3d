import {isObject, objectField, stringField} from './types.js';

/**
 * Hook failures as Claude Code writes them into a session transcript (one JSON object per line).
 * Three shapes, seen in Claude Code 2.1.332 (test/fixtures/transcripts/):
 * - a `hook_non_blocking_error` attachment: the hook exited non-zero (not 2); exit code, stderr, stdout, duration;
 * - a `hook_blocking_error` attachment: the hook exited 2; Claude Code keeps only "[command]: stderr";
 * - a PreToolUse hook that blocked the call: only the call's `tool_result`, `is_error: true`, text
 *   "PreToolUse:Bash hook error: [command]: stderr", with `permissionDecision.source` "hook".
 */
export interface HookFailureFact {
	/** The transcript line's uuid; with `index`, what makes re-reading the line add nothing. */
	uuid: string;
	/** Which failure of the line this is (a user line can carry several tool results). */
	index: number;
	/** The line's timestamp, Unix ms; null when missing or unreadable. */
	ts: number | null;
	sessionId: string | null;
	cwd: string | null;
	gitBranch: string | null;
	/** Set on lines of a subagent's transcript. */
	agentId: string | null;
	toolName: string | null;
	toolUseId: string | null;
	hookEvent: string | null;
	hookName: string | null;
	command: string | null;
	/** null when Claude Code recorded only that the hook blocked (exit 2). */
	exitCode: number | null;
	blocking: boolean;
	stderr: string;
	stdout: string | null;
	durationMs: number | null;
}

/**
 * Byte strings that every failure line contains: lines without one are not parsed, which is what makes
 * reading a transcript fast. `blocking_error"` ends both attachment types.
 */
export const failureNeedles: readonly string[] = ['blocking_error"', ' hook error: ['];

const nonBlockingPrefix = 'Failed with non-blocking status code: ';
const noStderr = 'No stderr output';
const toolResultPattern = /^(\S+) hook error: \[/;

/** "PreToolUse:Bash" names the tool after the colon; events without a tool matcher have no colon. */
export function toolOfHookName(hookName: string | null): string | null {
	const colon = hookName?.indexOf(':') ?? -1;
	return colon > 0 ? hookName!.slice(colon + 1) || null : null;
}

/** "[command]: stderr" → stderr, when the bracket holds exactly the command. */
function withoutCommandPrefix(text: string, command: string | null): string {
	if (command !== null && text.startsWith(`[${command}]: `)) return text.slice(command.length + 4);
	return text;
}

function nonBlockingStderr(text: string): string {
	const stderr = text.startsWith(nonBlockingPrefix) ? text.slice(nonBlockingPrefix.length) : text;
	return stderr === noStderr ? '' : stderr;
}

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function lineContext(line: Record<string, unknown>, uuid: string) {
	const ts = Date.parse(stringField(line, 'timestamp') ?? '');
	return {
		uuid,
		ts: Number.isNaN(ts) ? null : ts,
		sessionId: stringField(line, 'sessionId'),
		cwd: stringField(line, 'cwd'),
		gitBranch: stringField(line, 'gitBranch'),
		agentId: stringField(line, 'agentId'),
	};
}

function fromAttachment(line: Record<string, unknown>, attachment: Record<string, unknown>, uuid: string): HookFailureFact | null {
	const type = attachment['type'];
	if (type !== 'hook_non_blocking_error' && type !== 'hook_blocking_error') return null;
	const hookName = stringField(attachment, 'hookName');
	const base = {
		...lineContext(line, uuid),
		index: 0,
		hookName,
		hookEvent: stringField(attachment, 'hookEvent') ?? hookName?.split(':')[0] ?? null,
		toolName: toolOfHookName(hookName),
		toolUseId: stringField(attachment, 'toolUseID'),
	};
	if (type === 'hook_non_blocking_error') {
		return {
			...base,
			command: stringField(attachment, 'command'),
			exitCode: numberOrNull(attachment['exitCode']),
			blocking: false,
			stderr: nonBlockingStderr(stringField(attachment, 'stderr') ?? ''),
			stdout: stringField(attachment, 'stdout'),
			durationMs: numberOrNull(attachment['durationMs']),
		};
	}
	const blockingError = objectField(attachment, 'blockingError');
	const command = stringField(blockingError, 'command') ?? stringField(attachment, 'command');
	return {
		...base,
		command,
		exitCode: null,
		blocking: true,
		stderr: withoutCommandPrefix(stringField(blockingError, 'blockingError') ?? '', command),
		stdout: null,
		durationMs: null,
	};
}

function resultText(content: unknown): string | null {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return null;
	for (const part of content) {
		const text = stringField(part, 'text');
		if (text !== null) return text;
	}
	return null;
}

/** A PreToolUse hook that blocked its call: "<hookName> hook error: [<command>]: <stderr>". */
function fromToolResult(line: Record<string, unknown>, part: unknown, uuid: string, index: number): HookFailureFact | null {
	if (!isObject(part) || part['type'] !== 'tool_result' || part['is_error'] !== true) return null;
	const text = resultText(part['content']);
	const match = text === null ? null : toolResultPattern.exec(text);
	if (!match) return null;
	const hookName = match[1]!;
	const rest = text!.slice(match[0].length);
	const close = rest.indexOf(']: ');
	const command = close >= 0 ? rest.slice(0, close) : null;
	return {
		...lineContext(line, uuid),
		index,
		hookName,
		hookEvent: hookName.split(':')[0] ?? null,
		toolName: toolOfHookName(hookName),
		toolUseId: stringField(part, 'tool_use_id'),
		command,
		exitCode: null,
		blocking: true,
		stderr: close >= 0 ? rest.slice(close + 3) : rest,
		stdout: null,
		durationMs: null,
	};
}

/** The hook failures one parsed transcript line records (usually none). Never throws on odd input. */
export function hookFailuresInLine(line: unknown): HookFailureFact[] {
	if (!isObject(line)) return [];
	const uuid = stringField(line, 'uuid');
	if (!uuid) return [];
	const attachment = objectField(line, 'attachment');
	if (attachment) {
		const fact = fromAttachment(line, attachment, uuid);
		return fact ? [fact] : [];
	}
	// Only a block the hook itself decided: a tool whose own output happens to read "hook error" does not count.
	if (line['type'] !== 'user' || stringField(objectField(line, 'permissionDecision'), 'source') !== 'hook') return [];
	const content = objectField(line, 'message')?.['content'];
	if (!Array.isArray(content)) return [];
	const facts: HookFailureFact[] = [];
	for (const part of content) {
		const fact = fromToolResult(line, part, uuid, facts.length);
		if (fact) facts.push(fact);
	}
	return facts;
}

/** The events-table dedupe key of a failure: re-reading a transcript line adds nothing. */
export const hookFailureSourceKey = (fact: Pick<HookFailureFact, 'uuid' | 'index'>): string =>
	fact.index === 0 ? `harvest:${fact.uuid}` : `harvest:${fact.uuid}#${fact.index}`;

/**
 * The synthetic hook payload of a failure: it goes through the same normalisation (redaction, summary,
 * status, signature) as every recorded payload. `tool_name` and `tool_use_id` are the guarded call's,
 * so tool filters and call pairing see the failure beside the call.
 */
export function hookFailurePayload(fact: HookFailureFact, transcript: {path: string; sessionId: string | null}): Record<string, unknown> {
	const payload: Record<string, unknown> = {
		hook_event_name: 'HookFailure',
		session_id: fact.sessionId ?? transcript.sessionId,
		transcript_path: transcript.path,
		cwd: fact.cwd,
		tool_name: fact.toolName,
		tool_use_id: fact.toolUseId,
		hook_event: fact.hookEvent,
		hook_name: fact.hookName,
		command: fact.command,
		exit_code: fact.exitCode,
		blocking: fact.blocking,
		stderr: fact.stderr,
		stdout: fact.stdout,
		duration_ms: fact.durationMs,
		transcript_uuid: fact.uuid,
	};
	if (fact.agentId) payload['agent_id'] = fact.agentId;
	return payload;
}
