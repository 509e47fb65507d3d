const bars = '▁▂▃▄▅▆▇█';

/**
 * Counts as a one-line bar chart, one character per count, scaled to the largest: · for none, ▁ for the
 * least that is not none, █ for the most. So one occurrence never disappears next to a thousand.
 */
export function sparkline(counts: readonly number[]): string {
	const max = Math.max(0, ...counts);
	return counts
		.map(count => {
			if (!(count > 0)) return '·';
			const level = Math.ceil((count / max) * bars.length) - 1;
			return bars[Math.min(bars.length - 1, Math.max(0, level))]!;
		})
		.join('');
}
