import meow from 'meow';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {commands} from './index.js';

function overview(): string {
	const width = Math.max(...Object.keys(commands).map(name => name.length), 'record'.length);
	const lines = [['record', 'Store one hook payload from stdin (run by Claude Code)'], ...Object.entries(commands).map(([name, {summary}]) => [name, summary])];
	return `
  Record every Claude Code hook event into SQLite; watch, triage and query them.

  Usage
    $ eyelet <command> [options]

  Commands
${lines.map(([name, summary]) => `    ${name!.padEnd(width)}  ${summary}`).join('\n')}

  Run \`eyelet <command> --help\` for a command's options.
`;
}

function fail(error: unknown): number {
	if (error instanceof UserError) {
		process.stderr.write(`eyelet: ${error.message}\n`);
		return error.exitCode;
	}
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`eyelet: unexpected error: ${message.split('\n')[0]}\n`);
	if (process.env['EYELET_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
	return 1;
}

/** Every command but `record`: find it, parse its flags with meow, run it, turn errors into one line. */
export async function main(argv: string[]): Promise<number> {
	const name = argv[0] && !argv[0].startsWith('-') ? argv[0] : null;
	if (name === null) {
		if (argv.length === 0 && process.stdin.isTTY && process.stdout.isTTY && commands['tui']) return main(['tui']);
		meow(overview(), {importMeta: import.meta, argv});
		process.stdout.write(`${overview()}\n`);
		return argv.length === 0 ? 0 : 2;
	}
	const entry = commands[name];
	if (!entry) {
		process.stderr.write(`eyelet: unknown command "${name}"; run \`eyelet --help\` for the list\n`);
		return 2;
	}
	let command: Command;
	try {
		command = await entry.load();
	} catch (error) {
		return fail(error);
	}
	const cli = meow(command.usage, {
		importMeta: import.meta,
		argv: argv.slice(1),
		description: command.summary,
		flags: command.flags,
		allowUnknownFlags: false,
	});
	try {
		return await command.run(cli.input, cli.flags as Record<string, unknown>);
	} catch (error) {
		return fail(error);
	}
}
