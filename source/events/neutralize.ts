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

/**
 * Control characters in a CSV cell made visible as neutralize() shows them, carriage returns too
 * (one moves the cursor back over what was printed); tabs and newlines are cell content and stay.
 */
export function neutralizeCell(text: string): string {
	return text.replace(unsafe, visible).replace(/\r/g, '␍');
}

// What JSON.stringify leaves raw that a terminal acts on or shows reordered: DEL and C1 controls, the
// bidirectional marks, overrides and isolates, and the line and paragraph separators (U+2028/U+2029,
// which also end a line in older JavaScript). In JSON text they can only stand inside strings.
const jsonUnsafe = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with those characters written as \uXXXX escapes: the same value, harmless on a terminal. */
export function escapeJsonText(json: string): string {
	return json.replace(jsonUnsafe, char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON.stringify for output a person may read on a terminal (see escapeJsonText). */
export function terminalJson(value: unknown, space?: number): string {
	return escapeJsonText(JSON.stringify(value, null, space));
}
