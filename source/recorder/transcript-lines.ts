import {readSync} from 'node:fs';

export interface LineReadOptions {
	/** Where to start: the start of a line. */
	start: number;
	/** The file's size when it was opened; bytes appended later wait for the next read. */
	size: number;
	/** No new line starts at or past start + maxBytes; a line begun before that is read to its end. */
	maxBytes: number;
	/** Date.now() past which no further chunk is read. */
	deadline: number;
	/** Byte strings that mark the lines worth parsing. */
	needles: readonly Buffer[];
	/** Longer lines are skipped unread (counted as oversized): transcript bytes are untrusted. */
	maxLineBytes?: number;
	chunkBytes?: number;
}

/** One complete line: its bytes (without the newline), whether a needle occurs in it, and the offset after it. */
export type LineVisitor = (line: Buffer, candidate: boolean, next: number) => void;

export interface LineReadResult {
	/** The offset after the last complete line read: where the next read starts. */
	position: number;
	/** Lines skipped for being longer than maxLineBytes. */
	oversized: number;
	/** Bytes read from the file, including an unfinished last line read but left for next time. */
	bytesRead: number;
}

const newline = 0x0a;

const containsNeedle = (line: Buffer, needles: readonly Buffer[]) => needles.some(needle => line.indexOf(needle) >= 0);

/**
 * Reads complete lines of an append-only file from `start`, bounded in bytes and time. A last line
 * without its newline is left for next time. Needles are searched once per chunk, not once per line,
 * so lines that cannot matter cost only the search for their newline.
 */
export function readLines(fd: number, options: LineReadOptions, visit: LineVisitor, progress?: (position: number) => void): LineReadResult {
	const chunkBytes = options.chunkBytes ?? 1 << 20;
	const maxLineBytes = options.maxLineBytes ?? 64 << 20;
	const stopAt = options.start + options.maxBytes;
	let position = options.start;
	let readAt = options.start;
	let oversized = 0;
	// The unfinished line that began at `position` (its earlier chunks); skipping means it grew too long.
	let pending: Buffer[] = [];
	let pendingBytes = 0;
	let skipping = false;

	while (readAt < options.size && position < stopAt && Date.now() <= options.deadline) {
		const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, options.size - readAt));
		const got = readSync(fd, chunk, 0, chunk.length, readAt);
		if (got <= 0) break;
		const buffer = got < chunk.length ? chunk.subarray(0, got) : chunk;
		const base = readAt; // file offset of buffer[0]
		readAt += got;

		let lineStart = 0;
		const first = buffer.indexOf(newline);
		if (first < 0) {
			if (!skipping) {
				pending.push(buffer);
				pendingBytes += got;
				if (pendingBytes > maxLineBytes) [pending, pendingBytes, skipping] = [[], 0, true];
			}
			continue;
		}
		if (skipping || pendingBytes > 0) {
			if (skipping || pendingBytes + first > maxLineBytes) oversized++;
			else {
				const line = Buffer.concat([...pending, buffer.subarray(0, first)]);
				visit(line, containsNeedle(line, options.needles), base + first + 1);
			}
			[pending, pendingBytes, skipping] = [[], 0, false];
			lineStart = first + 1;
			position = base + lineStart;
		}

		const next = options.needles.map(needle => buffer.indexOf(needle, lineStart));
		while (position < stopAt) {
			const end = buffer.indexOf(newline, lineStart);
			if (end < 0) break;
			let candidate = false;
			for (let i = 0; i < next.length; i++) {
				if (next[i]! >= 0 && next[i]! < lineStart) next[i] = buffer.indexOf(options.needles[i]!, lineStart);
				if (next[i]! >= 0 && next[i]! < end) candidate = true;
			}
			if (end - lineStart > maxLineBytes) oversized++;
			else visit(buffer.subarray(lineStart, end), candidate, base + end + 1);
			lineStart = end + 1;
			position = base + lineStart;
		}
		progress?.(position);
		if (position >= stopAt) break;
		if (lineStart < buffer.length) {
			pending = [buffer.subarray(lineStart)];
			pendingBytes = buffer.length - lineStart;
		}
	}
	return {position, oversized, bytesRead: readAt - options.start};
}
