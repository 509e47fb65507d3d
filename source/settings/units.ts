const durationUnits: Record<string, number> = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};
const sizeUnits: Record<string, number> = {b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3, tb: 1024 ** 4, t: 1024 ** 4};

/** "30d", "12h", "45m", "2w" → milliseconds; null when the text is not such a duration. */
export function durationMs(text: string): number | null {
	const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(text.trim());
	if (!match) return null;
	const ms = Number(match[1]) * durationUnits[match[2]!.toLowerCase()]!;
	return ms > 0 ? ms : null;
}

/** "500MB", "2GB", "800k", "1048576" → bytes (binary units: 1 MB = 1024² bytes); null when not a size. */
export function sizeBytes(text: string): number | null {
	const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?b?|[kmgt])$/i.exec(text.trim());
	if (!match) return null;
	const unit = match[2]!.toLowerCase() || 'b';
	const factor = sizeUnits[unit];
	if (factor === undefined) return null;
	const bytes = Math.floor(Number(match[1]) * factor);
	return bytes > 0 ? bytes : null;
}

/** 1536 → "1.5 KB": sizes as people read them, in the same binary units sizeBytes accepts. */
export function formatBytes(bytes: number): string {
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (Math.abs(value) >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
