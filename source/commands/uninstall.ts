import {type EditResult, uninstallHooks} from '../settings/hook-edit.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {applyEdit, displayPath, parseScope, readScope, scopeFlag, scopePath, scopesWithHooks} from './settings-edit.js';

export const command: Command = {
	name: 'uninstall',
	summary: 'Remove the recorder hooks from Claude Code settings',
	usage: `
  Usage
    $ eyelet uninstall [--scope user|project|local] [--dry-run]

  Removes eyelet's hook entries only, and the groups and event lists that become empty.
  Every other hook and setting stays. The previous file is kept as <file>.eyelet-backup-<time>.
  The recorded events stay in the database.

  Options
    --scope S    user (the default), project or local, as for install
    --dry-run    print the diff that would be applied, write nothing
`,
	flags: {...scopeFlag, dryRun: {type: 'boolean', default: false}},
	run(_input, flags) {
		const scope = parseScope(flags['scope']);
		const dryRun = flags['dryRun'] === true;
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
