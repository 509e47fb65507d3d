// Control characters a payload could use to drive the terminal: C0 (but tab/newline, handled by callers),
// DEL, C1, and the bidirectional overrides and isolates that reorder what is shown.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this is for
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g;

function visible(char: string): string {
	const code = char.codePointAt(0)!;
	if (code === 0x1b) return '␛';
	if (code < 0x20) return String.fromCodePoint(0x2400 + code); // ␀..␟ control pictures
	if (code === 0x7f) return '␡';
	return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * Makes terminal control sequences in untrusted text visible instead of executable: ESC, CSI, OSC,
 * BEL, C0/C1 controls and bidi overrides become printable placeholders. Every string from a payload
 * goes through this before it reaches the screen. Newlines and tabs are kept unless `singleLine`.
 */
export function neutralize(text: string, singleLine = false): string {
	let out = text.replace(unsafe, visible);
	if (singleLine) out = out.replace(/\r?\n|\r/g, '⏎').replace(/\t/g, ' ');
	else out = out.replace(/\r/g, '␍').replace(/\t/g, '  ');
	return out;
}
