import type {TelemetryRow} from '../../events/telemetry-row.js';

/** One OTLP body for the decoding thread. */
export interface DecodeRequest {
	id: number;
	signal: string;
	encoding: string;
	contentEncoding: string | undefined;
	body: Uint8Array;
}

/** Its rows, or the status to answer with; and how long the protobuf decoders took to load (null until they have). */
export type DecodeReply =
	| {id: number; rows: TelemetryRow[]; rejected: number; problem: string | null; decoderLoadMs: number | null}
	| {id: number; error: {status: number; message: string}; decoderLoadMs: number | null};
