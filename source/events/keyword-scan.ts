/**
 * Finds which of many literal keywords occur in a text, in one pass over it (Aho–Corasick). Letters
 * match in either case; keywords are ASCII. The redactor uses it so that a rule's expression runs
 * only on text holding one of the rule's keywords: cost stays flat however many rules there are.
 */
export interface KeywordScanner {
	/** Sets found[owner] = 1 for the owner of every keyword in the text; true when there was any. */
	scan(text: string, found: Uint8Array): boolean;
}

/**
 * `keywords[i]` belongs to `owners[i]` (a rule's index). The machine is a trie of the keywords with
 * failure links, in flat typed arrays: building it is ~1 ms when the recorder starts, where a full
 * transition table (states × alphabet) took several.
 */
export function keywordScanner(keywords: readonly string[], owners: readonly number[]): KeywordScanner {
	// Characters that occur in no keyword share class 0, which sends the machine back to its root.
	const classOf = new Uint8Array(128);
	let alphabet = 1;
	const lowered = keywords.map(keyword => keyword.toLowerCase());
	for (const keyword of lowered) {
		for (let i = 0; i < keyword.length; i++) {
			const code = keyword.charCodeAt(i);
			if (code >= 128) throw new Error(`keyword "${keyword}" is not ASCII`);
			if (classOf[code] === 0) classOf[code] = alphabet++;
		}
	}
	for (let upper = 65; upper <= 90; upper++) classOf[upper] = classOf[upper + 32]!;

	const capacity = 1 + keywords.reduce((sum, keyword) => sum + keyword.length, 0);
	const next = new Int32Array(capacity * alphabet).fill(-1);
	const firstChild = new Int32Array(capacity).fill(-1);
	const sibling = new Int32Array(capacity).fill(-1);
	const label = new Uint8Array(capacity);
	const outputs: Array<number[] | null> = new Array(capacity).fill(null);
	let states = 1;
	lowered.forEach((keyword, index) => {
		let state = 0;
		for (let i = 0; i < keyword.length; i++) {
			const symbol = classOf[keyword.charCodeAt(i)]!;
			let child = next[state * alphabet + symbol]!;
			if (child < 0) {
				child = states++;
				next[state * alphabet + symbol] = child;
				label[child] = symbol;
				sibling[child] = firstChild[state]!;
				firstChild[state] = child;
			}
			state = child;
		}
		(outputs[state] ??= []).push(owners[index]!);
	});

	// Breadth first: a state's failure link is the longest proper suffix of its text that is a trie state,
	// and it reports its own keywords plus those of that suffix.
	const fail = new Int32Array(states);
	const queue = new Int32Array(states);
	let head = 0;
	let tail = 0;
	for (let child = firstChild[0]!; child >= 0; child = sibling[child]!) queue[tail++] = child;
	while (head < tail) {
		const state = queue[head++]!;
		for (let child = firstChild[state]!; child >= 0; child = sibling[child]!) {
			const symbol = label[child]!;
			let suffix = fail[state]!;
			while (suffix > 0 && next[suffix * alphabet + symbol]! < 0) suffix = fail[suffix]!;
			const target = next[suffix * alphabet + symbol]!;
			const link = target > 0 && target !== child ? target : 0;
			fail[child] = link;
			const inherited = outputs[link];
			if (inherited) outputs[child] = outputs[child] ? [...outputs[child]!, ...inherited] : inherited;
			queue[tail++] = child;
		}
	}

	return {
		scan(text, found) {
			let state = 0;
			let any = false;
			for (let i = 0, length = text.length; i < length; i++) {
				const code = text.charCodeAt(i);
				const symbol = code < 128 ? classOf[code]! : 0;
				if (symbol === 0) {
					state = 0;
					continue;
				}
				let target = next[state * alphabet + symbol]!;
				while (target < 0 && state > 0) {
					state = fail[state]!;
					target = next[state * alphabet + symbol]!;
				}
				state = Math.max(target, 0);
				const owned = outputs[state];
				if (owned) {
					for (let j = 0; j < owned.length; j++) found[owned[j]!] = 1;
					any = true;
				}
			}
			return any;
		},
	};
}
