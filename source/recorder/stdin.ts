import {fstatSync, readSync} from 'node:fs';
import {sleepSync} from '../store/retry.js';

/** Inputs beyond this are counted but not kept: the payload cap is far smaller, and memory is not free. */
const keepLimit = 64 * 1024 * 1024;

/** Reads all of stdin synchronously (a hook's payload arrives whole, then EOF). */
export function readStdin(fd = 0): {bytes: Buffer; total: number} {
	// A terminal (nothing piped in) is a character device, as is /dev/null (empty either way). Not
	// process.stdin.isTTY nor tty.isatty: they load streams and net, ~10 ms of every hook's start-up.
	if (fstatSync(fd).isCharacterDevice()) return {bytes: Buffer.alloc(0), total: 0};
	const chunks: Buffer[] = [];
	let kept = 0;
	let total = 0;
	const chunk = Buffer.allocUnsafe(64 * 1024);
	for (;;) {
		let read: number;
		try {
			read = readSync(fd, chunk, 0, chunk.length, null);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'EAGAIN' || code === 'EINTR') {
				sleepSync(2);
				continue;
			}
			if (code === 'EOF') break;
			throw error;
		}
		if (read === 0) break;
		total += read;
		if (kept < keepLimit) {
			const take = Math.min(read, keepLimit - kept);
			chunks.push(Buffer.from(chunk.subarray(0, take)));
			kept += take;
		}
	}
	return {bytes: Buffer.concat(chunks, kept), total};
}
