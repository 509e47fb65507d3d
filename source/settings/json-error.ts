/**
 * The offset of the first JSON syntax error in text, or -1 if none. Node 20's JSON.parse messages
 * often omit the position, and a user fixing a settings file needs the line and column. Iterative,
 * so deep nesting cannot overflow the stack; only called after JSON.parse has already failed.
 */
export function jsonErrorOffset(text: string): number {
	let i = 0;
	const stack: Array<'{' | '['> = [];
	const space = () => {
		while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
	};
	const string = (): boolean => {
		if (text[i] !== '"') return false;
		for (i++; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c === 0x22) {
				i++;
				return true;
			}
			if (c < 0x20) return false;
			if (c === 0x5c) {
				const next = text[++i];
				if (next === 'u') {
					if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return false;
					i += 4;
				} else if (next === undefined || !'"\\/bfnrt'.includes(next)) return false;
			}
		}
		return false;
	};
	const scalar = (): boolean => {
		for (const word of ['true', 'false', 'null']) {
			if (text.startsWith(word, i)) {
				i += word.length;
				return true;
			}
		}
		const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
		if (!number) return false;
		i += number[0].length;
		return true;
	};
	// After a value: a comma (then the next member) or the container's closer.
	let expectValue = true;
	for (;;) {
		space();
		if (expectValue) {
			const c = text[i];
			if (c === '{' || c === '[') {
				stack.push(c);
				i++;
				space();
				if (text[i] === (c === '{' ? '}' : ']')) {
					stack.pop();
					i++;
					expectValue = false;
					continue;
				}
				if (c === '{') {
					if (!string()) return i;
					space();
					if (text[i] !== ':') return i;
					i++;
				}
				continue;
			}
			if (!(string() || scalar())) return i;
			expectValue = false;
			continue;
		}
		const top = stack.at(-1);
		if (top === undefined) return i < text.length ? i : -1;
		const c = text[i];
		if (c === ',') {
			i++;
			if (top === '{') {
				space();
				if (!string()) return i;
				space();
				if (text[i] !== ':') return i;
				i++;
			}
			expectValue = true;
		} else if (c === (top === '{' ? '}' : ']')) {
			stack.pop();
			i++;
		} else return i;
	}
}
