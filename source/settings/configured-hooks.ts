import {hookEntries, readSettings, type Scope, scopes, SettingsError, settingsPath} from './claude-settings.js';

/** A command hook as configured in one scope's settings file. */
export interface ConfiguredHook {
	scope: Scope;
	file: string;
	event: string;
	matcher: string | null;
	command: string;
	timeout: number | null;
	async: boolean;
}

export interface SettingsFileSeen {
	scope: Scope;
	path: string;
	exists: boolean;
}

/**
 * Every command hook in the user, project and local settings of a project, in scope and file order.
 * A settings file that cannot be read is reported in `problems`, and the others are still read.
 */
export function configuredHooks(options: {project: string; home?: string}): {hooks: ConfiguredHook[]; files: SettingsFileSeen[]; problems: string[]} {
	const hooks: ConfiguredHook[] = [];
	const files: SettingsFileSeen[] = [];
	const problems: string[] = [];
	for (const scope of scopes) {
		const path = settingsPath(scope, options);
		try {
			const settings = readSettings(path);
			files.push({scope, path, exists: settings.exists});
			for (const entry of hookEntries(settings.data, path)) {
				if (entry.type !== 'command' || entry.command === null) continue;
				hooks.push({scope, file: path, event: entry.event, matcher: entry.matcher, command: entry.command, timeout: entry.timeout, async: entry.async});
			}
		} catch (error) {
			if (!(error instanceof SettingsError)) throw error;
			files.push({scope, path, exists: true});
			problems.push(error.message);
		}
	}
	return {hooks, files, problems};
}
