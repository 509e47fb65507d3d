import {createHash} from 'node:crypto';
import {eventRecord, normalizeInput, normalizeValue, type NormalizeOptions} from '../events/normalize.js';
import {fromPythonRecord, isPythonRecord} from '../events/python-eyelet.js';
import {type EventRecord, isObject, stringField} from '../events/types.js';

/** What the source tells about an event besides its payload. */
export interface SourceContext {
	/** Unix ms from the source; the caller's fallback (file time) when it has none. */
	ts: number;
	project: string | null;
	hostname: string | null;
	gitBranch: string | null;
	gitCommit: string | null;
}

/** A row to write. */
export type ImportedRecord = EventRecord;

const noContext = {project: null, hostname: null, gitBranch: null, gitCommit: null};

/**
 * The part of an import source_key that keeps one session's keys together: an FNV-1a hash of the
 * session id (8 hex digits; '-' without one). source_key is a unique index and content hashes are
 * random, so without it every batch touched pages all over that index and each commit rewrote
 * them (measured: a third of an import's time).
 */
export function sessionBucket(sessionId: unknown): string {
	if (typeof sessionId !== 'string') return '-';
	let hash = 0x811c9dc5;
	for (let index = 0; index < sessionId.length; index++) hash = Math.imul(hash ^ sessionId.charCodeAt(index), 0x01000193);
	return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * Turns source entries into rows exactly as the recorder would (same normalisation, redaction and
 * size cap), with origin 'import', the source's own time and context, and a source_key that makes a
 * second import of the same entry a no-op: `import/<session bucket>/<content hash>`, plus the
 * occurrence number when the same content appears more than once in one source (two identical
 * events stay two rows).
 */
export class ImportNormalizer {
	private readonly seen = new Map<string, number>();

	constructor(
		private readonly options: NormalizeOptions,
		private readonly custom: string | null,
	) {}

	/** Starts a new source: occurrence counting is per source. */
	nextSource(): void {
		this.seen.clear();
	}

	private sourceKey(material: string | Buffer): string {
		const hash = createHash('sha1').update(material).digest('base64url');
		const count = (this.seen.get(hash) ?? 0) + 1;
		this.seen.set(hash, count);
		return count === 1 ? hash : `${hash}:${count}`;
	}

	private record(input: ReturnType<typeof normalizeValue>, context: SourceContext, key: string, custom = this.custom): ImportedRecord {
		return eventRecord(input, {
			ts: context.ts,
			origin: 'import',
			project: context.project ?? stringField(input.object, 'cwd'),
			hostname: context.hostname,
			gitBranch: context.gitBranch,
			gitCommit: context.gitCommit,
			// The bucket comes from the stored (redacted) payload, as the session_id column does.
			sourceKey: importKey(input.object?.['session_id'], key),
			custom,
		});
	}

	/** Input that did not parse as JSON (or was not UTF-8): an invalid row keeping the raw bytes. */
	fromBytes(bytes: Buffer, fallbackTs: number): ImportedRecord {
		return this.record(normalizeInput(Buffer.from(bytes), this.options), {ts: fallbackTs, ...noContext}, this.sourceKey(bytes));
	}

	/**
	 * A parsed JSON entry: a hook payload, a Python eyelet record (payload under input_data), or a
	 * line of `eyelet query --format jsonl` (payload under payload). `bytes` is the entry as read.
	 */
	fromParsed(parsed: unknown, bytes: Buffer, fallbackTs: number): ImportedRecord {
		if (isPythonRecord(parsed)) {
			const {payload, ts, ...context} = fromPythonRecord(parsed);
			// Keyed by clock and payload, so the same hook logged to both a JSON file and the database imports once.
			const key = this.sourceKey(`${String(parsed['timestamp_unix'] ?? parsed['timestamp'])}\n${JSON.stringify(payload)}`);
			const input = normalizeValue(payload, bytes, this.options);
			return this.record(input, {ts: ts ?? fallbackTs, ...context}, key);
		}
		if (isEyeletExport(parsed)) {
			const time = Date.parse(parsed['time'] as string);
			const context: SourceContext = {
				ts: Number.isNaN(time) ? fallbackTs : time,
				project: stringField(parsed, 'project'),
				hostname: stringField(parsed, 'hostname'),
				gitBranch: stringField(parsed, 'git_branch'),
				gitCommit: stringField(parsed, 'git_commit'),
			};
			const key = this.sourceKey(`${parsed['time'] as string}\n${JSON.stringify(parsed['payload'])}`);
			const custom = isObject(parsed['custom']) ? JSON.stringify(parsed['custom']) : this.custom;
			return this.record(normalizeValue(parsed['payload'], bytes, this.options), context, key, custom);
		}
		return this.record(normalizeValue(parsed, bytes, this.options), {ts: fallbackTs, ...noContext}, this.sourceKey(bytes));
	}
}

/** The source_key of an imported row: its session bucket, then its content hash and occurrence. */
export const importKey = (sessionId: unknown, hash: string): string => `import/${sessionBucket(sessionId)}/${hash}`;

/** A line of `eyelet query --format jsonl`: the payload sits under `payload`, the time under `time`. */
const isEyeletExport = (value: unknown): value is Record<string, unknown> =>
	isObject(value) && isObject(value['payload']) && typeof value['time'] === 'string' && typeof value['origin'] === 'string' && !('hook_event_name' in value);
