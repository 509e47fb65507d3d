import {isObject, stringField} from './types.js';

/** Background work a Stop reports: async subagents and background shells, from their launch to their task-notification. */
interface BackgroundTask {
	id: string;
	type: 'subagent' | 'shell';
	description: string;
	command: string | null;
	/** The Agent call's subagent_type; null: take the subagent transcript's own. */
	agentType: string | null;
	launchedAt: number;
}

const cronTools = new Set(['CronCreate', 'ScheduleWakeup']);
const taskNotification = /^<task-notification>[\s\S]*?<task-id>([^<]+)<\/task-id>[\s\S]*?<status>([^<]+)<\/status>/;

/** Claude Code caps a background task's description and command at 1000 characters, with this marker. */
function capped(text: string): string {
	return text.length > 1000 ? `${text.slice(0, 1000)}… [+${text.length - 1000} chars]` : text;
}

/**
 * What a session's payloads share across its conversations, by time: a subagent's lines are in another
 * file, so its events take the main conversation's permission mode and background tasks at their own time.
 */
export class SessionTimeline {
	private readonly modes: Array<{ts: number; mode: string}> = [];
	private readonly tasks: BackgroundTask[] = [];
	/** Task id → when its task-notification (completed, failed, killed) arrived. */
	private readonly ended = new Map<string, number>();
	/** When a tool that schedules session crons ran: session_crons is unknown from then on. */
	private readonly cronAt: number[] = [];

	/** A prompt line: its permission mode, and the end of a background task it notifies. */
	notePrompt(ts: number, mode: string | null, text: string | null): void {
		if (mode) this.modes.push({ts, mode});
		const notified = taskNotification.exec(text ?? '');
		if (!notified) return;
		const id = notified[1]!.trim();
		if (notified[2]!.trim() !== 'running' && !this.ended.has(id)) this.ended.set(id, ts);
	}

	noteToolUse(name: string, ts: number): void {
		if (cronTools.has(name)) this.cronAt.push(ts);
	}

	/** A tool result that started background work: an async subagent, or a shell run in the background. */
	noteResult(input: unknown, structured: unknown, ts: number): void {
		if (!isObject(structured)) return;
		const args = isObject(input) ? input : {};
		const agentId = stringField(structured, 'agentId');
		const shellId = stringField(structured, 'backgroundTaskId');
		let task: BackgroundTask | null = null;
		if (structured['status'] === 'async_launched' && agentId) {
			const description = stringField(args, 'description') ?? stringField(structured, 'description') ?? '';
			task = {id: agentId, type: 'subagent', description, command: null, agentType: stringField(args, 'subagent_type'), launchedAt: ts};
		} else if (shellId) {
			// The hooks reference's shape for shells; the real runs behind the fixtures launched none.
			const command = stringField(args, 'command');
			task = {id: shellId, type: 'shell', description: stringField(args, 'description') ?? command ?? '', command, agentType: null, launchedAt: ts};
		}
		if (task && !this.tasks.some(known => known.id === task.id)) this.tasks.push(task);
	}

	/** The mode of the latest prompt at that time (the first one for events before any prompt). */
	permissionModeAt(at: number): string | null {
		let found: {ts: number; mode: string} | undefined;
		for (const entry of this.modes) if (entry.ts <= at && (!found || entry.ts >= found.ts)) found = entry;
		return (found ?? this.modes[0])?.mode ?? null;
	}

	/** background_tasks as Claude Code sends it: the work launched and not yet notified as ended. */
	backgroundTasksAt(at: number, agentTypeOf: (agentId: string) => string | null): Array<Record<string, unknown>> {
		const running = this.tasks.filter(task => task.launchedAt <= at && !((this.ended.get(task.id) ?? Number.POSITIVE_INFINITY) <= at));
		return running.map(task => {
			const entry: Record<string, unknown> = {id: task.id, type: task.type, status: 'running', description: capped(task.description)};
			if (task.type === 'shell' && task.command !== null) entry['command'] = capped(task.command);
			const agentType = task.type === 'subagent' ? (task.agentType ?? agentTypeOf(task.id)) : null;
			if (agentType) entry['agent_type'] = agentType;
			return entry;
		});
	}

	/** [] while the session scheduled no cron; null (unknown) once a CronCreate or ScheduleWakeup ran. */
	cronsAt(at: number): [] | null {
		return this.cronAt.some(ts => ts <= at) ? null : [];
	}
}
