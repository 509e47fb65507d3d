import {keywordScanner, type KeywordScanner} from './keyword-scan.js';
import {assignmentRules, commandLineRules, configFileRules, keyBlockRules, webRules} from './secret-contexts.js';
import {isSecretName, mayNameSecret} from './secret-names.js';
import type {SecretRule} from './secret-rule.js';
import {providerRules} from './secret-tokens.js';

/** Replaces secrets in a string; returns the new string and how many values it replaced. */
export interface Redactor {
	redactString(text: string): {text: string; count: number};
	/** True when an object key names a secret, so its value is replaced whole. */
	isSecretKey(key: string): boolean;
	/** True when the user's allowlist keeps this value as it is. */
	isAllowed(value: string): boolean;
	/** False when no rule could find anything in this text (a payload's JSON, keys included): a cheap first look. */
	mayFind(text: string): boolean;
}

/**
 * Most specific first: key blocks (their base64 would match lesser rules), provider tokens, then
 * secrets known by their place, and `NAME=value` last. A later rule sees the markers of earlier
 * ones, never their secrets.
 */
export const builtInRules: readonly SecretRule[] = [
	...keyBlockRules,
	...providerRules,
	...webRules,
	...commandLineRules,
	...configFileRules,
	...assignmentRules,
];

export const marker = (kind: string) => `[REDACTED:${kind}]`;

// Built on first use and kept for the process: the recorder pays for the scanner once and for the
// expressions of the rules its payload actually calls for, never for the other ~150.
let scanner: KeywordScanner | null = null;
const expressions: Array<RegExp | undefined> = [];
const found = new Uint8Array(builtInRules.length);
const probe = new Uint8Array(builtInRules.length);

function builtInScanner(): KeywordScanner {
	if (scanner) return scanner;
	const keywords: string[] = [];
	const owners: number[] = [];
	builtInRules.forEach((rule, index) => {
		for (const keyword of rule.keywords) {
			keywords.push(keyword);
			owners.push(index);
		}
	});
	return (scanner = keywordScanner(keywords, owners));
}

/** How many built-in expressions this process has compiled so far (the bench and a test read it). */
export const compiledRuleCount = () => expressions.filter(Boolean).length;

const expressionOf = (index: number) => (expressions[index] ??= new RegExp(builtInRules[index]!.pattern, `gd${builtInRules[index]!.flags ?? ''}`));

/** Where the secret of a match is: the whole match, or the first capture group from `group` on that took part. */
function secretSpan(match: RegExpExecArray, group: number): [number, number] | undefined {
	const indices = match.indices!;
	if (group === 0) return indices[0];
	for (let index = group; index < indices.length; index++) if (indices[index]) return indices[index];
	return undefined;
}

/** True when [start, end) overlaps a marker an earlier rule left: `[REDACTED:github-token]@` is not a password. */
function touchesMarker(text: string, start: number, end: number): boolean {
	const open = text.lastIndexOf('[REDACTED:', end - 1);
	return open >= 0 && text.indexOf(']', open) >= start;
}

/** Replaces every accepted match of one rule; returns the text unchanged (same string) when there was none. */
function applyRule(text: string, rule: SecretRule, expression: RegExp, isAllowed: (value: string) => boolean): {text: string; count: number} {
	expression.lastIndex = 0;
	let out = '';
	let kept = 0;
	let count = 0;
	for (let match = expression.exec(text); match !== null; match = expression.exec(text)) {
		if (match[0] === '') {
			expression.lastIndex++;
			continue;
		}
		const span = secretSpan(match, rule.group ?? 0);
		const secret = span ? text.slice(span[0], span[1]) : '';
		if (!span || secret === '' || touchesMarker(text, span[0], span[1]) || (rule.accept && !rule.accept(secret, match)) || isAllowed(secret)) {
			// A match let go may hold another inside its value: `"command": "export TOKEN=…"`. Look again from there.
			expression.lastIndex = Math.max(match.index + 1, span?.[0] ?? 0);
			continue;
		}
		out += text.slice(kept, span[0]) + marker(rule.kind);
		kept = span[1];
		count++;
	}
	return count === 0 ? {text, count} : {text: out + text.slice(kept), count};
}

function compileUserRules(patterns: readonly ExtraPattern[]): Array<{rule: SecretRule; expression: RegExp}> {
	const rules: Array<{rule: SecretRule; expression: RegExp}> = [];
	for (const {name, pattern} of patterns) {
		try {
			rules.push({rule: {kind: name, keywords: [], pattern}, expression: new RegExp(pattern, 'gd')});
		} catch {
			// The config check reports a bad pattern; the recorder goes on with the rest.
		}
	}
	return rules;
}

function allowlist(entries: readonly AllowEntry[]): (value: string) => boolean {
	const exact = new Set<string>();
	const patterns: RegExp[] = [];
	for (const entry of entries) {
		if (typeof entry === 'string') exact.add(entry);
		else {
			try {
				patterns.push(new RegExp(entry.pattern));
			} catch {
				// reported by the config check
			}
		}
	}
	if (exact.size === 0 && patterns.length === 0) return () => false;
	return value => exact.has(value) || patterns.some(pattern => pattern.test(value));
}

/** A user-supplied secret pattern: matches are replaced by [REDACTED:name]. */
export interface ExtraPattern {
	name: string;
	pattern: string;
}

/** A value never redacted: the exact text, or {pattern} tested against each secret a rule finds. */
export type AllowEntry = string | {pattern: string};

export interface RedactionSettings {
	/** The user's extra rules: every match becomes [REDACTED:name]. */
	patterns?: readonly ExtraPattern[];
	/** Values never redacted: exact strings, or {pattern} tested against each secret found. */
	allow?: readonly AllowEntry[];
}

export function createRedactor(settings: RedactionSettings = {}): Redactor {
	const userRules = compileUserRules(settings.patterns ?? []);
	const isAllowed = allowlist(settings.allow ?? []);
	return {
		redactString(text) {
			let count = 0;
			if (builtInScanner().scan(text, found)) {
				for (let index = 0; index < found.length; index++) {
					if (found[index] === 0) continue;
					found[index] = 0;
					const result = applyRule(text, builtInRules[index]!, expressionOf(index), isAllowed);
					text = result.text;
					count += result.count;
				}
			}
			for (const {rule, expression} of userRules) {
				const result = applyRule(text, rule, expression, isAllowed);
				text = result.text;
				count += result.count;
			}
			return {text, count};
		},
		isSecretKey: key => isSecretName(key, 'key'),
		isAllowed,
		mayFind(text) {
			if (userRules.length > 0 || mayNameSecret(text)) return true;
			const any = builtInScanner().scan(text, probe);
			if (any) probe.fill(0);
			return any;
		},
	};
}
