import {applyEdits, type FormattingOptions, findNodeAtLocation, type JSONPath, modify, type Node, parseTree} from 'jsonc-parser';
import {SettingsError} from './claude-settings.js';

/**
 * Writing an edited settings object back as text that differs from the file only where the edit
 * changed something. The file is never re-serialised whole: a number JSON.parse cannot hold
 * (12345678901234567890), a `1.0`, key order, spacing and comments stay byte for byte. Each change
 * becomes one edit of jsonc-parser (the library VS Code edits its own settings.json with), which
 * rewrites only that range and formats what it inserts in the file's own indentation.
 *
 * Which array elements an edit kept is known by identity: hook-edit clones the settings through
 * `trackedClone`, which remembers, for each object and array of the copy, the original it came from.
 */

type Json = unknown;
export type Origins = WeakMap<object, object>;

const isPlainObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A deep copy of parsed JSON, with each copied object and array mapped to the original it came from. */
export function trackedClone<T>(value: T, origins: Origins): T {
	if (Array.isArray(value)) {
		const copy = value.map(item => trackedClone(item, origins));
		origins.set(copy, value);
		return copy as T;
	}
	if (isPlainObject(value)) {
		const copy: Record<string, Json> = {};
		for (const [key, item] of Object.entries(value)) copy[key] = trackedClone(item, origins);
		origins.set(copy, value);
		return copy as T;
	}
	return value;
}

const sameJson = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

/** The indentation and line ends the file already uses, for what an edit inserts (2 spaces and \n in a new file). */
export function formattingOf(text: string): FormattingOptions {
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const indent = /\n([ \t]+)["{[\]}]/.exec(text)?.[1];
	if (indent?.startsWith('\t')) return {tabSize: 1, insertSpaces: false, eol};
	return {tabSize: indent?.length || 2, insertSpaces: true, eol};
}

/**
 * Refuses a file whose `hooks`, or anything inside it, holds the same key twice: JSON.parse keeps the
 * last one silently, an edit would guess which one Claude Code reads, and the other would vanish.
 */
export function assertNoDuplicateHooks(text: string, file: string): void {
	const root = parseTree(text, [], {allowTrailingComma: false, disallowComments: false});
	if (root?.type !== 'object') return;
	const walk = (node: Node, where: string) => {
		if (node.type === 'object') {
			const seen = new Set<string>();
			for (const property of node.children ?? []) {
				const key = property.children?.[0]?.value as string;
				const path = where ? `${where}.${key}` : key;
				if (seen.has(key))
					throw new SettingsError(
						`${file}: "${path}" appears twice; JSON keeps only the last one, so eyelet does not guess which one counts: merge them by hand first`,
					);
				seen.add(key);
				const value = property.children?.[1];
				if (value && (where || key === 'hooks')) walk(value, path);
			}
		} else if (node.type === 'array') {
			for (const [index, item] of (node.children ?? []).entries()) walk(item, `${where}[${index}]`);
		}
	};
	walk(root, '');
}

/**
 * The text of a settings file after an edit from `before` (the file's parsed content) to `after` (a
 * trackedClone of it, changed), changing only what differs. `text` is the file as read.
 */
export function editedSettingsText(text: string, before: Json, after: Json, origins: Origins): string {
	const formattingOptions = formattingOf(text);
	let current = text;
	const tree = () => parseTree(current, [], {allowTrailingComma: false, disallowComments: false})!;

	/**
	 * Takes out a property or an array item with the separator before it (after it, for the first), so
	 * that taking out what an insertion put in gives back the bytes from before. The last one leaves `{}`
	 * or `[]`. jsonc-parser's own removal reflows whole lines, and without formatting keeps a stray space.
	 */
	const remove = (path: JSONPath) => {
		const node = findNodeAtLocation(tree(), path);
		const item = node?.parent?.type === 'property' ? node.parent : node;
		const container = item?.parent;
		if (!item || !container?.children) return;
		const siblings = container.children;
		const index = siblings.indexOf(item);
		const end = (n: Node) => n.offset + n.length;
		const [from, to] =
			siblings.length === 1
				? [container.offset + 1, end(container) - 1]
				: index > 0
					? [end(siblings[index - 1]!), end(item)]
					: [item.offset, siblings[1]!.offset];
		current = current.slice(0, from) + current.slice(to);
	};

	/** The whitespace a line starts with, for the line that holds `offset`. */
	const lineIndent = (offset: number) => {
		const start = current.lastIndexOf('\n', offset - 1) + 1;
		return /^[ \t]*/.exec(current.slice(start))![0];
	};
	const unit = formattingOptions.insertSpaces ? ' '.repeat(formattingOptions.tabSize ?? 2) : '\t';
	const eol = formattingOptions.eol ?? '\n';

	/**
	 * Puts a new property (object) or item (array) at `index` of the container at `path`, laid out as
	 * its neighbours are: on lines of their own, indented as they are, or all on one line. jsonc-parser's
	 * own insertion formats whole lines, which would spread a one-line neighbour over many.
	 */
	const insert = (path: JSONPath, index: number, key: string | null, value: Json) => {
		const container = findNodeAtLocation(tree(), path);
		if (!container?.children) return;
		const items = container.children;
		const end = (n: Node) => n.offset + n.length;
		const label = key === null ? '' : `${JSON.stringify(key)}: `;
		const multiLine = items.length === 0 || current.slice(container.offset, items[0]!.offset).includes('\n');
		if (!multiLine) {
			const item = label + JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
			const at = index > 0 ? end(items[index - 1]!) : items[0]!.offset;
			current = current.slice(0, at) + (index > 0 ? `, ${item}` : `${item}, `) + current.slice(at);
			return;
		}
		const indent = items.length ? lineIndent(items[0]!.offset) : lineIndent(container.offset) + unit;
		const item = label + JSON.stringify(value, null, unit).replaceAll('\n', eol + indent);
		if (items.length === 0) {
			const inside = `${eol}${indent}${item}${eol}${lineIndent(container.offset)}`;
			current = current.slice(0, container.offset + 1) + inside + current.slice(end(container) - 1);
		} else if (index > 0) {
			const at = end(items[index - 1]!);
			current = `${current.slice(0, at)},${eol}${indent}${item}${current.slice(at)}`;
		} else {
			current = `${current.slice(0, items[0]!.offset)}${item},${eol}${indent}${current.slice(items[0]!.offset)}`;
		}
	};

	/** A new value for a property or item that is there: a scalar as jsonc-parser writes it, in place; anything else laid out by `insert`. */
	const replace = (path: JSONPath, value: Json) => {
		if (path.length === 0) {
			current = `${JSON.stringify(value, null, unit).replaceAll('\n', eol)}${eol}`;
			return;
		}
		if (typeof value !== 'object' || value === null) {
			current = applyEdits(current, modify(current, path, value, {}));
			return;
		}
		const parent = path.slice(0, -1);
		const last = path.at(-1)!;
		const container = findNodeAtLocation(tree(), parent);
		const index = typeof last === 'number' ? last : (container?.children ?? []).findIndex(property => property.children?.[0]?.value === last);
		remove(path);
		insert(parent, index, typeof last === 'number' ? null : String(last), value);
	};

	const editObject = (path: JSONPath, from: Record<string, Json>, to: Record<string, Json>) => {
		for (const key of Object.keys(from)) if (!(key in to)) remove([...path, key]);
		const order = Object.keys(to);
		for (const [index, key] of order.entries()) {
			if (key in from) edit([...path, key], from[key], to[key]);
			else {
				// After the last key that comes before it in the edited object (new keys go last as a rule).
				const earlier = new Set(order.slice(0, index));
				const names = (findNodeAtLocation(tree(), path)?.children ?? []).map(property => property.children?.[0]?.value as string);
				insert(
					path,
					names.reduce((at, name, i) => (earlier.has(name) ? i + 1 : at), 0),
					key,
					to[key],
				);
			}
		}
	};

	/** For each item of `to`, the index of the item of `from` it is (objects by identity, other values by equality, in order), or -1 when new. */
	const matchItems = (from: Json[], to: Json[]): number[] => {
		let after = -1;
		return to.map(item => {
			const index =
				typeof item === 'object' && item !== null
					? from.indexOf(origins.get(item))
					: from.findIndex((old, i) => i > after && (typeof old !== 'object' || old === null) && old === item);
			if (index >= 0) after = Math.max(after, index);
			return index;
		});
	};

	const editArray = (path: JSONPath, from: Json[], to: Json[]) => {
		const kept = matchItems(from, to);
		const keptInOrder = kept.filter(index => index >= 0);
		// Items moved (hook-edit never moves any): replace the array whole.
		if (keptInOrder.some((index, i) => i > 0 && index <= keptInOrder[i - 1]!)) {
			replace(path, to);
			return;
		}
		const keptSet = new Set(keptInOrder);
		for (let index = from.length - 1; index >= 0; index--) if (!keptSet.has(index)) remove([...path, index]);
		for (const [position, item] of to.entries()) {
			if (kept[position]! >= 0) edit([...path, position], from[kept[position]!], item);
			else insert(path, position, null, item);
		}
	};

	function edit(path: JSONPath, from: Json, to: Json): void {
		if (sameJson(from, to)) return;
		if (isPlainObject(from) && isPlainObject(to)) editObject(path, from, to);
		else if (Array.isArray(from) && Array.isArray(to)) editArray(path, from, to);
		else replace(path, to);
	}

	edit([], before, after);
	return current;
}
