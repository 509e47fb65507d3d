import {isAbsolute, resolve, sep} from 'node:path';
import {createRedactor} from '../events/redact.js';
import {stringField} from '../events/types.js';
import {claudeProjectsDir} from '../settings/paths.js';
import type {WriteDb} from '../store/db.js';
import {harvestTranscript} from './harvest.js';
import type {MaintenanceContext} from './maintenance.js';

/** The events after which a session's transcript holds a finished turn's hook failures. */
export const turnEndingEvents: ReadonlySet<string> = new Set(['Stop', 'SubagentStop', 'StopFailure', 'PreCompact', 'SessionEnd']);

/**
 * What one recorder run may spend on the harvest: a turn rarely adds more than a few hundred KB, and a
 * backlog (a long session from before eyelet was installed) is worked off a few MB per turn.
 */
export const harvestLimits = {maxBytes: 4 << 20, maxMs: 200};

/**
 * Whether a path from a payload names a file below Claude Code's transcript folder. A payload is
 * untrusted input: a transcript_path of /etc/shadow must not be opened, let alone stored.
 */
export function isClaudeTranscriptPath(path: string, projectsDir: string): boolean {
	return isAbsolute(path) && resolve(path) === path && path.startsWith(projectsDir + sep);
}

/**
 * After a turn-ending event is stored: read what is new in the session's transcript (and, for
 * SubagentStop, the subagent's) and store its hook failures. Bounded; never throws.
 */
export function harvestAfterEvent(db: WriteDb, context: MaintenanceContext): void {
	const payload = context.payload;
	if (!payload || !turnEndingEvents.has(stringField(payload, 'hook_event_name') ?? '')) return;
	const named = [stringField(payload, 'transcript_path'), stringField(payload, 'agent_transcript_path')].filter((path): path is string => !!path);
	if (named.length === 0) return;
	const projectsDir = claudeProjectsDir(context.env);
	const paths = named.filter(path => isClaudeTranscriptPath(path, projectsDir));
	if (paths.length < named.length) context.log(`harvest skipped: a transcript path outside ${projectsDir} is not read`);
	const {config, record} = context;
	const deadline = Math.min(context.deadline, Date.now() + harvestLimits.maxMs);
	let maxBytes = harvestLimits.maxBytes;
	for (const path of paths) {
		if (maxBytes <= 0 || Date.now() > deadline) return;
		try {
			const result = harvestTranscript(db, path, {
				normalize: {redactor: config.redaction.enabled ? createRedactor(config.redaction.patterns) : null, maxPayloadBytes: config.maxPayloadBytes},
				row: {project: record.project, hostname: record.hostname, gitBranch: record.gitBranch, gitCommit: record.gitCommit, custom: record.custom},
				sessionId: stringField(payload, 'session_id'),
				maxBytes,
				deadline,
			});
			maxBytes -= result.position - result.from;
			if (result.added || result.malformed || result.restarted) {
				const notes = [
					`${result.added} new hook failure(s)`,
					result.malformed ? `${result.malformed} malformed line(s) skipped` : '',
					result.restarted ? 'file was replaced or shrank: read from the start' : '',
				];
				context.log(`harvest ${path}: ${notes.filter(Boolean).join(', ')}`);
			}
		} catch (error) {
			context.log(`harvest of ${path} skipped: ${(error as Error).message}`);
		}
	}
}
