import assert from 'node:assert/strict';
import {test} from 'node:test';
import {unifiedDiff} from '../../source/commands/line-diff.js';

/** Applies a unified diff to `before`, checking every context and removed line against it. */
function applyDiff(before: string, diff: string): string {
	const source = before === '' ? [] : before.replace(/\n$/, '').split('\n');
	const out: string[] = [];
	let next = 0;
	for (const line of diff.replace(/\n$/, '').split('\n').slice(2)) {
		const hunk = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(line);
		if (hunk) {
			const start = Number(hunk[1]) - (hunk[2] === '0' ? 0 : 1);
			out.push(...source.slice(next, start));
			next = start;
		} else if (line[0] === '+') out.push(line.slice(1));
		else {
			assert.equal(source[next], line.slice(1), `diff line "${line}" does not match the original`);
			if (line[0] === ' ') out.push(line.slice(1));
			next++;
		}
	}
	out.push(...source.slice(next));
	return out.length ? `${out.join('\n')}\n` : '';
}

const lines = (n: number, tag = '') => Array.from({length: n}, (_, i) => `line ${i + 1}${tag}`);
const text = (list: string[]) => (list.length ? `${list.join('\n')}\n` : '');

test('unifiedDiff prints a standard hunk with three lines of context', () => {
	const before = text(lines(10));
	const after = text([...lines(5), 'inserted', ...lines(10).slice(5)]);
	assert.equal(
		unifiedDiff(before, after, {from: 'a', to: 'b'}),
		['--- a', '+++ b', '@@ -3,6 +3,7 @@', ' line 3', ' line 4', ' line 5', '+inserted', ' line 6', ' line 7', ' line 8', ''].join('\n'),
	);
});

test('unifiedDiff is empty for equal texts and shows a new file as all added', () => {
	assert.equal(unifiedDiff('x\n', 'x\n', {from: 'a', to: 'b'}), '');
	assert.equal(unifiedDiff('', 'a\nb\n', {from: '/dev/null', to: 'b'}), '--- /dev/null\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n');
});

test('unifiedDiff output turns the old text into the new one', () => {
	const cases: Array<[string[], string[]]> = [
		[lines(40), [...lines(40).slice(0, 3), 'x', ...lines(40).slice(3, 30), 'y', 'z', ...lines(40).slice(32)]],
		[lines(12), lines(12, ' changed')],
		[lines(3), []],
		[[], lines(3)],
		[lines(20), [...lines(20).slice(0, 9), ...lines(20).slice(11)]],
		[
			['{', '  "a": 1', '}'],
			['{', '  "a": 1,', '  "hooks": {}', '}'],
		],
	];
	for (const [a, b] of cases) {
		const diff = unifiedDiff(text(a), text(b), {from: 'a', to: 'b'});
		assert.equal(applyDiff(text(a), diff), text(b));
	}
});

test('a middle too large for the table still yields a correct diff', () => {
	const a = lines(2500);
	const b = lines(2500, '!');
	assert.equal(applyDiff(text(a), unifiedDiff(text(a), text(b), {from: 'a', to: 'b'})), text(b));
});
