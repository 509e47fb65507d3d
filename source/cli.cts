#!/usr/bin/env node
// Dispatch only. `record` runs on every hook, so it goes straight to the recorder and loads nothing
// else: no meow, no ink, no react. Every tool call of every agent pays this start-up, so the record
// path (events/, store/, recorder/, settings/) is CommonJS, bundled by the build into one file,
// dist/record.cjs: Node 20's ESM loader and a 30-module load each added ~25 ms per hook (measured).
// Everything else is ESM, loaded by import().
const args = process.argv.slice(2);

if (args[0] === 'record') {
	try {
		const {runRecord} = require('./record.cjs') as typeof import('./recorder/main.js');
		process.exitCode = runRecord(args.slice(1));
	} catch (error) {
		// Unreachable in normal use (runRecord catches its own failures); still never disturb Claude Code.
		if (args.includes('--verbose')) process.stderr.write(`eyelet record: ${(error as Error).message}\n`);
		process.exitCode = args.includes('--strict') ? 1 : 0;
	}
} else if (args[0] === 'serve' && !args.includes('--help') && !args.includes('-h')) {
	// The daemon, bundled like the recorder (dist/serve.cjs): it must listen within a few hundred ms of
	// a SessionStart starting it, and it never needs meow, ink or react.
	const {runServe} = require('./serve.cjs') as typeof import('./serve/main.js');
	runServe(args.slice(1)).then(
		code => {
			process.exitCode = code;
		},
		(error: Error) => {
			process.stderr.write(`eyelet serve: ${error.message}\n`);
			process.exitCode = 1;
		},
	);
} else {
	import('./commands/main.js').then(
		async ({main}) => {
			process.exitCode = await main(args);
		},
		(error: Error) => {
			process.stderr.write(`eyelet: cannot start: ${error.message}\n`);
			process.exitCode = 1;
		},
	);
}
