import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {parse as readJsonc} from 'jsonc-parser';
import {recordedEvents} from '../../source/events/hook-events.js';
import {copyPackage, readJson, runHook, runSession} from '../claude-code.js';
import {cli, fixtureLines, isolatedEnv, otherUser, parseJsonl, runCli, tempDir} from '../helpers.js';

/** A temporary home and a project in it (a git root, so the project scope has a place). */
function setup(t: {after: (fn: () => void) => void}, projectName = 'project') {
	const home = tempDir(t);
	const project = join(home, projectName);
	mkdirSync(join(project, '.git'), {recursive: true});
	const env = isolatedEnv(home);
	const eyelet = (args: string[], cwd = project) => runCli(args, {env, cwd});
	return {home, project, env, eyelet, userSettings: join(home, '.claude', 'settings.json')};
}

const ourCommands = (settings: Record<string, any>) =>
	Object.values(settings['hooks'] ?? {}).flatMap((groups: any) =>
		groups.flatMap((group: any) => group.hooks.filter((hook: any) => / record( |$)/.test(hook.command ?? ''))),
	);

/** Files in a directory other than the settings file: backups, and temporaries that must not be left behind. */
const siblings = (dir: string, name: string) => readdirSync(dir).filter(file => file !== name);

const foreignSettings = {
	model: 'opus',
	hooks: {
		PreToolUse: [{matcher: 'Bash', hooks: [{type: 'command', command: 'echo guard >/dev/null', timeout: 5}]}],
		Stop: [{hooks: [{type: 'http', url: 'http://127.0.0.1:9/stop'}]}],
	},
	permissions: {allow: ['Bash(ls:*)']},
};

for (const transport of ['http', 'command']) {
	test(`a new user: install --transport ${transport}, a Claude Code session runs the hooks, eyelet query shows every event`, async t => {
		const {project, env, eyelet, userSettings} = setup(t);
		const installed = eyelet(['install', '--transport', transport]);
		assert.equal(installed.status, 0, installed.stderr);
		assert.match(installed.stdout, /installed eyelet's hooks in ~\/\.claude\/settings\.json \(user scope: every project\): added 29 events/);
		assert.match(installed.stdout, /not recorded: WorktreeCreate: /);
		if (transport === 'http') assert.match(installed.stdout, /^eyelet serve (already )?runs on http:\/\/127\.0\.0\.1:\d+\/hook/m);

		const settings = readJson(userSettings);
		assert.deepEqual(
			Object.keys(settings['hooks']),
			recordedEvents.map(event => event.name),
		);
		const payloads = fixtureLines('claude-code-sessions.jsonl');
		const runs = await runSession(settings, payloads, {cwd: project, env});
		assert.equal(runs.length, payloads.length, 'one hook per event');
		for (const run of runs) {
			// A command hook exits 0; an http hook gets an empty 200 ("no decision").
			assert.equal(run.status, run.command.startsWith('http:') ? 200 : 0, run.stderr);
			assert.equal(run.stdout, '', 'the recorder never writes to stdout, the daemon never answers with a body');
		}
		const httpRuns = runs.filter(run => run.command.startsWith('http:')).length;
		assert.equal(httpRuns > 0, transport === 'http', `${httpRuns} http runs`);

		const query = eyelet(['query', '--format', 'jsonl']);
		assert.equal(query.status, 0, query.stderr);
		const rows = parseJsonl(query.stdout);
		const sent = payloads.map(line => JSON.parse(line));
		const key = (event: {session_id: string; hook_event_name?: string; event?: string; tool_use_id?: string | null}) =>
			`${event.session_id} ${event.hook_event_name ?? event.event} ${event.tool_use_id ?? ''}`;
		assert.deepEqual(rows.map(row => key({...row, tool_use_id: row['tool_use_id']} as any)).sort(), sent.map(key).sort());
		assert.ok(rows.every(row => row['project'] === project && row['origin'] === 'hook'));
	});
}

test('paths with spaces and quotes work: the package, the project and the database', async t => {
	const home = tempDir(t);
	const pkgCli = copyPackage(join(home, `pkg dir's "copy"`));
	const project = join(home, `my project's "dir"`);
	mkdirSync(join(project, '.git'), {recursive: true});
	mkdirSync(join(project, 'sub dir'));
	const db = join(home, `data "x"`, `it's my.db`);
	const env = isolatedEnv(home);
	const install = spawnSync(process.execPath, [pkgCli, 'install', '--scope', 'project', '--db', db], {cwd: join(project, 'sub dir'), env, encoding: 'utf8'});
	assert.equal(install.status, 0, install.stderr);
	assert.match(install.stderr, /prefer --scope local/);

	const settings = readJson(join(project, '.claude', 'settings.json'));
	const [hook] = ourCommands(settings);
	assert.ok(hook.command.includes(`pkg dir'\\''s "copy"/dist/cli.cjs'`), hook.command);
	const payload = fixtureLines('claude-code-sessions.jsonl')[0]!;
	const run = await runHook(hook.command, payload, {cwd: project, env});
	assert.equal(run.status, 0, run.stderr);

	const rows = parseJsonl(runCli(['query', '--db', db], {env}).stdout);
	assert.equal(rows.length, 1);
	assert.equal(rows[0]!['session_id'], JSON.parse(payload).session_id);
});

test('install twice changes nothing: the same bytes, no second backup, no temporary files', t => {
	const {eyelet, userSettings} = setup(t);
	mkdirSync(join(userSettings, '..'));
	writeFileSync(userSettings, `${JSON.stringify(foreignSettings, null, 2)}\n`);
	assert.equal(eyelet(['install']).status, 0);
	const first = readFileSync(userSettings, 'utf8');
	const backups = siblings(join(userSettings, '..'), 'settings.json');
	assert.equal(backups.length, 1);
	const again = eyelet(['install']);
	assert.equal(again.status, 0);
	assert.match(again.stdout, /already installed .*nothing to change/);
	assert.equal(readFileSync(userSettings, 'utf8'), first);
	assert.deepEqual(siblings(join(userSettings, '..'), 'settings.json'), backups);
});

test("foreign hooks, matchers and keys stay exactly as they were, in the file's own layout; the backup holds the old bytes; the mode is kept", t => {
	const {eyelet, userSettings} = setup(t);
	mkdirSync(join(userSettings, '..'));
	const original = JSON.stringify(foreignSettings, null, 4);
	writeFileSync(userSettings, original);
	chmodSync(userSettings, 0o640);
	const result = eyelet(['install', '--transport', 'command']);
	assert.equal(result.status, 0, result.stderr);

	const text = readFileSync(userSettings, 'utf8');
	const settings = JSON.parse(text);
	// Only what changed is written: the file keeps its own 4-space layout (and its missing final newline), and the added entries follow it.
	assert.equal(text, JSON.stringify(settings, null, 4));
	assert.equal(statSync(userSettings).mode & 0o777, 0o640);
	assert.equal(settings.model, 'opus');
	assert.deepEqual(settings.permissions, foreignSettings.permissions);
	assert.deepEqual(Object.keys(settings), ['model', 'hooks', 'permissions']);
	assert.deepEqual(settings.hooks.PreToolUse[0], foreignSettings.hooks.PreToolUse[0]);
	assert.deepEqual(settings.hooks.Stop[0], foreignSettings.hooks.Stop[0]);
	assert.equal(ourCommands(settings).length, recordedEvents.length);

	const [backup] = siblings(join(userSettings, '..'), 'settings.json');
	assert.match(backup!, /^settings\.json\.eyelet-backup-\d{8}T\d{6}Z$/);
	assert.match(result.stdout, new RegExp(`backup of the previous file: ~/\\.claude/${backup!.replaceAll('.', '\\.')}`));
	assert.equal(readFileSync(join(userSettings, '..', backup!), 'utf8'), original);
});

test('a changed --db or --async updates our entries in place, and back', t => {
	const {eyelet, userSettings, home} = setup(t);
	assert.equal(eyelet(['install', '--transport', 'command']).status, 0);
	const plain = readFileSync(userSettings, 'utf8');
	const db = join(home, 'elsewhere.db');
	const changed = eyelet(['install', '--db', db, '--async']);
	assert.equal(changed.status, 0, changed.stderr);
	assert.match(changed.stdout, /updated 29 events/);
	const hooks = ourCommands(readJson(userSettings));
	assert.equal(hooks.length, recordedEvents.length);
	for (const hook of hooks) {
		assert.ok(hook.command.endsWith(` record --db '${db}'`), hook.command);
		assert.equal(hook.async, true);
		assert.equal(hook.timeout, 10);
	}
	assert.equal(eyelet(['install']).status, 0);
	assert.equal(readFileSync(userSettings, 'utf8'), plain);
});

test('a settings file that is not valid JSON is refused in one line and left untouched', t => {
	const {eyelet, userSettings} = setup(t);
	mkdirSync(join(userSettings, '..'));
	const broken = '{\n  "model": "opus",\n  "hooks": {,}\n}\n';
	writeFileSync(userSettings, broken);
	for (const command of [['install'], ['install', '--dry-run'], ['uninstall']]) {
		const result = eyelet(command);
		assert.equal(result.status, 1);
		assert.equal(result.stdout, '');
		assert.equal(result.stderr, `eyelet: ${userSettings} is not valid JSON: error at line 3, column 13\n`);
	}
	assert.equal(readFileSync(userSettings, 'utf8'), broken);
	assert.deepEqual(siblings(join(userSettings, '..'), 'settings.json'), []);
});

test('--dry-run prints the diff it would apply and writes nothing', t => {
	const {eyelet, userSettings, project} = setup(t);
	const fresh = eyelet(['install', '--dry-run']);
	assert.equal(fresh.status, 0, fresh.stderr);
	assert.match(fresh.stdout, new RegExp(`^--- /dev/null\n\\+\\+\\+ ${userSettings}\n@@ -0,0 \\+1,\\d+ @@\n\\+\\{\n\\+  "hooks": \\{\n`));
	assert.match(fresh.stdout, /dry run: nothing written/);
	assert.equal(existsSync(join(userSettings, '..')), false);

	const local = join(project, '.claude', 'settings.local.json');
	mkdirSync(join(local, '..'));
	const original = '{\n  "model": "opus"\n}\n';
	writeFileSync(local, original);
	const diff = eyelet(['install', '--scope', 'local', '--dry-run']);
	assert.match(
		diff.stdout,
		new RegExp(`^--- ${local}\n\\+\\+\\+ ${local}\n@@ -1,3 \\+1,\\d+ @@\n \\{\n-  "model": "opus"\n\\+  "model": "opus",\n\\+  "hooks": \\{\n`),
	);
	assert.equal(readFileSync(local, 'utf8'), original);
	assert.deepEqual(siblings(join(local, '..'), 'settings.local.json'), []);
});

test('uninstall gives back the file as it was before install, and leaves a file without our hooks alone', t => {
	const {eyelet, project} = setup(t);
	const path = join(project, '.claude', 'settings.local.json');
	mkdirSync(join(path, '..'));
	const original = `${JSON.stringify(foreignSettings, null, 2)}\n`;
	writeFileSync(path, original);
	assert.equal(eyelet(['install', '--scope', 'local', '--async']).status, 0);
	assert.notEqual(readFileSync(path, 'utf8'), original);
	const removed = eyelet(['uninstall', '--scope', 'local']);
	assert.equal(removed.status, 0, removed.stderr);
	assert.match(removed.stdout, /removed eyelet's hooks from 29 events in .*settings\.local\.json \(local scope\)/);
	assert.equal(readFileSync(path, 'utf8'), original);

	const nothing = eyelet(['uninstall', '--scope', 'local']);
	assert.equal(nothing.status, 0);
	assert.match(nothing.stdout, /not installed .*nothing to remove/);
	assert.equal(readFileSync(path, 'utf8'), original);
});

test('a symlinked settings file is written through the link', t => {
	const {eyelet, home, userSettings} = setup(t);
	const real = join(home, 'dotfiles', 'claude-settings.json');
	mkdirSync(join(real, '..'), {recursive: true});
	writeFileSync(real, '{"model": "opus"}');
	mkdirSync(join(userSettings, '..'));
	symlinkSync(real, userSettings);
	assert.equal(eyelet(['install', '--transport', 'command']).status, 0);
	assert.ok(lstatSync(userSettings).isSymbolicLink(), 'still a link');
	assert.equal(ourCommands(readJson(real)).length, recordedEvents.length);
	assert.deepEqual(readdirSync(join(home, 'dotfiles')), ['claude-settings.json']);
});

test('installing in a second scope warns that every event would be recorded twice; a bad --scope is one line', t => {
	const {eyelet} = setup(t);
	assert.equal(eyelet(['install']).status, 0);
	const second = eyelet(['install', '--scope', 'local']);
	assert.equal(second.status, 0);
	assert.match(second.stderr, /also installed in ~\/\.claude\/settings\.json \(user scope\): every event will be recorded twice/);
	const bad = eyelet(['install', '--scope', 'global']);
	assert.equal(bad.status, 1);
	assert.equal(bad.stderr, 'eyelet: --scope "global" is not one of user, project, local\n');
	assert.ok(cli.endsWith('cli.cjs'));
});

test('install --scope local or project never writes through a symlink that came with the repository', t => {
	const {home, project, eyelet} = setup(t);
	const outside = join(home, 'outside');
	mkdirSync(outside);
	mkdirSync(join(project, '.claude'));
	// A dangling link: writing through it would create a file outside the project.
	symlinkSync(join('..', '..', 'outside', 'planted.json'), join(project, '.claude', 'settings.local.json'));
	// A link to a file of the user's outside the project: writing through it would change that file.
	writeFileSync(join(outside, 'notes.json'), '{"mine": true}\n');
	symlinkSync(join(outside, 'notes.json'), join(project, '.claude', 'settings.json'));
	for (const [scope, file] of [
		['local', 'settings.local.json'],
		['project', 'settings.json'],
	] as const) {
		for (const args of [['install'], ['install', '--dry-run'], ['uninstall']]) {
			const result = eyelet([...args, '--scope', scope]);
			if (args[0] === 'uninstall') {
				assert.equal(result.status, 0, 'nothing to remove: nothing written');
				continue;
			}
			assert.equal(result.status, 1, `${args.join(' ')} --scope ${scope}`);
			assert.equal(result.stdout, '');
			assert.equal(
				result.stderr,
				`eyelet: ${join(project, '.claude', file)} is a symlink (to ${scope === 'local' ? join(outside, 'planted.json') : join(outside, 'notes.json')}), which may have come with the repository: eyelet does not write through it; remove the link first\n`,
			);
		}
	}
	assert.deepEqual(readdirSync(outside), ['notes.json']);
	assert.equal(readFileSync(join(outside, 'notes.json'), 'utf8'), '{"mine": true}\n');
	assert.deepEqual(readdirSync(join(project, '.claude')).sort(), ['settings.json', 'settings.local.json']);

	// A .claude folder that is itself a link out of the project.
	const other = setup(t);
	symlinkSync(outside, join(other.project, '.claude'));
	const result = other.eyelet(['install', '--scope', 'local']);
	assert.equal(result.status, 1);
	assert.match(result.stderr, /^eyelet: .*\/\.claude is a symlink, which may have come with the repository: eyelet does not write through it/);
	assert.deepEqual(readdirSync(outside), ['notes.json']);
});

test('a user settings symlink is written through only to a file of the user’s', t => {
	if ('skip' in otherUser) return t.skip(otherUser.skip);
	const {home, eyelet, userSettings} = setup(t);
	const theirs = join(home, 'shared', 'settings.json');
	mkdirSync(join(theirs, '..'));
	writeFileSync(theirs, '{}\n');
	chownSync(theirs, otherUser.uid, otherUser.gid);
	mkdirSync(join(userSettings, '..'));
	symlinkSync(theirs, userSettings);
	const result = eyelet(['install']);
	assert.equal(result.status, 1);
	assert.equal(result.stderr, `eyelet: ${userSettings} is a symlink to ${theirs}, which is not yours: eyelet does not write through it\n`);
	assert.equal(readFileSync(theirs, 'utf8'), '{}\n');
});

/** A settings file as a person writes one: a comment, a number JSON cannot hold, 1.0, tabs, keys in their order, odd spacing. */
const handWritten = `{
	// my settings, kept by hand
	"model" : "opus",
	"cleanupPeriodDays": 12345678901234567890,
	"ratio": 1.0,
	"hooks": {
		"PreToolUse": [ { "matcher": "Bash", "hooks": [ { "type": "command", "command": "guard.sh", "timeout": 5.0 } ] } ]
	},
	"env": {"B": "2", "A": "1"}
}
`;

test('install and uninstall touch only what they change: numbers, comments, key order and spacing stay byte for byte', t => {
	const {eyelet, userSettings} = setup(t);
	mkdirSync(join(userSettings, '..'));
	writeFileSync(userSettings, handWritten);
	const installed = eyelet(['install']);
	assert.equal(installed.status, 0, installed.stderr);
	const text = readFileSync(userSettings, 'utf8');
	for (const line of handWritten.split('\n').filter(line => !line.includes('"PreToolUse"') && line !== '\t},'))
		assert.ok(text.includes(line), `kept as it was: ${line}`);
	assert.ok(text.includes('"PreToolUse": [ { "matcher": "Bash", "hooks": [ { "type": "command", "command": "guard.sh", "timeout": 5.0 } ] },'), text);
	assert.match(text, /\n\t\t"SessionStart": \[\n\t\t\t\{\n\t\t\t\t"hooks": \[/, 'what is added follows the file’s own indentation');
	assert.equal(readJsonc(text).hooks.PreToolUse.length, 2);

	assert.equal(
		eyelet(['install']).stdout.split('\n')[0],
		"eyelet's hooks are already installed in ~/.claude/settings.json (user scope: every project); nothing to change",
	);
	const removed = eyelet(['uninstall']);
	assert.equal(removed.status, 0, removed.stderr);
	assert.equal(readFileSync(userSettings, 'utf8'), handWritten, 'uninstall gives back the very bytes');
});

test('duplicate "hooks" keys are refused in one line, not guessed', t => {
	const {eyelet, userSettings} = setup(t);
	mkdirSync(join(userSettings, '..'));
	const twice = '{\n  "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "notify.sh"}]}]},\n  "model": "opus",\n  "hooks": {}\n}\n';
	writeFileSync(userSettings, twice);
	for (const command of [['install'], ['install', '--dry-run']]) {
		const result = eyelet(command);
		assert.equal(result.status, 1);
		assert.equal(result.stdout, '');
		assert.equal(
			result.stderr,
			`eyelet: ${userSettings}: "hooks" appears twice; JSON keeps only the last one, so eyelet does not guess which one counts: merge them by hand first\n`,
		);
	}
	assert.equal(readFileSync(userSettings, 'utf8'), twice);
	writeFileSync(userSettings, '{"hooks": {"Stop": [], "Stop": []}}');
	assert.match(eyelet(['install']).stderr, /"hooks\.Stop" appears twice/);
});

test('install switches transports in place, keeps foreign hooks, and uninstall removes both kinds', t => {
	const {home, eyelet, userSettings} = setup(t);
	mkdirSync(join(userSettings, '..'));
	writeFileSync(userSettings, `${JSON.stringify(foreignSettings, null, 2)}\n`);
	chmodSync(userSettings, 0o644);
	const http = eyelet(['install', '--transport', 'http']);
	assert.equal(http.status, 0, http.stderr);
	assert.match(http.stdout, /transport: http, to eyelet serve at http:\/\/127\.0\.0\.1:\d+\/hook \(SessionStart, Setup, SessionEnd keep the command\)/);
	assert.match(http.stdout, /made ~\/\.claude\/settings\.json private \(0600\): it holds eyelet serve's secret/);
	assert.equal(statSync(userSettings).mode & 0o777, 0o600);
	const settings = readJson(userSettings);
	const {port, secret} = JSON.parse(readFileSync(join(home, 'data', 'eyelet', 'events.db.serve.json'), 'utf8'));
	const ours = (event: string) =>
		(settings['hooks'][event] as any[])
			.flatMap(group => group.hooks)
			.filter((hook: any) => hook.headers?.Authorization?.startsWith('Bearer eyelet_') || / record/.test(hook.command ?? ''));
	for (const event of recordedEvents.map(spec => spec.name)) {
		const [hook, ...more] = ours(event);
		assert.equal(more.length, 0, `one entry of ours for ${event}`);
		if (['SessionStart', 'SessionEnd', 'Setup'].includes(event)) {
			assert.equal(hook.type, 'command', event);
		} else {
			assert.deepEqual(hook, {type: 'http', url: `http://127.0.0.1:${port}/hook`, timeout: 10, headers: {Authorization: `Bearer ${secret}`}}, event);
		}
	}
	assert.deepEqual(settings['hooks']['PreToolUse'][0], foreignSettings.hooks.PreToolUse[0]);
	assert.deepEqual(settings['hooks']['Stop'][0], foreignSettings.hooks.Stop[0], "someone else's http hook is not ours");

	const again = eyelet(['install']);
	assert.match(again.stdout, /already installed .*nothing to change/, 'the installed transport is kept');
	const command = eyelet(['install', '--transport', 'command']);
	assert.match(command.stdout, /updated 26 events/);
	assert.equal(ourCommands(readJson(userSettings)).length, recordedEvents.length);
	assert.equal(JSON.stringify(readJson(userSettings)).includes('eyelet_'), false, 'the secret is gone with the http hooks');
	assert.equal(eyelet(['install', '--transport', 'http']).status, 0);

	const removed = eyelet(['uninstall']);
	assert.match(removed.stdout, /removed eyelet's hooks from 29 events/);
	assert.deepEqual(readJson(userSettings), foreignSettings);
});

test('--transport http is refused for a project’s shared settings, with what to do instead', t => {
	const {eyelet, project} = setup(t);
	const result = eyelet(['install', '--scope', 'project', '--transport', 'http']);
	assert.equal(result.status, 1);
	assert.equal(result.stdout, '');
	assert.match(
		result.stderr,
		/^eyelet: --transport http writes the daemon's secret into the settings file, .*: use --scope local \(or user\), or --transport command\n$/,
	);
	assert.equal(existsSync(join(project, '.claude', 'settings.json')), false);
	const bad = eyelet(['install', '--transport', 'carrier-pigeon']);
	assert.equal(bad.status, 1);
	assert.match(bad.stderr, /--transport "carrier-pigeon" is not one of command, http/);
	const shared = eyelet(['install', '--scope', 'project']);
	assert.equal(shared.status, 0, 'a project scope defaults to the command transport');
	assert.equal(ourCommands(readJson(join(project, '.claude', 'settings.json'))).length, recordedEvents.length);
});
