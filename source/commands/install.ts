import {resolve} from 'node:path';
import {hookEvents} from '../events/hook-events.js';
import type {Scope} from '../settings/claude-settings.js';
import {installHooks, type EditResult} from '../settings/hook-edit.js';
import {cliPath} from '../settings/paths.js';
import type {Command} from './command.js';
import {UserError} from './errors.js';
import {applyEdit, type AppliedEdit, currentHookSpec, displayPath, parseScope, readScope, scopeFlag, scopePath, scopesWithHooks} from './settings-edit.js';
import {pythonEyeletChecks} from './doctor-store.js';
import {resolveDbPath} from './shared.js';

const scopeNote: Record<Scope, string> = {
	user: 'user scope: every project',
	project: 'project scope: shared through git',
	local: 'local scope: this project, not shared',
};

const events = (n: number) => `${n} event${n === 1 ? '' : 's'}`;

function changeSummary(edit: EditResult): string {
	const parts = [
		edit.added.length ? `added ${events(edit.added.length)}` : '',
		edit.updated.length ? `updated ${events(edit.updated.length)}` : '',
		edit.removed.length ? `removed from ${edit.removed.join(', ')}` : '',
	];
	return parts.filter(Boolean).join(', ');
}

/** What the user reads after install (or a dry run of it): one fact per line. */
export function installReport(scope: Scope, path: string, edit: EditResult, applied: AppliedEdit, command: string, dryRun: boolean): string[] {
	const where = `${displayPath(path)} (${scopeNote[scope]})`;
	const lines: string[] = [];
	if (!applied.changed) lines.push(`eyelet's hooks are already installed in ${where}; nothing to change`);
	else if (dryRun) lines.push(`would write ${where}: ${changeSummary(edit)} (dry run: nothing written)`);
	else lines.push(`installed eyelet's hooks in ${where}: ${changeSummary(edit)}`);
	if (applied.backup) lines.push(`backup of the previous file: ${displayPath(applied.backup)}`);
	lines.push(`command: ${command}`);
	for (const {name, skip} of hookEvents) if (skip) lines.push(`not recorded: ${name}: ${skip}`);
	return lines;
}

function warnings(scope: Scope, dbFlag: string | null): string[] {
	const out: string[] = pythonEyeletChecks(dbFlag ?? resolveDbPath({})).map(found => `note: ${found.message}`);
	for (const other of scopesWithHooks(scope)) {
		out.push(
			`warning: eyelet's hooks are also installed in ${displayPath(other.path)} (${other.scope} scope): every event will be recorded twice; remove one with \`eyelet uninstall --scope ${other.scope}\``,
		);
	}
	if (scope === 'project')
		out.push(
			'note: the command holds absolute paths of this machine; if .claude/settings.json is committed, teammates get a command that may not exist for them: prefer --scope local',
		);
	if (/[\\/]_npx[\\/]/.test(cliPath))
		out.push(
			`warning: eyelet runs from npx's cache (${cliPath}); the hooks stop working when that cache is cleaned: install eyelet with \`npm install -g eyelet\` and run install again`,
		);
	if (dbFlag === null && process.env['EYELET_DB'])
		out.push('note: EYELET_DB is set in this shell; the hooks use it only if Claude Code is started with it too: pass --db to write the path into the hook');
	return out;
}

export const command: Command = {
	name: 'install',
	summary: 'Add the recorder hooks to Claude Code settings',
	usage: `
  Usage
    $ eyelet install [--scope user|project|local] [--db PATH] [--async] [--dry-run]

  Adds one hook per Claude Code event that takes command hooks, running \`eyelet record\`
  (matcher "*" on tool events, so every tool is seen). Running it again changes nothing; a new
  path or option updates eyelet's entries in place. Other hooks are left exactly as they are.
  The previous file is kept as <file>.eyelet-backup-<time>.

  Options
    --scope S    user (~/.claude/settings.json, the default), project (<project>/.claude/settings.json)
                 or local (<project>/.claude/settings.local.json); the project is the git root or
                 the current directory
    --db PATH    record into this database instead of the default
    --async      run hooks in the background: they never delay Claude Code (but \`claude -p\`
                 ends them at exit, so its last events may be lost)
    --dry-run    print the diff that would be applied, write nothing
`,
	flags: {
		...scopeFlag,
		db: {type: 'string', shortFlag: 'd'},
		async: {type: 'boolean', default: false},
		dryRun: {type: 'boolean', default: false},
	},
	run(_input, flags) {
		const scope = parseScope(flags['scope']);
		if (flags['db'] === '') throw new UserError('--db needs a path');
		const dbFlag = typeof flags['db'] === 'string' ? resolve(flags['db']) : null;
		const dryRun = flags['dryRun'] === true;
		const path = scopePath(scope);
		const file = readScope(path);
		const spec = currentHookSpec(dbFlag, flags['async'] === true);
		let edit: EditResult;
		try {
			edit = installHooks(file.data, spec, path);
		} catch (error) {
			throw new UserError((error as Error).message);
		}
		const applied = applyEdit(file, edit, dryRun, scope);
		if (dryRun && applied.diff) process.stdout.write(applied.diff);
		const lines = installReport(scope, path, edit, applied, spec.command, dryRun);
		if (!dryRun)
			lines.push(
				`events are recorded into ${displayPath(dbFlag ?? resolveDbPath({}))}; check the setup with \`eyelet doctor\`; after a Claude Code session, see them with \`eyelet query\``,
			);
		console.log(lines.join('\n'));
		for (const line of warnings(scope, dbFlag)) process.stderr.write(`${line}\n`);
		return 0;
	},
};
