import {eventPayload} from '../store/events.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {dbFlag, openExistingReader, resolveDbPath} from './shared.js';

async function writeBytes(bytes: Buffer | string): Promise<void> {
	if (bytes.length === 0) return;
	await new Promise<void>(resolve => {
		if (process.stdout.write(bytes)) resolve();
		else process.stdout.once('drain', resolve);
	});
}

export const command: Command = {
	name: 'replay',
	summary: "Write an event's stored payload to stdout, to feed a hook by hand",
	usage: `
  Usage
    $ eyelet replay <id> [--db PATH]

  Writes the payload exactly as stored (redacted, as JSON) with nothing around it, so
  \`eyelet replay 42 | ./my-hook.sh\` runs a hook on the same input again. For input that was
  not JSON, writes the raw bytes that were kept. Ids are those of \`eyelet query\` and \`eyelet tail\`.

  Examples
    $ eyelet replay 42 | ./my-hook.sh; echo "exit $?"
    $ eyelet replay 42 | jq .tool_input
`,
	flags: {...dbFlag},
	async run(input, flags) {
		const [id, ...extra] = input;
		if (id === undefined || extra.length > 0) throw new UserError('give one event id: eyelet replay <id>', 2);
		if (!/^\d+$/.test(id)) throw new UserError(`"${id}" is not an event id: ids are whole numbers, as in \`eyelet query\``, 2);
		const db = openExistingReader(resolveDbPath(flags));
		let stored: ReturnType<typeof eventPayload>;
		try {
			stored = eventPayload(db, Number(id));
		} finally {
			db.close();
		}
		if (!stored) throw new UserError(`no event ${id} in ${resolveDbPath(flags)}`);
		await writeBytes(stored.payload ?? stored.raw ?? '');
		// Keep a terminal's prompt on its own line; a pipe gets the bytes alone.
		if (process.stdout.isTTY) await writeBytes('\n');
		return 0;
	},
};
