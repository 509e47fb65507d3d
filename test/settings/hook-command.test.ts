import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {test} from 'node:test';
import {parseRecordCommand, recordCommand, shellQuote, shellWords} from '../../source/settings/hook-command.js';

const awkward = ["/home/a b/eyelet's/dist/cli.cjs", 'it\'s "quoted" $HOME `id` \\ *', "'", "''", '', 'tab\there', 'new\nline', 'ünïcödé ✓'];

test('shellQuote: sh reads every quoted argument back exactly', () => {
	const script = `printf '%s\\0' ${awkward.map(shellQuote).join(' ')}`;
	const result = spawnSync('/bin/sh', ['-c', script], {encoding: 'utf8'});
	assert.equal(result.status, 0, result.stderr);
	assert.deepEqual(result.stdout.split('\0').slice(0, -1), awkward);
});

test('shellWords splits what recordCommand writes back into its arguments', () => {
	for (const path of awkward.filter(Boolean)) {
		const command = recordCommand({node: '/usr/bin/node', cli: `/x/${path}/dist/cli.cjs`, db: path});
		assert.deepEqual(shellWords(command), ['/usr/bin/node', `/x/${path}/dist/cli.cjs`, 'record', '--db', path]);
	}
	assert.deepEqual(shellWords(`a "b \\" c" d\\ e 'f'g`), ['a', 'b " c', 'd e', 'fg']);
});

test('shellWords refuses shell syntax it does not model, so such commands are never taken as ours', () => {
	for (const command of [
		'eyelet record | tee x',
		'eyelet record; rm -rf x',
		'eyelet record > log',
		'$EYELET record',
		'a "$(id)"',
		"unterminated 'quote",
		'x &&y',
	]) {
		assert.equal(shellWords(command), null, command);
	}
});

test('parseRecordCommand recognises eyelet record commands wherever eyelet lives', () => {
	assert.deepEqual(parseRecordCommand(recordCommand({node: '/n/node', cli: '/a b/dist/cli.cjs', db: '/d b.db'})), {
		node: '/n/node',
		cli: '/a b/dist/cli.cjs',
		db: '/d b.db',
		exact: true,
	});
	assert.deepEqual(parseRecordCommand('/old/eyelet/dist/cli.cjs record'), {node: null, cli: '/old/eyelet/dist/cli.cjs', db: null, exact: true});
	assert.deepEqual(parseRecordCommand('eyelet record --db=/x.db'), {node: null, cli: 'eyelet', db: '/x.db', exact: false});
	assert.deepEqual(parseRecordCommand('EYELET_REDACT=1 node /p/dist/cli.js record --db /a --db /b'), {
		node: 'node',
		cli: '/p/dist/cli.js',
		db: '/b',
		exact: false,
	});
	assert.deepEqual(parseRecordCommand(recordCommand({node: '/opt/some runtime', cli: '/p/dist/cli.cjs', db: null}))?.node, '/opt/some runtime');
	assert.deepEqual(parseRecordCommand("node '/p/dist/cli.cjs' record --verbose"), {node: 'node', cli: '/p/dist/cli.cjs', db: null, exact: false});
});

test('only the command install writes is exact: no VAR= prefix, absolute paths, nothing but --db PATH', () => {
	const exact = (command: string) => parseRecordCommand(command)?.exact;
	assert.equal(exact("'/usr/bin/node' '/opt/eyelet/dist/cli.cjs' record --db '/d.db'"), true);
	assert.equal(exact("NODE_OPTIONS=--require=./x.cjs '/usr/bin/node' '/opt/eyelet/dist/cli.cjs' record"), false);
	assert.equal(exact("node '/opt/eyelet/dist/cli.cjs' record"), false, 'node found through PATH');
	assert.equal(exact("'/usr/bin/node' 'dist/cli.cjs' record"), false, 'a script relative to the current folder');
	assert.equal(exact("'/usr/bin/node' '/opt/eyelet/dist/cli.cjs' record --db"), false);
	assert.equal(exact("'/usr/bin/node' '/opt/eyelet/dist/cli.cjs' record --db /a --db /b"), false);
	assert.equal(exact("'/usr/bin/node' '/opt/eyelet/dist/cli.cjs' record --budget-ms 5"), false);
});

test('parseRecordCommand leaves other commands alone', () => {
	for (const command of [
		'record',
		'node /p/cli.cjs record',
		'/p/dist/cli.cjs query',
		'python3 ~/hooks/record.py',
		'my-recorder record',
		'/p/dist/cli.cjs record | tee',
		'echo eyelet record',
		'A=1',
		'',
	]) {
		assert.equal(parseRecordCommand(command), null, command);
	}
});
