import type {Config} from '../../settings/config.js';
import type {OtlpExportSettings} from '../../settings/otlp-export.js';
import type {ExportStream} from '../../store/export.js';

/** What the export thread is started with, and what it says back (thread.ts ↔ worker.ts). */

export interface ExportWorkerData {
	dbPath: string;
	settings: OtlpExportSettings;
	redaction: Config['redaction'];
	/** A stream exported for the first time starts after this event: the newest when the daemon started. */
	startAfter: number | null;
	/** Live (the daemon): from the cursor on, for as long as it runs. Backfill (`eyelet export`): a range, once. */
	backfill: {sinceTs: number; all: boolean} | null;
	/** The one signal this thread exports (the daemon runs a thread per signal); absent: every configured one. */
	only?: ExportStream;
	/** The daemon's count of hook requests (an Int32Array over it), so the export gives way while hooks arrive. */
	hookActivity?: SharedArrayBuffer;
}

export interface StreamStatus {
	stream: ExportStream;
	endpoint: string;
	/** Every event up to this id is acknowledged. */
	ackedId: number;
	ackedAt: number | null;
	exported: number;
	/** Events recorded after the cursor. */
	pending: number;
	/** How long the oldest of them has waited, in ms (0 when none waits). */
	lagMs: number;
	lastError: string | null;
	lastErrorAt: number | null;
	/** When the next try after a failure is due, or null. */
	retryAt: number | null;
}

/** What /health says of the export, and doctor and the TUI header show (the lag, the last error). */
export interface ExportHealth {
	state: 'off' | 'invalid' | 'running' | 'stopped';
	problem?: string;
	streams: StreamStatus[];
	/** The larger lag of the two streams, in seconds (one decimal). */
	lagS: number;
	/** The last failure, while no batch has been acknowledged since it. */
	lastError: string | null;
}

export type ExportMessage =
	| {type: 'status'; streams: StreamStatus[]}
	| {type: 'log'; message: string}
	| {type: 'progress'; stream: ExportStream; done: number; total: number; records: number}
	| {type: 'done'; ok: boolean; records: Record<string, number>; error: string | null};
