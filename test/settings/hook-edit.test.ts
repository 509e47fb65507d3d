import assert from 'node:assert/strict';
import {test} from 'node:test';
import {recordedEvents} from '../../source/events/hook-events.js';
import {SettingsError} from '../../source/settings/claude-settings.js';
import {installHooks, ourEntries, uninstallHooks, type HookSpec} from '../../source/settings/hook-edit.js';

const spec: HookSpec = {command: "'/usr/bin/node' '/opt/eyelet/dist/cli.cjs' record", timeout: 10, async: false};
const file = '/home/u/.claude/settings.json';

/** A settings object with other people's hooks, matchers and keys, in an order worth keeping. */
const foreign = () => ({
	model: 'opus',
	hooks: {
		PreToolUse: [
			{matcher: 'Bash', hooks: [{type: 'command', command: '~/bin/guard.sh', timeout: 5}]},
			{matcher: 'Edit|Write', hooks: [{type: 'command', command: 'prettier --check'}], extra: true},
		],
		Stop: [{hooks: [{type: 'http', url: 'http://localhost:9/stop'}]}],
		CustomFutureEvent: [{hooks: [{type: 'command', command: 'echo hi'}]}],
		SessionEnd: [],
	},
	permissions: {allow: ['Bash(ls:*)']},
});

test('install adds one entry per recorded event, with "*" on tool events and no matcher elsewhere', () => {
	const {settings, added} = installHooks({}, spec, file);
	assert.deepEqual(
		added,
		recordedEvents.map(event => event.name),
	);
	const hooks = settings['hooks'] as Record<string, any[]>;
	assert.deepEqual(hooks['PreToolUse'], [{matcher: '*', hooks: [{type: 'command', command: spec.command, timeout: 10}]}]);
	assert.deepEqual(hooks['SessionStart'], [{hooks: [{type: 'command', command: spec.command, timeout: 10}]}]);
	assert.equal(hooks['WorktreeCreate'], undefined);
	assert.equal(hooks['MessageDisplay'], undefined);
	assert.equal(ourEntries(settings).length, recordedEvents.length);
});

test('install keeps every foreign hook, matcher and key in place and appends its own groups after them', () => {
	const original = foreign();
	const {settings} = installHooks(original, spec, file);
	assert.deepEqual(original, foreign(), 'the input is not modified');
	const hooks = settings['hooks'] as Record<string, any[]>;
	assert.deepEqual(Object.keys(settings), ['model', 'hooks', 'permissions']);
	assert.deepEqual(Object.keys(hooks).slice(0, 4), ['PreToolUse', 'Stop', 'CustomFutureEvent', 'SessionEnd']);
	assert.deepEqual(hooks['PreToolUse']!.slice(0, 2), foreign().hooks.PreToolUse);
	assert.equal(hooks['PreToolUse']!.length, 3);
	assert.deepEqual(hooks['Stop']![0], foreign().hooks.Stop[0]);
	assert.deepEqual(hooks['CustomFutureEvent'], foreign().hooks.CustomFutureEvent);
	assert.equal(hooks['SessionEnd']!.length, 1);
});

test('install twice changes nothing; a new path or option updates the entries in place', () => {
	const once = installHooks(foreign(), spec, file).settings;
	const twice = installHooks(once, spec, file);
	assert.deepEqual(twice.settings, once);
	assert.deepEqual([twice.added, twice.updated, twice.removed], [[], [], []]);

	const moved: HookSpec = {command: "'/usr/bin/node' '/new place/dist/cli.cjs' record --db '/x.db'", timeout: 10, async: true};
	const updated = installHooks(once, moved, file);
	assert.equal(updated.updated.length, recordedEvents.length);
	const hooks = updated.settings['hooks'] as Record<string, any[]>;
	assert.equal(hooks['PreToolUse']!.length, 3, 'updated in place, not added');
	assert.deepEqual(hooks['PreToolUse']![2], {matcher: '*', hooks: [{type: 'command', command: moved.command, timeout: 10, async: true}]});
	const back = installHooks(updated.settings, spec, file).settings;
	assert.deepEqual(back, once, 'dropping --async removes the key again');
});

test('install repairs its own entries: duplicates go, its own group gets the matcher back, skipped events lose it', () => {
	const ours = {type: 'command', command: '/old/dist/cli.cjs record', statusMessage: 'kept'};
	const settings = {
		hooks: {
			PostToolUse: [
				{matcher: 'Bash', hooks: [ours]},
				{matcher: '*', hooks: [{...ours}]},
			],
			WorktreeCreate: [{hooks: [{...ours}]}, {hooks: [{type: 'command', command: 'make-worktree'}]}],
			MessageDisplay: [{hooks: [{...ours}]}],
		},
	};
	const result = installHooks(settings, spec, file);
	const hooks = result.settings['hooks'] as Record<string, any[]>;
	assert.deepEqual(hooks['PostToolUse'], [{matcher: '*', hooks: [{type: 'command', command: spec.command, statusMessage: 'kept', timeout: 10}]}]);
	assert.deepEqual(hooks['WorktreeCreate'], [{hooks: [{type: 'command', command: 'make-worktree'}]}]);
	assert.equal(hooks['MessageDisplay'], undefined);
	assert.deepEqual(result.removed, ['WorktreeCreate', 'MessageDisplay']);
});

test('our hook sharing a group with a foreign one is updated without touching the group or its neighbour', () => {
	const settings = {
		hooks: {
			PreToolUse: [
				{
					matcher: 'Bash',
					hooks: [
						{type: 'command', command: 'guard'},
						{type: 'command', command: 'eyelet record'},
					],
				},
			],
		},
	};
	const hooks = installHooks(settings, spec, file).settings['hooks'] as Record<string, any[]>;
	assert.deepEqual(hooks['PreToolUse'], [
		{
			matcher: 'Bash',
			hooks: [
				{type: 'command', command: 'guard'},
				{type: 'command', command: spec.command, timeout: 10},
			],
		},
	]);
});

test('uninstall after install gives back the original settings', () => {
	// (An event list that was already empty before install cannot be told from one install filled: it goes.)
	const {SessionEnd: _empty, ...foreignHooks} = foreign().hooks;
	for (const original of [{...foreign(), hooks: foreignHooks}, {}, {model: 'x'}, {hooks: {Stop: [{hooks: [{type: 'command', command: 'a'}]}]}}]) {
		const installed = installHooks(original, spec, file).settings;
		const removed = uninstallHooks(installed, file);
		assert.deepEqual(removed.settings, original);
		assert.equal(removed.removed.length, recordedEvents.length);
	}
});

test('uninstall removes only our entries and drops only what it empties', () => {
	const settings = {
		hooks: {
			Stop: [
				{
					hooks: [
						{type: 'command', command: 'eyelet record'},
						{type: 'command', command: 'notify-send done'},
					],
				},
			],
			PreToolUse: [{matcher: '*', hooks: [{type: 'command', command: '/x/dist/cli.cjs record'}]}],
			SessionEnd: [],
		},
	};
	const result = uninstallHooks(settings, file);
	assert.deepEqual(result.settings, {hooks: {Stop: [{hooks: [{type: 'command', command: 'notify-send done'}]}], SessionEnd: []}});
	assert.deepEqual(uninstallHooks({}, file).removed, []);
});

test('a hooks value of the wrong shape is refused, never overwritten', () => {
	assert.throws(
		() => installHooks({hooks: []}, spec, file),
		(error: Error) => error instanceof SettingsError && error.message.includes(file) && error.message.includes('"hooks"'),
	);
	assert.throws(() => installHooks({hooks: {Stop: {}}}, spec, file), /hooks\.Stop/);
	assert.throws(() => uninstallHooks({hooks: 'x'}, file), SettingsError);
});
