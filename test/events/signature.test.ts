import assert from 'node:assert/strict';
import {test} from 'node:test';
import {deriveStatus} from '../../source/events/status.js';
import {commandProgram, maskVolatile, payloadSignature} from '../../source/events/signature.js';
import {errorHeadline, summarize} from '../../source/events/summary.js';
import {documentedFixture, sessionsFixture} from '../fixture-db.js';

const failures = (payloads: Array<Record<string, unknown>>) => payloads.filter(payload => payloadSignature(payload) !== null);

test('masking replaces numbers, hex, ids, paths, urls, times and quoted values', () => {
	const cases: Array<[string, string]> = [
		["ls: cannot access '/definitely/not/here': No such file or directory", 'ls: cannot access <q>: No such file or directory'],
		['File does not exist. Note: your current working directory is /home/dev/webapp.', 'File does not exist. Note: your current working directory is <path>'],
		['error TS2345: Argument of type "x" at src/a.ts:12:5', 'error TS2345: Argument of type <q> at <path>:<n>'],
		['request req_011CUzX failed at 2026-11-27T10:00:00.123Z after 3000ms', 'request <id> failed at <time> after <n>ms'],
		['HTTP 404 for https://example.com/a?b=1', 'HTTP <n> for <url>'],
		['commit 3f2a9c1d not found', 'commit <hex> not found'],
		['tool toolu_01A7x9QmBzK3pV2rT8nL4sWe session 3a09b9e4-86c9-4992-9703-0045b182d5eb agent a88c41c3307134868', 'tool <id> session <id> agent <hex>'],
		['connection to server at "localhost" (127.0.0.1), port 5432 failed', 'connection to server at <q> (<n>), port <n> failed'],
		['C:\\Users\\dana\\app.ts is locked', '<path> is locked'],
		['token AbC123dEf456GhI789jk rejected', 'token <id> rejected'],
	];
	for (const [line, masked] of cases) assert.equal(maskVolatile(line), masked, line);
});

test('masking keeps what tells failures apart', () => {
	// Error codes glued to letters, words with digits, contractions, JSON-RPC codes.
	assert.equal(maskVolatile('error E0425: cannot find value'), 'error E0425: cannot find value');
	assert.equal(maskVolatile("python3: can't open file"), "python3: can't open file");
	assert.equal(maskVolatile("don't touch 'x' or 'y'"), "don't touch <q> or <q>");
	assert.equal(maskVolatile('MCP error -32601: Method not found'), 'MCP error -32601: Method not found');
	assert.notEqual(maskVolatile('MCP error -32601: x'), maskVolatile('MCP error -32603: x'));
	assert.equal(maskVolatile('deadbeef is not hex with digits'), 'deadbeef is not hex with digits');
});

test('the headline skips tracebacks, throw sites and npm script echoes', () => {
	const python = 'Exit code 1\nTraceback (most recent call last):\n  File "a.py", line 3, in <module>\n    x = int("a")\nValueError: invalid literal';
	assert.equal(errorHeadline(python), 'Exit code 1: ValueError: invalid literal');
	const node = "Exit code 1\nnode:internal/modules/cjs/loader:1228\n  throw err;\n  ^\n\nError: Cannot find module 'express'\nRequire stack:";
	assert.equal(errorHeadline(node), "Exit code 1: Error: Cannot find module 'express'");
	assert.equal(errorHeadline('Exit code 1\n\n> app@1.0.0 test\n> jest\n\nFAIL src/a.test.ts'), 'Exit code 1: FAIL src/a.test.ts');
	assert.equal(errorHeadline('Exit code 3'), 'Exit code 3');
	assert.equal(errorHeadline('String to replace not found in file.\nString: x'), 'String to replace not found in file.');
});

test('a silent Bash failure is told apart by its program', () => {
	assert.equal(commandProgram('cd app && FOO=1 npm test | tail'), 'npm');
	assert.equal(commandProgram('timeout 30 ./scripts/check.sh'), 'check.sh');
	assert.equal(commandProgram('(cd x && make)'), 'make');
	const failure = (command: string) => ({
		hook_event_name: 'PostToolUseFailure',
		session_id: 's',
		tool_name: 'Bash',
		tool_input: {command},
		error: 'Exit code 1',
	});
	assert.equal(payloadSignature(failure('grep -rn foo src')), 'Bash: Exit code <n> from grep');
	assert.equal(payloadSignature(failure('grep -q bar lib')), payloadSignature(failure('grep -rn foo src')));
	assert.notEqual(payloadSignature(failure('npm test')), payloadSignature(failure('grep foo')));
});

test('the fixture corpus gives one signature per distinct failure', () => {
	const signatures = [...sessionsFixture(), ...documentedFixture()].map(payloadSignature).filter(Boolean);
	assert.deepEqual(
		new Set(signatures),
		new Set([
			'Read: File does not exist. Note: your current working directory is <path>',
			'Bash: Exit code <n>: ls: cannot access <q>: No such file or directory',
			'Bash: Exit code <n> from exit',
			'Edit: String to replace not found in file.',
			'Bash: Exit code <n>: Error: Cannot find module <q>',
			'Bash: Exit code <n>: psql: error: connection to server at <q> (<n>), port <n> failed: Connection refused',
			'Bash: Request interrupted by user',
			'mcp__github__create_issue: MCP error -32603: GitHub API <n>: Resource not accessible by integration',
			'StopFailure: rate_limit',
			'StopFailure: overloaded',
			'StopFailure: max_output_tokens',
		]),
	);
	// The real Edit rejection (batch only) and the documented PostToolUseFailure are one group.
	assert.equal(signatures.filter(signature => signature === 'Edit: String to replace not found in file.').length, 2);
});

test('repeats of each fixture failure with other paths, numbers and ids group with it', () => {
	const vary = (text: string) =>
		text
			.replace(/\/home\/dev\/webapp/g, '/srv/other/project')
			.replace(/\/definitely\/not\/here/g, '/var/tmp/gone-42')
			.replace(/(?<!MCP error -|\d)\d+/g, digits => String((Number(digits.slice(0, 6)) + 7) % 1000))
			.replace(/'express'/g, "'left-pad'")
			.replace(/toolu_\w+/g, 'toolu_01ZZZ');
	for (const payload of failures([...sessionsFixture(), ...documentedFixture()])) {
		const variant = JSON.parse(vary(JSON.stringify(payload))) as Record<string, unknown>;
		assert.equal(payloadSignature(variant), payloadSignature(payload), JSON.stringify(payload).slice(0, 160));
	}
});

test('distinct fixture failures stay in distinct groups', () => {
	const byEvent = failures(sessionsFixture());
	const read = byEvent.find(payload => payload['tool_name'] === 'Read')!;
	const bash = byEvent.filter(payload => payload['tool_name'] === 'Bash');
	assert.equal(bash.length, 2);
	assert.notEqual(payloadSignature(bash[0]!), payloadSignature(bash[1]!));
	assert.notEqual(payloadSignature(read), payloadSignature(bash[0]!));
	// The same error text from two tools is two groups.
	assert.notEqual(payloadSignature({...read, tool_name: 'Write'}), payloadSignature(read));
});

test('a batch whose call Claude Code rejected before running it is an error', () => {
	const batches = sessionsFixture().filter(payload => payload['hook_event_name'] === 'PostToolBatch');
	const batch = batches.find(payload => JSON.stringify(payload).includes('tool_use_error'))!;
	assert.equal(deriveStatus(batch), 'error');
	assert.equal(summarize(batch), '1 call: Edit · Edit rejected: String to replace not found in file.');
	for (const payload of batches.filter(payload => payload !== batch)) {
		assert.equal(deriveStatus(payload), 'ok');
		assert.equal(payloadSignature(payload), null);
	}
});
