import {neutralize} from '../events/neutralize.js';
import {isTransient} from '../store/sqlite-errors.js';
import type {ReadDb} from '../store/db.js';
import {AmbiguousGroupError, findSignature, groupId} from '../store/error-groups.js';
import {applyTriage, applyUndo, type TriageAction, triageActions, type TriageChange, triageRecord} from '../store/triage.js';
import type {Command} from './command.js';
import {UserError} from './user-error.js';
import {dbFlag, openExistingReader, resolveDbPath} from './shared.js';

/** The signature behind a group id (or prefix) or a signature, or a one-line error naming what to do. */
export function signatureFor(db: ReadDb, ref: string): string {
	let signature: string | null;
	try {
		signature = findSignature(db, ref);
	} catch (error) {
		if (!(error instanceof AmbiguousGroupError)) throw error;
		throw new UserError(
			`"${neutralize(ref, true)}" matches ${error.matches.length} error groups (${error.matches.map(groupId).join(', ')}): give more of the id`,
		);
	}
	if (signature === null) throw new UserError(`no error group "${neutralize(ref, true)}": run \`eyelet errors --all\` for the ids`);
	return signature;
}

const label = (signature: string) => `${groupId(signature)} ${neutralize(signature, true)}`;
const done: Record<TriageAction, string> = {ack: 'acknowledged', mute: 'muted', resolve: 'resolved', reopen: 'reopened'};

function describeUndo(change: TriageChange): string {
	return `undid ${change.before?.state ?? 'open'} on ${label(change.signature)}: now ${change.after?.state ?? 'open'}`;
}

/** Turns lock contention that outlasted the retries into a one-line error. */
function writing<T>(path: string, write: () => T): T {
	try {
		return write();
	} catch (error) {
		if (isTransient(error)) throw new UserError(`${path} stayed busy: try again`);
		throw new UserError(`cannot write ${path}: ${(error as Error).message}`);
	}
}

export const command: Command = {
	name: 'triage',
	summary: 'Acknowledge, mute, resolve or reopen an error group; undo the last change',
	usage: `
  Usage
    $ eyelet triage ack|mute|resolve|reopen <group>...
    $ eyelet triage undo [<group>]

  <group> is an id from \`eyelet errors\` (or a unique prefix of 4+ characters), or a full signature
  (quoted). Each change is one step of undo.

    ack       acknowledge: the occurrences so far are seen; new ones show as new
    mute      hide the group from \`eyelet errors\`, the error pane and the error counts
    resolve   mark it fixed: a new occurrence reopens it as a regression
    reopen    back to open
    undo      undo the newest change (of that group, when given), made here or in the TUI

  Options
    --db PATH     database (default: EYELET_DB, config, ~/.local/share/eyelet/events.db)
`,
	flags: {...dbFlag},
	run(input, flags) {
		const [action, ...refs] = input;
		const path = resolveDbPath(flags);
		if (action === 'undo') {
			if (refs.length > 1) throw new UserError('undo takes at most one group');
			const signature = refs[0] === undefined ? undefined : withReader(path, db => signatureFor(db, refs[0]!));
			const change = writing(path, () => applyUndo(path, signature === undefined ? {} : {signature}));
			console.log(change ? describeUndo(change) : 'nothing to undo');
			return 0;
		}
		if (!triageActions.includes(action as TriageAction))
			throw new UserError(`"${neutralize(action ?? '', true)}" is not one of ${[...triageActions, 'undo'].join(', ')}`);
		if (refs.length === 0) throw new UserError(`which group? \`eyelet triage ${action} <id>\`, ids from \`eyelet errors\``);
		// Every group is checked before any is changed, so a typo changes nothing.
		const signatures = withReader(path, db => refs.map(ref => signatureFor(db, ref)));
		for (const signature of signatures) {
			const change = writing(path, () => applyTriage(path, signature, action as TriageAction));
			if (change) console.log(`${done[action as TriageAction]} ${label(signature)}`);
			else console.log(`${label(signature)} is already ${withReader(path, db => triageRecord(db, signature)?.state ?? 'open')}`);
		}
		return 0;
	},
};

function withReader<T>(path: string, fn: (db: ReadDb) => T): T {
	const db = openExistingReader(path);
	try {
		return fn(db);
	} finally {
		db.close();
	}
}
