/**
 * One way a secret shows up in text. Rules are data: the engine (redact.ts) finds every rule's
 * keywords in one pass and compiles and runs only the expressions of rules whose keyword is there.
 */
export interface SecretRule {
	/** Shown in the marker that replaces the secret: [REDACTED:kind]. */
	kind: string;
	/**
	 * Literal text that every match contains, in any case (the scan ignores case); ASCII, two characters or
	 * more. The scan's cost grows with how often a keyword's first two characters occur in ordinary text, so
	 * a keyword may be the rarer tail of the literal: `ivate key`, not `private key`.
	 */
	keywords: readonly string[];
	/** The expression's source (String.raw keeps it as written), compiled on first use. */
	pattern: string;
	/** Flags besides g and d: 'i' for a case-insensitive match. */
	flags?: string;
	/** The first capture group that may hold the secret: the first from here on that took part is replaced. 0 (default): the whole match. */
	group?: number;
	/** False keeps the candidate: a placeholder, a code reference, a name that only looks like a secret's. */
	accept?: (secret: string, match: RegExpExecArray) => boolean;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** Alternatives of literal texts, escaped, for a pattern. */
export const anyOf = (texts: readonly string[]) => `(?:${texts.map(escaped).join('|')})`;

/**
 * A token that starts with a fixed prefix (ghp_, glpat-, npm_...): the prefixes are its keywords and
 * the whole match is the secret. `body` is what follows the prefix, with its documented length as a minimum.
 */
export function token(kind: string, prefixes: readonly string[], body: string, flags?: string): SecretRule {
	let pattern: string | undefined;
	return {
		kind,
		keywords: prefixes,
		// Built when the rule first runs: a hook needs one or two of the ~170 (this module's load is paid by every hook).
		get pattern() {
			return (pattern ??= `(?<![A-Za-z0-9])${anyOf(prefixes)}${body}`);
		},
		flags,
	};
}

/**
 * A value with no prefix of its own, recognised by the provider's name just before it:
 * `DATADOG_APP=…`, `"cohere": "…"`. `names` are the keywords; `value` is the token's documented shape.
 */
export function nearName(kind: string, names: readonly string[], value: string): SecretRule {
	let pattern: string | undefined;
	return {
		kind,
		keywords: names,
		get pattern() {
			return (pattern ??= String.raw`${anyOf(names)}[\w.-]{0,30}["']?[ \t]*(?:=>|[:=,])[ \t]*["'\x60]?(${value})(?![\w-])`);
		},
		flags: 'i',
		group: 1,
	};
}

const placeholder =
	/^(?:\$\{?[\w.-]*\}?|\$\(.*\)|\$\{\{.*\}\}|\{\{.*\}\}|<[^<>]*>|%[\w.-]+%|\[[\w -]*\]|\*+|[xX]+|•+|\.{3,}|…|(?:changeme|change-me|redacted|hidden|secret|password|example|placeholder|your[\w-]*|my[\w-]*here)\.?)$/i;

/** Values that stand for a secret without being one: `$TOKEN`, `${{ secrets.X }}`, `<password>`, `****`, `changeme`. */
export function isPlaceholder(value: string): boolean {
	return value.startsWith('[REDACTED:') || placeholder.test(value.trim());
}

/** True when a value mixes letters and digits, as generated secrets do and words and names rarely do. */
export const mixesLettersAndDigits = (value: string) => /\d/.test(value) && /[A-Za-z]/.test(value);
