import {readdirSync, type Stats, statSync} from 'node:fs';
import {hostname} from 'node:os';
import {join, resolve} from 'node:path';
import {neutralize} from '../events/neutralize.js';
import {createRedactor} from '../events/redact.js';
import {harvestTranscript, type HarvestOptions} from '../recorder/harvest.js';
import {deliveryTarget} from '../recorder/harvest-step.js';
import {rebuildMissedDeliveries} from '../recorder/rebuild.js';
import {customFieldValues, loadConfig} from '../settings/config.js';
import {claudeProjectsDir} from '../settings/paths.js';
import {openWriter, type WriteDb} from '../store/db.js';
import {migrate} from '../store/migrate.js';
import {rebuildPending, transcriptState} from '../store/transcripts.js';
import {formatBytes} from '../settings/units.js';
import {byteProgress} from './byte-progress.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {dbFlag, resolveDbPath} from './shared.js';

/** Transcript files under the given files and folders: folders are searched for *.jsonl (symlinked folders are not followed). */
export function transcriptFiles(paths: readonly string[]): string[] {
	const found = new Set<string>();
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (entry.name.endsWith('.jsonl') && (entry.isFile() || entry.isSymbolicLink())) found.add(path);
		}
	};
	for (const given of paths) {
		const path = resolve(given);
		let stat: Stats;
		try {
			stat = statSync(path);
		} catch {
			throw new UserError(`no such file or folder: ${neutralize(given, true)}`);
		}
		if (stat.isDirectory()) walk(path);
		else found.add(path);
	}
	return [...found];
}

/** A subagent's transcript (`<session>/subagents/agent-<id>.jsonl`) belongs to its session's (`<session>.jsonl`). */
function mainTranscriptOf(path: string): string {
	const match = /^(.*)\/([^/]+)\/subagents\/[^/]+\.jsonl$/.exec(path);
	return match ? join(match[1]!, `${match[2]}.jsonl`) : path;
}

/** Bytes not yet harvested in a file: all of it, unless a harvest already read some of this same file. */
function pendingBytes(db: WriteDb, path: string): number {
	try {
		const size = statSync(path).size;
		const state = transcriptState(db, path);
		return state && state.position <= size ? size - state.position : size;
	} catch {
		return 0;
	}
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export const command: Command = {
	name: 'harvest',
	summary: 'Store the hook failures written in Claude Code transcripts',
	usage: `
  Usage
    $ eyelet harvest [PATH...] [--db PATH]

  Reads Claude Code session transcripts and stores every hook failure they record as a HookFailure
  event: the hook command, its exit code or that it blocked, its stderr, and the tool call it guarded.
  PATH is a transcript file or a folder searched for *.jsonl (default: ~/.claude/projects, or
  $CLAUDE_CONFIG_DIR/projects).

  The recorder does this by itself at the end of each turn; run this once to bring in the history.
  Reading resumes where the last harvest stopped, so running it again adds nothing.

  Options
    --db PATH    database (default: EYELET_DB, config, ~/.local/share/eyelet/events.db)
`,
	flags: {...dbFlag},
	run(input, flags) {
		process.umask(0o077);
		const defaultRoot = claudeProjectsDir();
		if (input.length === 0) {
			try {
				statSync(defaultRoot);
			} catch {
				throw new UserError(`no Claude Code transcripts at ${defaultRoot}: pass transcript files or folders`);
			}
		}
		const files = transcriptFiles(input.length ? input : [defaultRoot]);
		const {config, error} = loadConfig();
		if (error) process.stderr.write(`eyelet: ${error}\n`);
		const dbPath = resolveDbPath(flags);
		let db: WriteDb;
		try {
			db = openWriter(dbPath);
			migrate(db);
		} catch (caught) {
			throw new UserError(`cannot write ${dbPath}: ${(caught as Error).message}`);
		}
		try {
			const custom = customFieldValues(config.customFields, process.env);
			const options: HarvestOptions = {
				normalize: {redactor: config.redaction.enabled ? createRedactor(config.redaction) : null, maxPayloadBytes: config.maxPayloadBytes},
				row: {project: null, hostname: hostname(), gitBranch: null, gitCommit: null, custom: custom ? JSON.stringify(custom) : null},
				maxBytes: Number.POSITIVE_INFINITY,
				deadline: Number.POSITIVE_INFINITY,
				delivery: deliveryTarget(dbPath),
			};
			// Main transcripts with failed deliveries to eyelet serve (a subagent's count for its session's).
			const missed = new Set<string>();
			const pending = files.map(path => pendingBytes(db, path));
			const progress = byteProgress(
				'harvest',
				pending.reduce((sum, bytes) => sum + bytes, 0),
			);
			const totals = {read: 0, grown: 0, restarted: 0, found: 0, added: 0, malformed: 0};
			const unreadable: string[] = [];
			files.forEach((path, index) => {
				const note = `${index + 1}/${files.length} files`;
				try {
					const result = harvestTranscript(db, path, {...options, onProgress: bytes => progress.update(totals.read + bytes, note)});
					totals.read += result.position - result.from;
					if (result.outcome === 'read') totals.grown++;
					if (result.restarted) totals.restarted++;
					totals.found += result.found;
					totals.added += result.added;
					totals.malformed += result.malformed;
					if (result.deliveries > 0 || (options.delivery && rebuildPending(db, path))) missed.add(mainTranscriptOf(path));
				} catch (caught) {
					unreadable.push(`${path}: ${(caught as Error).message}`);
				}
				progress.update(totals.read, note);
			});
			progress.done();
			const rebuilt = {failed: 0, added: 0};
			for (const path of missed) {
				if (!options.delivery) break;
				try {
					const result = rebuildMissedDeliveries(db, path, {...options, target: options.delivery, maxBytes: Number.POSITIVE_INFINITY});
					rebuilt.failed += result.failed;
					rebuilt.added += result.added;
				} catch (caught) {
					unreadable.push(`${path}: ${(caught as Error).message}`);
				}
			}
			for (const problem of unreadable) process.stderr.write(`eyelet: cannot harvest ${neutralize(problem, true)}\n`);
			const head = `${plural(files.length, 'transcript')}`;
			const rebuiltNote = missed.size
				? `; ${plural(rebuilt.added, 'missed event')} rebuilt (${rebuilt.failed} deliveries to eyelet serve failed in ${plural(missed.size, 'session')})`
				: '';
			if (totals.grown === 0 && totals.restarted === 0 && !rebuilt.added) console.log(`${head}, nothing new since the last harvest`);
			else {
				const restarted = totals.restarted ? `, ${totals.restarted} replaced or shrunk and read again` : '';
				const malformed = totals.malformed ? `; ${plural(totals.malformed, 'malformed line')} skipped` : '';
				console.log(
					`${head} (${totals.grown} with new lines${restarted}), ${formatBytes(totals.read)} read: ${plural(totals.added, 'new hook failure')} (${totals.found} found)${rebuiltNote}${malformed}`,
				);
			}
			return unreadable.length ? 1 : 0;
		} finally {
			db.close();
		}
	},
};
