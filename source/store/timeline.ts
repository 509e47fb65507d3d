import {type BatchCall, toolUseError} from '../events/batch.js';
import type {TimelineEvent} from '../events/timeline-types.js';
import {toolInputSummary} from '../events/tool-input.js';
import type {Status} from '../events/types.js';
import type {ReadDb} from './db.js';
import {sessionById, type SessionRow} from './sessions.js';

interface TimelineColumns {
	id: number;
	ts: number;
	status: Status;
	event: string | null;
	tool: string | null;
	tool_use_id: string | null;
	agent_id: string | null;
	agent_type: string | null;
	duration_ms: number | null;
	summary: string | null;
	detail: string | null;
	launched_agent_id: string | null;
	requested_agent_type: string | null;
	interrupted: number | null;
	batch: string | null;
	prompt_id: string | null;
}

// Only what the rows need is pulled out of the payloads, and only for the events that need it (the CASE
// reads the payload lazily). A batch's call inputs are fetched only for calls no other event describes.
const timelineSelect = `SELECT id, ts, status, event, tool, tool_use_id, agent_id, agent_type, duration_ms, summary,
  CASE event
    WHEN 'UserPromptSubmit' THEN substr(payload ->> '$.prompt', 1, 2000)
    WHEN 'PostToolUseFailure' THEN substr(payload ->> '$.error', 1, 2000)
    WHEN 'PermissionDenied' THEN substr(payload ->> '$.reason', 1, 500)
    WHEN 'PostToolUse' THEN CASE WHEN status = 'error' THEN substr(coalesce(payload ->> '$.tool_response.error',
      payload ->> '$.tool_response.message', payload ->> '$.tool_response.content[0].text', payload ->> '$.tool_response.content'), 1, 2000) END
  END AS detail,
  CASE WHEN event = 'PostToolUse' AND tool IN ('Agent', 'Task') THEN payload ->> '$.tool_response.agentId' END AS launched_agent_id,
  CASE WHEN event = 'PreToolUse' AND tool IN ('Agent', 'Task') THEN payload ->> '$.tool_input.subagent_type' END AS requested_agent_type,
  CASE WHEN event = 'PostToolUseFailure' THEN payload ->> '$.is_interrupt' END AS interrupted,
  CASE WHEN event = 'UserPromptSubmit' THEN payload ->> '$.prompt_id' END AS prompt_id,
  CASE WHEN event = 'PostToolBatch' THEN (
    SELECT json_group_array(json_array(
      call.value ->> '$.tool_use_id',
      call.value ->> '$.tool_name',
      CASE WHEN NOT EXISTS (SELECT 1 FROM events known WHERE known.tool_use_id = call.value ->> '$.tool_use_id')
        THEN call.value -> '$.tool_input' END,
      CASE WHEN call.value ->> '$.tool_response' LIKE '<tool_use_error>%' THEN substr(call.value ->> '$.tool_response', 1, 2000) END))
    FROM json_each(payload, '$.tool_calls') AS call) END AS batch
FROM events`;

type BatchEntry = [string | null, string | null, Record<string, unknown> | null, string | null];

function batchOf(json: string | null): BatchCall[] | null {
	if (json === null) return null;
	return (JSON.parse(json) as BatchEntry[]).map(([toolUseId, tool, input, response]) => ({
		toolUseId,
		tool,
		input: toolInputSummary(tool, input),
		rejection: toolUseError(response),
	}));
}

const toEvent = (row: TimelineColumns): TimelineEvent => ({
	id: row.id,
	ts: row.ts,
	event: row.event,
	status: row.status,
	tool: row.tool,
	toolUseId: row.tool_use_id,
	agentId: row.agent_id,
	agentType: row.agent_type,
	durationMs: row.duration_ms,
	summary: row.summary,
	detail: row.detail,
	launchedAgentId: row.launched_agent_id,
	requestedAgentType: row.requested_agent_type,
	interrupted: row.interrupted === 1,
	batch: batchOf(row.batch),
	promptId: row.prompt_id,
});

export interface SessionEvents {
	session: SessionRow | undefined;
	/** Oldest first: the input of buildTimeline (events/timeline.ts). */
	events: TimelineEvent[];
	/** Older events left out because the session has more than the limit. */
	omitted: number;
}

/** A session's events for its timeline: the newest `limit` (default 10,000), oldest first, through events_session. */
export function sessionEvents(db: ReadDb, sessionId: string, options: {limit?: number} = {}): SessionEvents {
	const limit = options.limit ?? 10_000;
	const rows = db.all<TimelineColumns>(`${timelineSelect} WHERE session_id = ? ORDER BY id DESC LIMIT ?`, [sessionId, limit]).reverse();
	const session = sessionById(db, sessionId);
	const omitted = rows.length < limit ? 0 : (db.value<number>('SELECT count(*) FROM events WHERE session_id = ? AND id < ?', [sessionId, rows[0]!.id]) ?? 0);
	return {session, events: rows.map(toEvent), omitted};
}
