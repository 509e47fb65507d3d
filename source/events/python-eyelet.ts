import {isObject, objectField, stringField} from './types.js';

/**
 * The Python eyelet (bdmorin/eyelet) logs each hook as a record: the hook payload under
 * `input_data`, its own clock as `timestamp_unix` (seconds, float) and `timestamp` (local time,
 * ISO 8601 without zone), the environment it saw and metadata (hostname, git, project_dir). Its
 * JSON files hold one record each, pretty-printed, at `{hook}/{tool}/{YYYY-MM-DD}/
 * {YYYYMMDD_HHMMSS_micro}_{hook}_{tool}.json`; its SQLite `hooks` table keeps the same record in
 * `data`, with `timestamp` (seconds) and `hostname` in columns of their own.
 */
export interface PythonRecord {
	payload: unknown;
	/** Unix ms, when the record says when it happened. */
	ts: number | null;
	project: string | null;
	hostname: string | null;
	gitBranch: string | null;
	gitCommit: string | null;
}

/** Whether a parsed JSON value is a Python eyelet record rather than a bare hook payload. */
export const isPythonRecord = (value: unknown): value is Record<string, unknown> =>
	isObject(value) && isObject(value['input_data']) && !('hook_event_name' in value);

/** Seconds as Python's time.time() gives them → Unix ms. */
const secondsToMs = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : null);

/** "2025-07-29T16:04:01.121298" (local, as Python's naive datetime.isoformat() writes) → Unix ms. */
export function localIsoToMs(text: unknown): number | null {
	if (typeof text !== 'string') return null;
	const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text);
	if (!match) {
		// With a zone it is unambiguous.
		const parsed = /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? Date.parse(text) : Number.NaN;
		return Number.isNaN(parsed) ? null : parsed;
	}
	const [, y, mo, d, h, mi, s, fraction] = match;
	const ms = Math.round(Number(`0.${fraction ?? '0'}`) * 1000);
	return new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms).getTime();
}

/** "20250729_160401_121298_PostToolUse_Bash.json" → Unix ms (local time), the file name's own clock. */
export function fileNameToMs(name: string): number | null {
	const match = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})_(\d{6})/.exec(name);
	if (!match) return null;
	const [, y, mo, d, h, mi, s, micro] = match;
	return new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Math.round(Number(micro) / 1000)).getTime();
}

/** Maps a record to the hook payload and the context the Python eyelet saw when it recorded it. */
export function fromPythonRecord(record: Record<string, unknown>): PythonRecord {
	const metadata = objectField(record, 'metadata');
	const git = objectField(metadata, 'git');
	const envVars = objectField(objectField(record, 'environment'), 'env_vars');
	const payload = record['input_data'];
	return {
		payload,
		ts: secondsToMs(record['timestamp_unix']) ?? localIsoToMs(record['timestamp']),
		project: stringField(envVars, 'CLAUDE_PROJECT_DIR') || stringField(metadata, 'project_dir') || stringField(payload, 'cwd') || stringField(record, 'cwd'),
		hostname: stringField(metadata, 'hostname'),
		gitBranch: stringField(git, 'branch'),
		gitCommit: stringField(git, 'commit'),
	};
}

export {secondsToMs};
