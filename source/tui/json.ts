import {neutralize} from '../events/neutralize.js';

// Pretty, coloured JSON as lines of coloured segments, wrapped to a width: pure, so the reducer can
// count lines for scrolling and tests can read the text. Every string passes through neutralize().

export type Tone = 'key' | 'string' | 'number' | 'literal' | 'punct' | 'dim' | 'label' | 'error' | 'warn' | 'ok' | 'title';

export interface Segment {
	text: string;
	tone?: Tone;
}

export type Line = Segment[];

const indentUnit = '  ';

const quoted = (text: string) => neutralize(JSON.stringify(text).slice(1, -1), true);

function scalar(value: unknown): Segment {
	if (typeof value === 'string') return {text: `"${quoted(value)}"`, tone: 'string'};
	if (typeof value === 'number') return {text: String(value), tone: 'number'};
	return {text: String(value), tone: 'literal'};
}

/**
 * One value's lines. A string with newlines (a command's output, a file) is shown as its lines
 * under a gutter, so a test log reads as a log rather than one line of "\n"s.
 */
function valueLines(value: unknown, indent: string, head: Segment[], tail: string, out: Line[]): void {
	if (Array.isArray(value) || (typeof value === 'object' && value !== null)) {
		const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
		const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
		if (entries.length === 0) {
			out.push([...head, {text: `${open}${close}${tail}`, tone: 'punct'}]);
			return;
		}
		out.push([...head, {text: open, tone: 'punct'}]);
		const inner = indent + indentUnit;
		entries.forEach(([key, item], index) => {
			const comma = index < entries.length - 1 ? ',' : '';
			const keyHead: Segment[] = [
				{text: inner},
				...(typeof key === 'string'
					? [
							{text: `"${quoted(key)}"`, tone: 'key' as const},
							{text: ': ', tone: 'punct' as const},
						]
					: []),
			];
			valueLines(item, inner, keyHead, comma, out);
		});
		out.push([{text: indent}, {text: `${close}${tail}`, tone: 'punct'}]);
		return;
	}
	if (typeof value === 'string' && value.includes('\n')) {
		const lines = value.split('\n');
		out.push([...head, {text: `⏎ ${lines.length} lines`, tone: 'dim'}, {text: tail, tone: 'punct'}]);
		for (const line of lines) out.push([{text: `${indent}${indentUnit}`}, {text: '│ ', tone: 'dim'}, {text: neutralize(line, true), tone: 'string'}]);
		return;
	}
	out.push([...head, scalar(value), ...(tail ? [{text: tail, tone: 'punct' as const}] : [])]);
}

/** The payload's JSON text as pretty lines; text that does not parse is shown as it is, neutralised. */
export function jsonLines(json: string): Line[] {
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		return json.split('\n').map(line => [{text: neutralize(line, true)}]);
	}
	const out: Line[] = [];
	valueLines(value, '', [], '', out);
	return out;
}

const lineLength = (line: Line) => line.reduce((sum, segment) => sum + [...segment.text].length, 0);

/** Cuts a line into pieces of at most `width` characters, continuing wrapped pieces under a marker. */
export function wrapLine(line: Line, width: number): Line[] {
	if (width < 8 || lineLength(line) <= width) return [line];
	const out: Line[] = [];
	let current: Line = [];
	let used = 0;
	const push = () => {
		out.push(current);
		current = [{text: '  ↪ ', tone: 'dim'}];
		used = 4;
	};
	for (const segment of line) {
		const chars = [...segment.text];
		for (let offset = 0; offset < chars.length; ) {
			if (used >= width) push();
			const take = Math.min(width - used, chars.length - offset);
			current.push({text: chars.slice(offset, offset + take).join(''), ...(segment.tone ? {tone: segment.tone} : {})});
			used += take;
			offset += take;
		}
	}
	if (current.length > 0) out.push(current);
	return out;
}

export const wrapLines = (lines: readonly Line[], width: number): Line[] => lines.flatMap(line => wrapLine(line, width));

export const lineText = (line: Line) => line.map(segment => segment.text).join('');
