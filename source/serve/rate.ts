/** Events received per second, over the last few seconds: what /health and the TUI header show. */
export class EventRate {
	private readonly buckets = new Float64Array(10);
	private readonly seconds = new Float64Array(10);
	total = 0;

	add(now: number): void {
		const second = Math.floor(now / 1000);
		const slot = second % this.buckets.length;
		if (this.seconds[slot] !== second) {
			this.seconds[slot] = second;
			this.buckets[slot] = 0;
		}
		this.buckets[slot]!++;
		this.total++;
	}

	/** The mean over the last full seconds (the current one is still filling). */
	perSecond(now: number): number {
		const current = Math.floor(now / 1000);
		let sum = 0;
		const span = this.buckets.length - 1;
		for (let back = 1; back <= span; back++) {
			const second = current - back;
			const slot = second % this.buckets.length;
			if (this.seconds[slot] === second) sum += this.buckets[slot]!;
		}
		return Math.round((sum / span) * 10) / 10;
	}
}
