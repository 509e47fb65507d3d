import {existsSync, readFileSync, statSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {type ParseError, parse} from 'jsonc-parser';
import {jsonErrorOffset} from './json-error.js';

/** Where Claude Code reads hooks from: the user's settings, the project's shared and local ones. */
export type Scope = 'user' | 'project' | 'local';
export const scopes: readonly Scope[] = ['user', 'project', 'local'];

/** The project a settings scope belongs to: the git root above `cwd`, else `cwd` itself. */
export function projectRoot(cwd: string): string {
	let dir = resolve(cwd);
	for (;;) {
		if (existsSync(join(dir, '.git'))) return dir;
		const parent = dirname(dir);
		if (parent === dir) return resolve(cwd);
		dir = parent;
	}
}

export function settingsPath(scope: Scope, options: {home?: string; project: string}): string {
	const home = options.home ?? homedir();
	switch (scope) {
		case 'user':
			return join(home, '.claude', 'settings.json');
		case 'project':
			return join(options.project, '.claude', 'settings.json');
		case 'local':
			return join(options.project, '.claude', 'settings.local.json');
	}
}

/** A settings file that is not valid JSON; the message names the file, line and column. */
export class SettingsError extends Error {}

export interface SettingsFile {
	path: string;
	exists: boolean;
	/** The file's text as read (null when missing). */
	text: string | null;
	/** The parsed settings object ({} when the file is missing or empty). */
	data: Record<string, unknown>;
}

function position(text: string): string {
	const offset = jsonErrorOffset(text);
	if (offset < 0 || offset >= text.length) return 'the end of the file';
	const lines = text.slice(0, offset).split('\n');
	return `line ${lines.length}, column ${lines.at(-1)!.length + 1}`;
}

/** JSON with // and /* comments (which edits keep byte for byte), or undefined when the text is not that either. */
function withComments(text: string): unknown {
	const errors: ParseError[] = [];
	const data = parse(text, errors, {allowTrailingComma: false, disallowComments: false, allowEmptyContent: false});
	return errors.length === 0 ? data : undefined;
}

/** Reads and parses a Claude Code settings file; a missing file reads as {}. Throws SettingsError when invalid. */
export function readSettings(path: string): SettingsFile {
	let text: string;
	try {
		if (!statSync(path).isFile()) throw new SettingsError(`${path} is not a file`);
		text = readFileSync(path, 'utf8');
	} catch (error) {
		if (error instanceof SettingsError) throw error;
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {path, exists: false, text: null, data: {}};
		throw new SettingsError(`cannot read ${path}: ${(error as Error).message}`);
	}
	if (text.trim() === '') return {path, exists: true, text, data: {}};
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (_error) {
		data = withComments(text);
		if (data === undefined) throw new SettingsError(`${path} is not valid JSON: error at ${position(text)}`);
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new SettingsError(`${path} must hold a JSON object`);
	return {path, exists: true, text, data: data as Record<string, unknown>};
}

/** One command hook as configured: `hooks.<event>[group].hooks[index]`. */
export interface HookEntry {
	file: string;
	event: string;
	matcher: string | null;
	type: string;
	command: string | null;
	timeout: number | null;
	async: boolean;
	group: number;
	index: number;
}

/** Every hook in a settings object, in file order. Malformed parts are skipped, not fatal. */
export function hookEntries(settings: Record<string, unknown>, file: string): HookEntry[] {
	const entries: HookEntry[] = [];
	const hooks = settings['hooks'];
	if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) return entries;
	for (const [event, groups] of Object.entries(hooks)) {
		if (!Array.isArray(groups)) continue;
		groups.forEach((group: unknown, groupIndex) => {
			if (typeof group !== 'object' || group === null) return;
			const {matcher, hooks: list} = group as {matcher?: unknown; hooks?: unknown};
			if (!Array.isArray(list)) return;
			list.forEach((hook: unknown, index) => {
				if (typeof hook !== 'object' || hook === null) return;
				const h = hook as Record<string, unknown>;
				entries.push({
					file,
					event,
					matcher: typeof matcher === 'string' ? matcher : null,
					type: typeof h['type'] === 'string' ? h['type'] : 'command',
					command: typeof h['command'] === 'string' ? h['command'] : null,
					timeout: typeof h['timeout'] === 'number' ? h['timeout'] : null,
					async: h['async'] === true,
					group: groupIndex,
					index,
				});
			});
		});
	}
	return entries;
}
