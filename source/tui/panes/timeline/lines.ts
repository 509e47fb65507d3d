import {neutralize} from '../../../events/neutralize.js';
import {type TimelineTelemetry, waitedForPermission} from '../../../events/telemetry-join.js';
import type {CallItem, CallStatus, TimelineEvent, TimelineRow} from '../../../events/timeline.js';
import {money, tokens} from '../../format.js';

// A session's timeline rows as the TUI lists them: one line per row, plus a line under a call for
// each hook that failed on it, so a failure stands next to the call it belongs to.

export type LineTone = 'ok' | 'error' | 'warn' | 'running' | 'prompt' | 'dim' | 'plain';

export interface TimelineLine {
	key: string;
	depth: number;
	/** The event Enter opens. */
	eventId: number;
	/** The events this line stands for: an error occurrence or hook failure lands here. */
	eventIds: number[];
	ts: number;
	mark: string;
	tone: LineTone;
	/** Safe for the terminal: neutralized, one line. */
	text: string;
	/** Milliseconds, for the duration column. */
	took: number | null;
	/** Claude Code's telemetry: the hooks of the line's events, and a call's wait for permission (when someone or something decided). */
	hooks?: number | null;
	wait?: number | null;
}

const callMarks: Record<CallStatus, {mark: string; tone: LineTone; word: string}> = {
	ok: {mark: '✓', tone: 'ok', word: ''},
	error: {mark: '✗', tone: 'error', word: ''},
	interrupted: {mark: '✗', tone: 'warn', word: 'interrupted'},
	rejected: {mark: '✗', tone: 'error', word: 'rejected'},
	denied: {mark: '⊘', tone: 'warn', word: 'denied'},
	running: {mark: '…', tone: 'running', word: 'running'},
	unfinished: {mark: '?', tone: 'warn', word: 'never finished'},
};

const firstLine = (text: string) =>
	text
		.split('\n')
		.find(line => line.trim() !== '')
		?.trim() ?? '';

function tidy(text: string, project: string | null): string {
	const relative = project && text.includes(`${project}/`) ? text.split(`${project}/`).join('') : text;
	return neutralize(firstLine(relative), true);
}

function callText(call: CallItem, project: string | null): string {
	const {word} = callMarks[call.status];
	const parts = [`${call.tool ?? '?'} ${tidy(call.input, project)}`.trim()];
	if (call.error) parts.push(`— ${tidy(call.error, project)}`);
	if (word) parts.push(`(${word})`);
	return parts.join('  ');
}

const none: TimelineTelemetry = {prompts: new Map(), calls: new Map()};

/**
 * The lines of a flattened timeline; `events` (the session's, as read) give the hook failures their
 * text, `joined` the telemetry: a line under each prompt with what it cost, and each call's hook time
 * and permission wait.
 */
export function timelineLines(
	rows: readonly TimelineRow[],
	events: readonly TimelineEvent[],
	project: string | null = null,
	joined: TimelineTelemetry = none,
): TimelineLine[] {
	const hookFailures = new Map<number, TimelineEvent>();
	for (const event of events) if (event.event === 'HookFailure') hookFailures.set(event.id, event);
	const lines: TimelineLine[] = [];
	for (const row of rows) {
		const {item, depth} = row;
		// Every line has the same fields (telemetry's too), so the lines share one shape whether or not telemetry is joined.
		const base = {key: row.key, depth, eventIds: row.eventIds, hooks: null as number | null, wait: null as number | null};
		switch (item.kind) {
			case 'prompt': {
				lines.push({
					...base,
					eventId: item.eventId,
					ts: item.ts,
					mark: '❯',
					tone: 'prompt',
					text: `${item.notification ? 'task: ' : ''}${tidy(item.text, project)}`,
					took: null,
					hooks: joined.prompts.get(row.key)?.hookMs ?? null,
				});
				const cost = joined.prompts.get(row.key);
				if (cost && cost.apiCalls > 0)
					lines.push({
						key: `${row.key}$`,
						depth: depth + 1,
						eventId: item.eventId,
						eventIds: [],
						ts: item.ts,
						mark: '$',
						tone: 'dim',
						text: `${money(cost.costUsd)} · ${cost.apiCalls} API call${cost.apiCalls === 1 ? '' : 's'} · ${tokens(cost.inputTokens)} in, ${tokens(cost.outputTokens)} out, ${tokens(cost.cacheReadTokens)} cache read tokens`,
						took: cost.apiMs,
					});
				break;
			}
			case 'call': {
				const {mark, tone} = callMarks[item.status];
				const telemetry = joined.calls.get(row.key);
				const wait = telemetry?.tool && waitedForPermission(telemetry.tool) ? telemetry.tool.permissionWaitMs : null;
				lines.push({
					...base,
					eventId: item.eventId,
					ts: item.startTs,
					mark,
					tone,
					text: callText(item, project),
					took: item.durationMs,
					hooks: telemetry?.hookMs ?? null,
					wait,
				});
				for (const id of item.eventIds) {
					const failure = hookFailures.get(id);
					if (!failure) continue;
					lines.push({
						key: `${row.key}h${id}`,
						depth: depth + 1,
						eventId: id,
						eventIds: [],
						ts: failure.ts,
						mark: '⚠',
						tone: 'error',
						text: `hook ${tidy(failure.summary ?? '', project)}`,
						took: null,
					});
				}
				break;
			}
			case 'batch':
				lines.push({...base, eventId: item.eventId, ts: item.startTs, mark: '┬', tone: 'dim', text: `${item.calls.length} calls in one batch`, took: null});
				break;
			case 'subagent': {
				const status = item.status === 'stopped' ? '' : `(${item.status === 'running' ? 'running' : 'never finished'})`;
				const result = item.result ? `— ${tidy(item.result, project)}` : '';
				const text = [`subagent ${neutralize(item.agentType ?? '', true)}`.trim(), neutralize(item.agentId.slice(0, 8), true), status, result]
					.filter(Boolean)
					.join('  ');
				lines.push({
					...base,
					eventId: item.eventId,
					ts: item.startTs,
					mark: '↳',
					tone: item.status === 'stopped' ? 'plain' : 'running',
					text,
					took: item.endTs === null ? null : item.endTs - item.startTs,
				});
				break;
			}
			case 'marker': {
				const failed = item.status !== 'ok' || item.event === 'StopFailure';
				lines.push({
					...base,
					eventId: item.eventId,
					ts: item.ts,
					mark: '■',
					tone: failed ? 'error' : 'dim',
					text: `${item.event}${item.text ? `  ${tidy(item.text, project)}` : ''}`,
					took: null,
				});
				break;
			}
			case 'event': {
				const hook = item.event === 'HookFailure';
				const name = neutralize(item.event ?? '?', true);
				lines.push({
					...base,
					eventId: item.eventId,
					ts: item.ts,
					mark: hook ? '⚠' : '·',
					tone: item.status === 'ok' ? 'plain' : 'error',
					text: hook ? `hook ${tidy(item.text, project)}` : `${name}${item.tool ? ` ${neutralize(item.tool, true)}` : ''}  ${tidy(item.text, project)}`.trim(),
					took: null,
				});
				break;
			}
		}
	}
	return lines;
}

/** The line an event belongs to (an occurrence's call, a failure's call), or -1. */
export function lineOfEvent(lines: readonly TimelineLine[], eventId: number): number {
	const index = lines.findIndex(line => line.eventIds.includes(eventId));
	return index >= 0 ? index : lines.findIndex(line => line.eventId === eventId);
}
