import type {EventRecord} from '../events/types.js';
import type {Config} from '../settings/config.js';
import type {SourceKind} from './sources.js';

/** What the reading thread needs: the sources and the recorder's normalisation settings. */
export interface ImportOptions {
	paths: string[];
	redaction: Config['redaction'];
	maxPayloadBytes: number;
	/** JSON text of the custom fields added to every row, as the recorder adds them. */
	custom: string | null;
	/** Rows per batch, and so per write transaction. */
	batchSize: number;
	/** A SharedArrayBuffer holding one Int32: batches posted and not yet written. */
	inFlight: SharedArrayBuffer;
	/** The import stops when the reading thread sends nothing for this long (default 60 s). */
	stallMs?: number;
}

export type WorkerMessage =
	| {type: 'source'; source: number; kind: SourceKind; units: number}
	| {type: 'batch'; source: number; records: EventRecord[]; invalid: string[]; units: number}
	| {type: 'problem'; source: number; message: string}
	| {type: 'done'};
