/**
 * The OSC 52 sequence that asks the terminal to put `text` on the system clipboard. The text travels
 * base64-encoded, so nothing in it can act as a control sequence.
 */
export const osc52 = (text: string): string => `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;

/** The payload to copy: pretty JSON when it parses, else as stored. */
export function copyText(payload: string): string {
	try {
		return JSON.stringify(JSON.parse(payload), null, 2);
	} catch {
		return payload;
	}
}
