import {formatBytes} from '../settings/units.js';
/** A one-line progress bar on stderr, for terminals only: redrawn at most every 100 ms, erased at the end. */
export interface ByteProgress {
	/** Bytes done so far, and a short note (e.g. "12/80 files"). */
	update(done: number, note: string): void;
	done(): void;
}

const width = 24;

/** `formatDone` shows the amount done after the note: bytes by default, or rows, events... */
export function byteProgress(
	label: string,
	total: number,
	stream: NodeJS.WriteStream = process.stderr,
	formatDone: (done: number) => string = formatBytes,
): ByteProgress {
	if (!stream.isTTY) return {update() {}, done() {}};
	let last = 0;
	let shown = false;
	return {
		update(done, note) {
			const now = Date.now();
			if (now - last < 100) return;
			last = now;
			const share = total > 0 ? Math.min(1, done / total) : 1;
			const filled = Math.round(share * width);
			stream.write(
				`\r\u001b[K${label} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${String(Math.floor(share * 100)).padStart(3)}%  ${note}  ${formatDone(done)}`,
			);
			shown = true;
		},
		done() {
			if (shown) stream.write('\r\u001b[K');
		},
	};
}
