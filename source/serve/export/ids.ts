import {hash} from 'node:crypto';

/**
 * Trace and span ids derived from what Claude Code names (the session, the prompt, the tool call, the
 * subagent), never drawn at random: every machine and every re-export of the same event gives the same
 * ids, so a backend that gets an event twice sees one span, and anyone can find a call's span from its
 * tool_use_id. SHA-256, cut to the 16 and 8 bytes OTLP ids hold.
 */

export type SpanKey = 'session' | 'prompt' | 'tool' | 'agent' | 'hook';

const digest = (text: string): string => hash('sha256', text, 'hex') as string;

/** The session's trace: 32 hex digits. */
export const traceIdOf = (sessionId: string): string => digest(`eyelet.trace\0${sessionId}`).slice(0, 32);

/** A span within the session's trace: 16 hex digits. `key` is the prompt id, tool_use_id, agent id or a hook failure's transcript line. */
export const spanIdOf = (sessionId: string, kind: SpanKey, key = ''): string => digest(`eyelet.span\0${sessionId}\0${kind}\0${key}`).slice(0, 16);

/** A prompt's key: Claude Code's prompt id, or, from a client that sends none, the prompt's time. */
export const promptKey = (prompt: {prompt_id: string | null; ts: number}): string => prompt.prompt_id ?? `ts:${prompt.ts}`;
