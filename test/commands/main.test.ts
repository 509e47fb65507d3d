import assert from 'node:assert/strict';
import {test} from 'node:test';
import {commands} from '../../source/commands/index.js';
import {isolatedEnv, runCli, tempDir} from '../helpers.js';

test('eyelet --help says what eyelet is once, then its commands', t => {
	const result = runCli(['--help'], {env: isolatedEnv(tempDir(t))});
	assert.equal(result.status, 0);
	assert.equal(result.stdout.match(/Record every Claude Code hook event/g)?.length, 1, result.stdout);
	assert.match(result.stdout, /Commands\n {4}record +Store one hook payload/);
});

test('an unknown option is one line naming it, with the command help hint, for every command', t => {
	const env = isolatedEnv(tempDir(t));
	for (const name of Object.keys(commands)) {
		const result = runCli([name, '--bogus', 'x'], {env});
		assert.deepEqual(
			[result.status, result.stderr, result.stdout],
			[2, `eyelet: unknown option --bogus for \`eyelet ${name}\`; run \`eyelet ${name} --help\` for its options\n`, ''],
			name,
		);
	}
	const short = runCli(['tail', '-q'], {env});
	assert.equal(short.stderr, 'eyelet: unknown option -q for `eyelet tail`; run `eyelet tail --help` for its options\n');
	const top = runCli(['--bogus'], {env});
	assert.deepEqual([top.status, top.stderr, top.stdout], [2, 'eyelet: unknown option --bogus; run `eyelet --help` for the commands\n', '']);
});

test('known options in every spelling still parse: --name=value, --no-name, short flags, negative numbers after --', t => {
	const env = isolatedEnv(tempDir(t));
	const missing = (args: string[]) => runCli(args, {env}).stderr;
	// Each gets past the option check and fails on the missing database, as it should.
	assert.match(missing(['query', '--db=/nowhere/x.db', '--limit', '3']), /^eyelet: no database at \/nowhere\/x\.db/);
	assert.match(missing(['tail', '-n', '5', '-d', '/nowhere/x.db']), /^eyelet: no database at \/nowhere\/x\.db/);
	assert.match(missing(['errors', '--no-json', '--db', '/nowhere/x.db']), /^eyelet: no database at \/nowhere\/x\.db/);
	assert.match(missing(['query', '--search', 'a', '--db', '/nowhere/x.db', '--', '--not-an-option']), /^eyelet: no database at/);
});
