import {isAbsolute, resolve, sep} from 'node:path';
import {createRedactor} from '../events/redact.js';
import type {DeliveryTarget} from '../events/delivery-failure.js';
import {type EventRecord, type HookPayload, stringField} from '../events/types.js';
import {claudeProjectsDir} from '../settings/paths.js';
import {readServeKey} from '../settings/serve-file.js';
import {rebuildPending} from '../store/transcripts.js';
import type {WriteDb} from '../store/db.js';
import type {Config} from '../settings/config.js';
import {type HarvestRowContext, harvestTranscript} from './harvest.js';
import {rebuildMissedDeliveries} from './rebuild.js';

/**
 * The events after which a session's transcript is read: a finished turn holds its hook failures
 * (and the deliveries to eyelet serve that failed); a SessionStart that resumes a session, what the
 * transcript gathered while eyelet was not there.
 */
export const harvestingEvents: ReadonlySet<string> = new Set(['Stop', 'SubagentStop', 'StopFailure', 'PreCompact', 'SessionEnd', 'SessionStart']);

/**
 * What one recorder run may spend on the harvest: a turn rarely adds more than a few hundred KB, and a
 * backlog (a long session from before eyelet was installed) is worked off a few MB per turn.
 */
export const harvestLimits = {maxBytes: 4 << 20, maxMs: 200};

/** One session's transcripts to read: the session's own, and a subagent's (SubagentStop names it). */
export interface SessionHarvest {
	dbPath: string;
	config: Config;
	sessionId: string | null;
	transcriptPath: string | null;
	agentTranscriptPath?: string | null;
	/** What the rows share with the event that set the harvest off (project, host, git, custom fields). */
	row: HarvestRowContext;
	deadline: number;
	log: (message: string) => void;
	/** eyelet serve's address; read from the database's serve file when not given. */
	delivery?: DeliveryTarget | null;
	/** The environment that says where Claude Code keeps transcripts (CLAUDE_CONFIG_DIR); process.env when absent. */
	env?: NodeJS.ProcessEnv;
}

/**
 * Whether a path from a payload names a file below Claude Code's transcript folder. A payload is
 * untrusted input: a transcript_path of /etc/shadow must not be opened, let alone stored.
 */
export function isClaudeTranscriptPath(path: string, projectsDir: string): boolean {
	return isAbsolute(path) && resolve(path) === path && path.startsWith(projectsDir + sep);
}

// eyelet serve sees the same refused path at every turn's end: its log says so once, not per event.
const refused = new Set<string>();
function firstRefusal(path: string): boolean {
	if (refused.has(path)) return false;
	if (refused.size >= 1_000) refused.clear();
	refused.add(path);
	return true;
}

/**
 * Reads what is new in a session's transcripts and stores their hook failures; when deliveries to
 * eyelet serve failed, rebuilds the events they missed. Bounded; never throws.
 */
export function harvestSession(db: WriteDb, session: SessionHarvest): void {
	const named = [session.transcriptPath, session.agentTranscriptPath].filter((path): path is string => !!path);
	if (named.length === 0) return;
	const {config, row, log} = session;
	const projectsDir = claudeProjectsDir(session.env);
	const paths = named.filter(path => isClaudeTranscriptPath(path, projectsDir));
	if (paths.length < named.length && firstRefusal(named.find(path => !paths.includes(path))!))
		log(`harvest skipped: a transcript path outside ${projectsDir} is not read (said once per path)`);
	if (paths.length === 0) return;
	const deadline = Math.min(session.deadline, Date.now() + harvestLimits.maxMs);
	let maxBytes = harvestLimits.maxBytes;
	const normalize = {redactor: config.redaction.enabled ? createRedactor(config.redaction) : null, maxPayloadBytes: config.maxPayloadBytes};
	const delivery = session.delivery === undefined ? deliveryTarget(session.dbPath) : session.delivery;
	let missed = false;
	for (const path of paths) {
		if (maxBytes <= 0 || Date.now() > deadline) break;
		try {
			const result = harvestTranscript(db, path, {normalize, row, sessionId: session.sessionId, maxBytes, deadline, delivery});
			maxBytes -= result.position - result.from;
			if (result.deliveries > 0) missed = true;
			if (result.added || result.malformed || result.restarted || result.deliveries) {
				const notes = [
					`${result.added} new hook failure(s)`,
					result.deliveries ? `${result.deliveries} failed deliveries to eyelet serve` : '',
					result.malformed ? `${result.malformed} malformed line(s) skipped` : '',
					result.restarted ? 'file was replaced or shrank: read from the start' : '',
				];
				log(`harvest ${path}: ${notes.filter(Boolean).join(', ')}`);
			}
		} catch (error) {
			log(`harvest of ${path} skipped: ${(error as Error).message}`);
		}
	}
	const main = session.transcriptPath;
	if (!delivery || !main || !paths.includes(main)) return;
	try {
		if (!(missed || rebuildPending(db, main))) return;
		const rebuilt = rebuildMissedDeliveries(db, main, {
			target: delivery,
			normalize,
			row,
			maxBytes: rebuildLimits.maxBytes,
			deadline: Math.min(session.deadline, Date.now() + rebuildLimits.maxMs),
		});
		if (!rebuilt.complete) log(`rebuild of missed deliveries from ${main} cut short by its time bound: the next harvest finishes it`);
		else if (rebuilt.added || rebuilt.landed) log(`rebuilt ${rebuilt.added} event(s) whose delivery to eyelet serve failed, from ${main}`);
	} catch (error) {
		log(`rebuild of missed deliveries from ${main} skipped: ${(error as Error).message}`);
	}
}

/** The event just stored, where it was stored, and the bounds of the work after it (the recorder's upkeep and the daemon's). */
export interface EventContext {
	dbPath: string;
	record: EventRecord;
	/** The stored event's parsed (redacted) payload; null when the input was not a JSON object. */
	payload: HookPayload | null;
	config: Config;
	/** Work stops at the recorder's budget deadline; whatever is left waits for the next run. */
	deadline: number;
	log: (message: string) => void;
	/** eyelet serve's address, when the caller knows it (the daemon itself); else read from the database's serve file. */
	delivery?: DeliveryTarget | null;
	/** The recorder's environment (where Claude Code keeps transcripts); process.env when absent. */
	env?: NodeJS.ProcessEnv;
}

/** After a harvesting event is stored (a turn's end, a SessionStart): harvest its session's transcripts. */
export function harvestAfterEvent(db: WriteDb, context: EventContext): void {
	const payload = context.payload;
	if (!payload || !harvestingEvents.has(stringField(payload, 'hook_event_name') ?? '')) return;
	const {record} = context;
	harvestSession(db, {
		dbPath: context.dbPath,
		config: context.config,
		sessionId: stringField(payload, 'session_id'),
		transcriptPath: stringField(payload, 'transcript_path'),
		agentTranscriptPath: stringField(payload, 'agent_transcript_path'),
		row: {project: record.project, hostname: record.hostname, gitBranch: record.gitBranch, gitCommit: record.gitCommit, custom: record.custom},
		deadline: context.deadline,
		log: context.log,
		delivery: context.delivery,
		env: context.env,
	});
}

/** A rebuild reads the whole transcript (a failure's context can be anywhere before it): about 130 ms for 40 MB (measured). */
export const rebuildLimits = {maxBytes: 64 << 20, maxMs: 500};

/** eyelet serve's address for this database, when the http transport is installed. */
export function deliveryTarget(dbPath: string): DeliveryTarget | null {
	const key = readServeKey(dbPath);
	return key ? {host: '127.0.0.1', port: key.port} : null;
}
