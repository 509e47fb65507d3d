/**
 * Finds which of many literal keywords occur in a text, in one pass over it. Letters match in
 * either case; keywords are ASCII, two characters or more. The redactor uses it so that a rule's
 * expression runs only on text holding one of the rule's keywords: cost stays flat however many
 * rules there are.
 */
export interface KeywordScanner {
	/** Sets found[owner] = 1 for the owner of every keyword in the text; true when there was any. */
	scan(text: string, found: Uint8Array): boolean;
}

const lower = new Uint8Array(128).map((_, code) => (code >= 65 && code <= 90 ? code + 32 : code));

/**
 * `keywords[i]` belongs to `owners[i]` (a rule's index). The index is a table of every keyword's
 * first two characters (Wu–Manber's block table, with blocks of two): at a position whose two
 * characters start no keyword the scan costs one lookup; elsewhere it compares the few keywords that
 * start so. Building it takes ~0.1 ms, which the recorder pays on every hook; an Aho–Corasick
 * automaton scanned at the same speed here but took ~1 ms to build (measured, 290 keywords).
 */
export function keywordScanner(keywords: readonly string[], owners: readonly number[]): KeywordScanner {
	const table = new Int16Array(128 * 128);
	const bucketKeywords: string[][] = [[]];
	const bucketOwners: number[][] = [[]];
	keywords.forEach((keyword, index) => {
		const folded = keyword.toLowerCase();
		if (folded.length < 2 || /[^\x20-\x7e]/.test(folded)) throw new Error(`keyword "${keyword}" must be two or more ASCII characters`);
		const slot = (folded.charCodeAt(0) << 7) | folded.charCodeAt(1);
		if (table[slot] === 0) {
			table[slot] = bucketKeywords.length;
			bucketKeywords.push([]);
			bucketOwners.push([]);
		}
		bucketKeywords[table[slot]!]!.push(folded);
		bucketOwners[table[slot]!]!.push(owners[index]!);
	});

	return {
		scan(text, found) {
			const length = text.length;
			let any = false;
			let previous = length > 0 ? text.charCodeAt(0) : 0;
			previous = previous < 128 ? lower[previous]! : 0;
			for (let i = 1; i < length; i++) {
				let code = text.charCodeAt(i);
				code = code < 128 ? lower[code]! : 0;
				const bucket = table[(previous << 7) | code]!;
				previous = code;
				if (bucket === 0) continue;
				const candidates = bucketKeywords[bucket]!;
				const candidateOwners = bucketOwners[bucket]!;
				const start = i - 1;
				for (let j = 0; j < candidates.length; j++) {
					if (found[candidateOwners[j]!] === 1) continue;
					const keyword = candidates[j]!;
					if (start + keyword.length > length) continue;
					let matched = 2;
					while (matched < keyword.length) {
						const next = text.charCodeAt(start + matched);
						if ((next < 128 ? lower[next] : next) !== keyword.charCodeAt(matched)) break;
						matched++;
					}
					if (matched === keyword.length) {
						found[candidateOwners[j]!] = 1;
						any = true;
					}
				}
			}
			return any;
		},
	};
}
