import {homedir} from 'node:os';
import {sep} from 'node:path';
import {projectRoot, readSettings, type Scope, scopes, SettingsError, type SettingsFile, settingsPath} from '../settings/claude-settings.js';
import {hookTimeoutSeconds, recordCommand} from '../settings/hook-command.js';
import {type EditResult, type HookSpec, ourEntries} from '../settings/hook-edit.js';
import {cliPath} from '../settings/paths.js';
import type {ServeKey} from '../settings/serve-file.js';
import {assertNoDuplicateHooks, editedSettingsText} from '../settings/settings-text.js';
import {formatSettings, SettingsWriteRefused, type SymlinkPolicy, writeSettingsFile, writeTarget} from '../settings/settings-write.js';
import {UserError} from './user-error.js';
import {unifiedDiff} from './line-diff.js';

/** What install, uninstall and doctor share: which file a scope means, reading it, and writing an edit safely. */

export const scopeFlag = {scope: {type: 'string' as const, default: 'user'}};

export function parseScope(value: unknown): Scope {
	if (scopes.includes(value as Scope)) return value as Scope;
	throw new UserError(`--scope "${String(value)}" is not one of ${scopes.join(', ')}`);
}

export function scopePath(scope: Scope, cwd = process.cwd()): string {
	return settingsPath(scope, {project: projectRoot(cwd)});
}

/** ~ for the home directory, so lines stay short. */
export function displayPath(path: string): string {
	const home = homedir();
	return path === home || path.startsWith(home + sep) ? `~${path.slice(home.length)}` : path;
}

/** Reads a settings file, turning a parse error into the one-line message the user sees. */
export function readScope(path: string): SettingsFile {
	try {
		return readSettings(path);
	} catch (error) {
		if (error instanceof SettingsError) throw new UserError(error.message);
		throw error;
	}
}

/**
 * The hook entries this eyelet writes: the command runs its own node and dist/cli.cjs, absolute, so
 * Claude Code's PATH does not matter; with the http transport, the events that take http hooks post
 * to the database's daemon instead.
 */
export function currentHookSpec(db: string | null, async: boolean, http: ServeKey | null = null): HookSpec {
	return {
		command: recordCommand({node: process.execPath, cli: cliPath, db}),
		timeout: hookTimeoutSeconds,
		async,
		http: http ? {url: `http://127.0.0.1:${http.port}/hook`, secret: http.secret, timeout: hookTimeoutSeconds} : null,
	};
}

export type Transport = 'command' | 'http';

/** The transport eyelet's entries in a settings object use now: http when any entry posts to the daemon. */
export function installedTransport(settings: Record<string, unknown>): Transport | null {
	const entries = ourEntries(settings);
	if (entries.length === 0) return null;
	return entries.some(entry => entry.transport === 'http') ? 'http' : 'command';
}

export interface AppliedEdit {
	changed: boolean;
	backup: string | null;
	/** The unified diff of the file's text, before → after ('' when unchanged). */
	diff: string;
}

/**
 * A project's .claude/ comes with the repository, and so may symlinks in it: only the user's own
 * settings file is written through a link (into a dotfiles repository, say), and only when what it
 * leads to is the user's.
 */
export const symlinkPolicy = (scope: Scope): SymlinkPolicy => (scope === 'user' ? 'own' : 'refuse');

/**
 * Writes an edit unless it changes nothing. "Nothing" is judged on the parsed settings, so a file
 * in another layout that already holds our entries is not rewritten just to reformat it. A file
 * eyelet must not write through (a symlink, see symlinkPolicy) is refused, dry run or not.
 */
export function applyEdit(file: SettingsFile, edit: EditResult, dryRun: boolean, scope: Scope): AppliedEdit {
	const original = file.exists && file.text?.trim() ? file.text : null;
	try {
		if (original !== null) assertNoDuplicateHooks(original, file.path);
	} catch (error) {
		if (error instanceof SettingsError) throw new UserError(error.message);
		throw error;
	}
	const changed = !file.exists || JSON.stringify(file.data) !== JSON.stringify(edit.settings);
	if (!changed) return {changed, backup: null, diff: ''};
	try {
		writeTarget(file.path, symlinkPolicy(scope));
	} catch (error) {
		if (error instanceof SettingsWriteRefused) throw new UserError(error.message);
		throw error;
	}
	// Only what the edit changed is rewritten; a new or empty file is written whole.
	const text = original === null ? formatSettings(edit.settings) : editedSettingsText(original, file.data, edit.settings, edit.origins);
	const diff = unifiedDiff(file.text ?? '', text, {from: file.exists ? file.path : '/dev/null', to: file.path});
	if (dryRun) return {changed, backup: null, diff};
	try {
		return {changed, backup: writeSettingsFile(file.path, text, new Date(), symlinkPolicy(scope)).backup, diff};
	} catch (error) {
		throw new UserError(`cannot write ${file.path}: ${(error as Error).message}`);
	}
}

/** Other scopes (distinct files) that already hold our entries: each event there would be recorded twice. */
export function scopesWithHooks(except: Scope | null, cwd = process.cwd()): Array<{scope: Scope; path: string}> {
	const skip = except === null ? null : scopePath(except, cwd);
	const found: Array<{scope: Scope; path: string}> = [];
	for (const scope of scopes) {
		const path = scopePath(scope, cwd);
		if (path === skip || found.some(other => other.path === path)) continue;
		try {
			if (ourEntries(readSettings(path).data).length > 0) found.push({scope, path});
		} catch {
			// an unreadable file is doctor's business
		}
	}
	return found;
}
