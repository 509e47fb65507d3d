import {basename, dirname, isAbsolute} from 'node:path';

/**
 * The hook command eyelet writes, and how it recognises one it wrote.
 *
 * Claude Code runs a command hook through `sh -c`, with a PATH that may differ from the user's
 * shell, so the command names the absolute node binary and the absolute dist/cli.cjs, each single-
 * quoted: `'/usr/bin/node' '/opt/eyelet/dist/cli.cjs' record [--db '/path/to.db']`.
 *
 * An entry is ours when its command invokes an eyelet CLI's `record`: the word before `record` is a
 * path ending in dist/cli.cjs (or dist/cli.js, or a binary named eyelet). Recognition does not need
 * the current install path, so entries written by an eyelet that has since moved (npm upgrade, a new
 * node version) are still updated in place by install, found by doctor and removed by uninstall.
 */

/** Seconds Claude Code lets the hook run before killing it. The recorder gives up on the database
 * after its budget (3 s by default) and spools the event, so 10 s only ever cuts a hung process:
 * without it, a stuck hook would hold Claude Code for the 60 s default. */
export const hookTimeoutSeconds = 10;

/** Quotes one argument for POSIX sh: single quotes, each embedded quote written as '\''. */
export function shellQuote(word: string): string {
	return `'${word.replaceAll("'", `'\\''`)}'`;
}

export interface RecordCommand {
	/** The interpreter before the script (node), or null when the CLI is run directly. */
	node: string | null;
	cli: string;
	/** The --db the command passes (the last one wins, as in the recorder), or null. */
	db: string | null;
	/**
	 * True when the command is exactly what install writes: `<node> <cli> record [--db PATH]`, with
	 * no VAR=value prefix and no other word. Only such a command may be run by doctor: anything else
	 * could make sh or node run code the settings file chose (NODE_OPTIONS=--require=..., say).
	 */
	exact: boolean;
}

export function recordCommand({node, cli, db}: {node: string; cli: string; db: string | null}): string {
	return `${shellQuote(node)} ${shellQuote(cli)} record${db ? ` --db ${shellQuote(db)}` : ''}`;
}

/** Characters that make sh do more than split words; a command using them unquoted is not one of ours. */
const shellSyntax = new Set([...'|&;<>()$`*?[#~{}!']);

/**
 * Splits a command into words as sh would, for the plain subset: whitespace, single quotes, double
 * quotes and backslashes. Returns null for anything more (pipes, expansions, globs, unterminated
 * quotes): such a command was not written by eyelet and is left alone.
 */
export function shellWords(command: string): string[] | null {
	const words: string[] = [];
	let word: string | null = null;
	for (let i = 0; i < command.length; i++) {
		const c = command[i]!;
		if (c === ' ' || c === '\t' || c === '\n') {
			if (word !== null) words.push(word);
			word = null;
		} else if (c === "'") {
			const end = command.indexOf("'", i + 1);
			if (end < 0) return null;
			word = (word ?? '') + command.slice(i + 1, end);
			i = end;
		} else if (c === '"') {
			word ??= '';
			for (i++; ; i++) {
				const d = command[i];
				if (d === undefined || d === '$' || d === '`') return null;
				if (d === '"') break;
				if (d === '\\' && '$`"\\\n'.includes(command[i + 1] ?? '')) word += command[++i];
				else word += d;
			}
		} else if (c === '\\') {
			if (i + 1 >= command.length) return null;
			word = (word ?? '') + command[++i];
		} else if (shellSyntax.has(c)) {
			return null;
		} else {
			word = (word ?? '') + c;
		}
	}
	if (word !== null) words.push(word);
	return words;
}

function isEyeletCli(word: string): boolean {
	const name = basename(word);
	if (name === 'eyelet') return true;
	return (name === 'cli.cjs' || name === 'cli.js') && basename(dirname(word)) === 'dist';
}

const isAssignment = (word: string) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(word);

/**
 * The parts of an eyelet record command, or null when the command is not one. After optional
 * VAR=value words it must read `<eyelet cli> record [flags]` or `<interpreter> <path to the eyelet
 * cli> record [flags]` (the interpreter may be any program: whatever node ran install).
 */
export function parseRecordCommand(command: string): RecordCommand | null {
	const all = shellWords(command);
	const start = all?.findIndex(word => !isAssignment(word)) ?? -1;
	if (!all || start < 0) return null;
	const words = all.slice(start);
	const direct = words[1] === 'record' && isEyeletCli(words[0]!);
	const interpreted = !direct && words[2] === 'record' && words[1]!.includes('/') && isEyeletCli(words[1]!);
	if (!direct && !interpreted) return null;
	const at = direct ? 1 : 2;
	let db: string | null = null;
	for (let i = at + 1; i < words.length; i++) {
		const word = words[i]!;
		if (word === '--db') db = words[++i] || null;
		else if (word.startsWith('--db=')) db = word.slice('--db='.length) || null;
	}
	const flags = words.slice(at + 1);
	const plainFlags = flags.length === 0 || (flags.length === 2 && flags[0] === '--db' && flags[1] !== '');
	const exact = start === 0 && plainFlags && isAbsolute(words[0]!) && (direct || isAbsolute(words[1]!));
	return {node: interpreted ? words[0]! : null, cli: words[at - 1]!, db, exact};
}
