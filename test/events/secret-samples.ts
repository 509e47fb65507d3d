/**
 * Made-up credentials in each provider's documented shape, generated from a fixed seed so that a
 * test names the same value every run. None of them is, or was, a real secret.
 */

let seed = 13;
function random(): number {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const sets = {
	alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
	lower: 'abcdefghijklmnopqrstuvwxyz0123456789',
	upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
	hex: '0123456789abcdef',
	digits: '0123456789',
	letters: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
	url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-',
	b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
};

/** `length` characters from one of the sets above; alphanumeric values always hold a digit and a letter. */
export function fake(set: keyof typeof sets, length: number): string {
	const chars = sets[set];
	for (;;) {
		const value = Array.from({length}, () => chars[Math.floor(random() * chars.length)]).join('');
		if (set === 'digits' || set === 'hex' || set === 'letters' || (/\d/.test(value) && /[A-Za-z]/.test(value))) return value;
	}
}

export const uuid = () => `${fake('hex', 8)}-${fake('hex', 4)}-4${fake('hex', 3)}-a${fake('hex', 3)}-${fake('hex', 12)}`;
