/**
 * A unified diff of two texts, line by line, for `--dry-run`. Settings files are small and edits
 * touch few lines, so the common head and tail are cut off first and a plain LCS table handles the
 * middle; a middle too big for the table is shown as removed then added, which is still correct.
 */

type Op = {kind: ' ' | '-' | '+'; line: string};

const maxTableCells = 4_000_000;

function lines(text: string): string[] {
	if (text === '') return [];
	const all = text.split('\n');
	if (all.at(-1) === '') all.pop();
	return all;
}

function middleOps(a: string[], b: string[]): Op[] {
	const n = a.length;
	const m = b.length;
	if (n * m > maxTableCells) return [...a.map(line => ({kind: '-' as const, line})), ...b.map(line => ({kind: '+' as const, line}))];
	// lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..]
	const width = m + 1;
	const lcs = new Uint32Array((n + 1) * width);
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
		}
	}
	const ops: Op[] = [];
	let i = 0;
	let j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && a[i] === b[j]) {
			ops.push({kind: ' ', line: a[i++]!});
			j++;
		} else if (i < n && (j === m || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
			// removals first on a tie, as diff(1) prints them
			ops.push({kind: '-', line: a[i++]!});
		} else {
			ops.push({kind: '+', line: b[j++]!});
		}
	}
	return ops;
}

function diffOps(a: string[], b: string[]): Op[] {
	let head = 0;
	while (head < a.length && head < b.length && a[head] === b[head]) head++;
	let tail = 0;
	while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
	const same = (line: string): Op => ({kind: ' ', line});
	return [...a.slice(0, head).map(same), ...middleOps(a.slice(head, a.length - tail), b.slice(head, b.length - tail)), ...a.slice(a.length - tail).map(same)];
}

function range(start: number, count: number): string {
	// unified format: an empty range names the line before it
	return count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`;
}

/** The diff with `context` unchanged lines around each change; '' when the texts are equal. */
export function unifiedDiff(before: string, after: string, labels: {from: string; to: string}, context = 3): string {
	const ops = diffOps(lines(before), lines(after));
	const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
	if (changed.length === 0) return '';
	const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
	let k = 0;
	while (k < changed.length) {
		const start = Math.max(0, changed[k]! - context);
		let end = changed[k]! + 1;
		while (k < changed.length && changed[k]! <= end + 2 * context) end = changed[k++]! + 1;
		end = Math.min(ops.length, end + context);
		let oldLine = 1;
		let newLine = 1;
		for (const op of ops.slice(0, start)) {
			if (op.kind !== '+') oldLine++;
			if (op.kind !== '-') newLine++;
		}
		const hunk = ops.slice(start, end);
		const oldCount = hunk.filter(op => op.kind !== '+').length;
		const newCount = hunk.filter(op => op.kind !== '-').length;
		out.push(`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`, ...hunk.map(op => `${op.kind}${op.line}`));
	}
	return `${out.join('\n')}\n`;
}
