import {projectRoot} from '../../../settings/claude-settings.js';
import {hookHealth, type HookHealthReport} from '../../../settings/hook-report.js';
import type {ReadDb} from '../../../store/db.js';
import {recordedHookFacts} from '../../../store/hooks.js';

/** Every hook command known for the project (the git root of the current folder unless given). */
export const hooksRead = (db: ReadDb | null, project: string | null): HookHealthReport =>
	hookHealth(recordedHookFacts(db), {project: project ?? projectRoot(process.cwd())});
