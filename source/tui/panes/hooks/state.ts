import type {HookHealthReport} from '../../../settings/hook-report.js';

// The hooks pane: every hook command configured or seen failing, and the chosen one in full.

export interface HooksState {
	/** The project whose settings are read; null: the git root of the current folder. */
	project: string | null;
	report: HookHealthReport | null;
	cursor: number;
	top: number;
	version: number;
	request: boolean;
}

export type HooksAction = {type: 'hooksLoaded'; version: number; report: HookHealthReport};

export function emptyHooks(project: string | null): HooksState {
	return {project, report: null, cursor: 0, top: 0, version: 1, request: true};
}

/** Asks for the settings and failures to be read again. */
export const reloadHooks = (hooks: HooksState): HooksState => ({...hooks, version: hooks.version + 1, request: true});
