import {type EditResult, uninstallHooks} from '../settings/hook-edit.js';
import {readTelemetryRecord, removeTelemetryRecord, settingsCopy, uninstallTelemetry} from '../settings/telemetry-edit.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {applyEdit, displayPath, parseScope, readScope, scopeFlag, scopePath, scopesWithHooks} from './settings-edit.js';

/** Takes out what `install --telemetry` added to the user settings, as its record says. */
function removeTelemetry(dryRun: boolean): void {
	const record = readTelemetryRecord();
	if (!record) return;
	const file = readScope(record.settings);
	const {settings, origins} = settingsCopy(file.data);
	const removed = uninstallTelemetry(settings, record.added);
	if (removed.length === 0) {
		console.log(`eyelet's telemetry settings are no longer in ${displayPath(record.settings)}; nothing to remove`);
	} else {
		const applied = applyEdit(file, {settings, origins, added: [], updated: [], removed: []}, dryRun, 'user');
		if (dryRun) process.stdout.write(applied.diff);
		console.log(
			`${dryRun ? 'would remove' : 'removed'} ${removed.join(', ')} from the env of ${displayPath(record.settings)}${dryRun ? ' (dry run: nothing written)' : ''}`,
		);
		if (applied.backup) console.log(`backup of the previous file: ${displayPath(applied.backup)}`);
	}
	if (!dryRun) removeTelemetryRecord();
}

export const command: Command = {
	name: 'uninstall',
	summary: 'Remove the recorder hooks from Claude Code settings',
	usage: `
  Usage
    $ eyelet uninstall [--scope user|project|local] [--telemetry] [--dry-run]

  Removes eyelet's hook entries only, and the groups and event lists that become empty.
  Every other hook and setting stays. The previous file is kept as <file>.eyelet-backup-<time>.
  The recorded events stay in the database. In the user scope it also takes out the telemetry
  variables \`install --telemetry\` added: exactly those, and only while they hold what it wrote.

  Options
    --scope S      user (the default), project or local, as for install
    --telemetry    only the telemetry variables, not the hooks
    --dry-run      print the diff that would be applied, write nothing
`,
	flags: {...scopeFlag, telemetry: {type: 'boolean', default: false}, dryRun: {type: 'boolean', default: false}},
	run(_input, flags) {
		const scope = parseScope(flags['scope']);
		const dryRun = flags['dryRun'] === true;
		if (flags['telemetry'] === true || scope === 'user') removeTelemetry(dryRun);
		if (flags['telemetry'] === true) return 0;
		const path = scopePath(scope);
		const file = readScope(path);
		let edit: EditResult;
		try {
			edit = uninstallHooks(file.data, path);
		} catch (error) {
			throw new UserError((error as Error).message);
		}
		const where = `${displayPath(path)} (${scope} scope)`;
		if (edit.removed.length === 0) {
			console.log(`eyelet's hooks are not installed in ${where}; nothing to remove`);
		} else {
			const applied = applyEdit(file, edit, dryRun, scope);
			if (dryRun) process.stdout.write(applied.diff);
			console.log(
				`${dryRun ? 'would remove' : 'removed'} eyelet's hooks from ${edit.removed.length} event${edit.removed.length === 1 ? '' : 's'} in ${where}${dryRun ? ' (dry run: nothing written)' : ''}`,
			);
			if (applied.backup) console.log(`backup of the previous file: ${displayPath(applied.backup)}`);
		}
		for (const other of scopesWithHooks(scope))
			console.log(`still installed in ${displayPath(other.path)} (${other.scope} scope): \`eyelet uninstall --scope ${other.scope}\` removes them`);
		return 0;
	},
};
