import {basename} from 'node:path';
import {customFieldValues} from '../settings/config.js';
import {type ImportSummary, runImport, type SourceSummary} from '../import/run.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {commandConfig, dbFlag, openWriterFor, writeOut} from './shared.js';
import {terminalJson} from '../events/neutralize.js';

// Rows per write transaction. Each commit syncs and checkpoints, so bigger batches import faster;
// a hook arriving meanwhile waits for the one in progress: 2,500 rows hold the lock ~0.1 s.
const batchSize = 2500;
const listedInvalid = 20;
const number = (n: number) => n.toLocaleString('en-US');

/** A progress line on stderr, redrawn at most ten times a second. */
function progressBar(): {update: (summary: ImportSummary, current: SourceSummary | null) => void; end: () => void} {
	if (!process.stderr.isTTY) return {update: () => {}, end: () => {}};
	let drawn = 0;
	return {
		update(summary, current) {
			const now = Date.now();
			if (!current || now - drawn < 100) return;
			drawn = now;
			const fraction = current.units > 0 ? Math.min(1, current.unitsDone / current.units) : 0;
			const width = 24;
			const filled = Math.round(fraction * width);
			const index = summary.sources.indexOf(current) + 1;
			const rate = summary.elapsedMs > 0 ? Math.round(((summary.imported + summary.duplicates) / summary.elapsedMs) * 1000) : 0;
			const name = basename(current.path).slice(0, 30);
			process.stderr.write(
				`\r\u001b[K[${index}/${summary.sources.length}] ${name} ▕${'█'.repeat(filled)}${'░'.repeat(width - filled)}▏ ${Math.floor(fraction * 100)}%  ${number(summary.imported)} new  ${number(rate)}/s`,
			);
		},
		end: () => process.stderr.write('\r\u001b[K'),
	};
}

const kindNames = {jsonl: 'JSONL', 'json-logs': 'Python eyelet JSON logs', 'python-db': 'Python eyelet database'};

/** ["line 3", "line 9"] → "lines 3, 9"; ["id 4"] → "id 4"; file paths as they are. */
export function listPlaces(places: string[]): string {
	for (const [prefix, plural] of [
		['line ', 'lines '],
		['id ', 'ids '],
	]) {
		if (places.length > 1 && places.every(place => place.startsWith(prefix!))) return plural + places.map(place => place.slice(prefix!.length)).join(', ');
	}
	return places.join(', ');
}

/** The human summary: totals, then one line per source, then where the invalid entries are. */
export function formatSummary(summary: ImportSummary): string {
	const seconds = summary.elapsedMs / 1000;
	const rate = seconds > 0 ? Math.round((summary.imported + summary.duplicates) / seconds) : 0;
	const lines = [
		`imported ${number(summary.imported)} events, skipped ${number(summary.duplicates)} duplicates, ${number(summary.invalid)} invalid (${seconds.toFixed(1)} s, ${number(rate)} entries/s)`,
	];
	for (const source of summary.sources) {
		if (source.problem && source.kind === null) {
			lines.push(`  ${source.path}: not imported: ${source.problem}`);
			continue;
		}
		lines.push(`  ${source.path} (${kindNames[source.kind!]}): ${number(source.imported)} new, ${number(source.duplicates)} duplicates`);
		if (source.invalid.length > 0) {
			const shown = listPlaces(source.invalid.slice(0, listedInvalid));
			const more = source.invalid.length > listedInvalid ? ` and ${number(source.invalid.length - listedInvalid)} more` : '';
			lines.push(`    ${number(source.invalid.length)} invalid, stored with status invalid: ${shown}${more}`);
		}
		if (source.problem) lines.push(`    stopped early: ${source.problem}`);
	}
	return `${lines.join('\n')}\n`;
}

export const command: Command = {
	name: 'import',
	summary: 'Bring in history: JSONL payloads, Python eyelet logs and databases',
	usage: `
  Usage
    $ eyelet import PATH... [--db PATH] [--json]

  Each PATH is one of:
    a JSONL file        one hook payload per line (a capture, another logger, or the output of
                        \`eyelet query --format jsonl\` from another machine)
    a directory         the Python eyelet's JSON logs: {hook}/{tool}/{date}/*.json, each record
                        holding the hook payload under input_data
    an SQLite file      the Python eyelet's database (its hooks table, the record in data)

  Entries get the recorder's normalisation and redaction. The time, host, project and git branch
  come from the source where it has them (JSONL lines without one get the file's modification
  time). Importing the same source again adds nothing. Lines that are not usable payloads are
  stored as invalid events and listed. Writes go in short batches, so running recorders are not
  held up. A progress bar shows on a terminal.

  Options
    --json            print the summary as JSON
    --db PATH         database to import into

  Examples
    $ eyelet import ~/captures/hooks.jsonl
    $ eyelet import ~/src/app/eyelet-hooks ~/.local/share/eyelet/eyelet.db
`,
	flags: {...dbFlag, json: {type: 'boolean', default: false}},
	async run(input, flags) {
		if (input.length === 0) throw new UserError('give at least one file or directory to import: eyelet import PATH...', 2);
		process.umask(0o077);
		const {config} = commandConfig({db: typeof flags['db'] === 'string' ? flags['db'] : null});
		const custom = customFieldValues(config.customFields, process.env);
		const db = openWriterFor(config.db, {create: true});
		const progress = progressBar();
		let summary: ImportSummary;
		try {
			summary = await runImport(
				db,
				{paths: input, redaction: config.redaction, maxPayloadBytes: config.maxPayloadBytes, custom: custom ? JSON.stringify(custom) : null, batchSize},
				progress.update,
			);
		} catch (error) {
			throw new UserError(`import stopped: ${(error as Error).message}; what was written stays, and running it again skips it`);
		} finally {
			progress.end();
			db.close();
		}
		if (flags['json']) {
			const sources = summary.sources.map(({units: _units, unitsDone: _done, ...source}) => source);
			await writeOut(`${terminalJson({...summary, sources}, 2)}\n`);
		} else await writeOut(formatSummary(summary));
		return summary.sources.some(source => source.problem) ? 1 : 0;
	},
};
