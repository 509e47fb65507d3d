import meow from 'meow';
import type {Command, FlagSpec} from './command.js';
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

const negativeNumber = /^-(?:\d+|\d*\.\d+)(?:e[+-]?\d+)?$/i;
const kebab = (name: string) => name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);

/**
 * The first option of `argv` that `flags` does not declare, as it was typed; null when every one is
 * known. Meow would print a bare "Unknown flag" and exit: eyelet says it in its own one line. Reads
 * as meow's parser does: --name, --name=value, --no-name, -x, a negative number is a value, and
 * nothing after -- is an option.
 */
export function unknownOption(argv: readonly string[], flags: FlagSpec): string | null {
	const names = new Set(['help', 'version']);
	const shorts = new Set<string>();
	for (const [name, flag] of Object.entries(flags)) {
		names.add(kebab(name));
		for (const alias of flag.aliases ?? []) names.add(kebab(alias));
		if (flag.shortFlag) shorts.add(flag.shortFlag);
	}
	for (const arg of argv) {
		if (arg === '--') break;
		if (!arg.startsWith('-') || arg === '-' || negativeNumber.test(arg)) continue;
		if (arg.startsWith('--')) {
			const [name = ''] = arg.slice(2).split('=');
			if (!names.has(name) && !(name.startsWith('no-') && names.has(name.slice(3)))) return `--${name}`;
		} else if (!shorts.has(arg[1]!)) return arg.slice(0, 2);
	}
	return null;
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
		const unknown = unknownOption(argv, {});
		if (unknown) {
			process.stderr.write(`eyelet: unknown option ${unknown}; run \`eyelet --help\` for the commands\n`);
			return 2;
		}
		// The overview says what eyelet is: meow is not to print package.json's description above it as well.
		meow(overview(), {importMeta: import.meta, argv, description: false});
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
	const unknown = unknownOption(argv.slice(1), command.flags);
	if (unknown) {
		process.stderr.write(`eyelet: unknown option ${unknown} for \`eyelet ${name}\`; run \`eyelet ${name} --help\` for its options\n`);
		return 2;
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
