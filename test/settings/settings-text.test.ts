import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parse} from 'jsonc-parser';
import {installHooks, type HookSpec, uninstallHooks} from '../../source/settings/hook-edit.js';
import {editedSettingsText, formattingOf} from '../../source/settings/settings-text.js';

const spec: HookSpec = {command: "'/usr/bin/node' '/opt/eyelet/dist/cli.cjs' record", timeout: 10, async: false};

/** install then uninstall through the text, as the commands do; returns both texts. */
function roundTrip(text: string): {installed: string; removed: string} {
	const data = parse(text);
	const install = installHooks(data, spec, 'f');
	const installed = editedSettingsText(text, data, install.settings, install.origins);
	assert.deepEqual(parse(installed), install.settings, 'the text says what the edit made');
	const after = parse(installed);
	const uninstall = uninstallHooks(after, 'f');
	return {installed, removed: editedSettingsText(installed, after, uninstall.settings, uninstall.origins)};
}

test('install then uninstall gives back the same bytes, whatever the layout', () => {
	const same = [
		'{}\n',
		'{}',
		'{\n  "model": "opus"\n}\n',
		'{\r\n    "model": "opus",\r\n    "hooks": {\r\n        "Stop": [\r\n            {"hooks": [{"type": "command", "command": "notify.sh"}]}\r\n        ]\r\n    }\r\n}\r\n',
		'{\n\t/* kept */ "a": 1e400,\n\t"hooks": {\n\t\t// before Stop\n\t\t"Stop": [ { "hooks": [ { "type": "command", "command": "x" } ] } ]\n\t}\n}\n',
	];
	// An event list that was empty before install cannot be told from one install filled: it goes (hook-edit's rule), and the hooks it leaves empty.
	const emptied: Array<[string, string]> = [['{"model":"opus","hooks":{"SessionEnd":[]},"n":1.50}', '{"model":"opus","n":1.50}']];
	for (const [text, expected] of [...same.map(text => [text, text] as [string, string]), ...emptied]) {
		const {installed, removed} = roundTrip(text);
		assert.notEqual(installed, text);
		assert.equal(removed, expected, JSON.stringify(text));
	}
});

test('what is added follows the file: its indentation, its line ends, one line where its neighbours are on one', () => {
	const crlf = roundTrip('{\r\n    "model": "opus"\r\n}\r\n').installed;
	assert.ok(!/[^\r]\n/.test(crlf), 'only CRLF line ends');
	assert.match(crlf, /\r\n {4}"hooks": \{\r\n {8}"SessionStart": \[\r\n {12}\{\r\n {16}"hooks": \[/);
	const oneLine = roundTrip('{"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "x"}]}]}}').installed;
	assert.ok(oneLine.startsWith('{"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "x"}]}, { "hooks": [ { "type": "command", "command": '), oneLine);
	assert.deepEqual(formattingOf('{\n\t"a": 1\n}'), {tabSize: 1, insertSpaces: false, eol: '\n'});
});
