import {sparkline} from '../events/sparkline.js';
import {type ErrorGroup, type ErrorGroupList, errorGroups} from '../store/error-groups.js';
import type {Command} from './command.js';
import {dbFlag, openExistingReader, resolveDbPath, writeOut} from './shared.js';
import {age, textTable} from './text-table.js';
import {isoTime} from './time.js';
import {terminalJson} from '../events/neutralize.js';

/** The state column: a regression says so, whatever the stored decision. */
export const shownState = (group: ErrorGroup): string => (group.regression ? 'regression' : group.state);

/** One group as the stable JSON object scripts rely on. */
export function groupJson(group: ErrorGroup, list: ErrorGroupList) {
	return {
		id: group.id,
		signature: group.signature,
		state: group.state,
		regression: group.regression,
		occurrences: group.occurrences,
		new: group.fresh,
		sessions: group.sessions,
		projects: group.projects,
		first_seen: isoTime(group.firstTs),
		last_seen: isoTime(group.lastTs),
		first_id: group.firstId,
		last_id: group.lastId,
		last_summary: group.lastSummary,
		last_session_id: group.lastSessionId,
		last_project: group.lastProject,
		triaged_at: group.triage ? isoTime(group.triage.changedTs) : null,
		sparkline: {since: isoTime(list.window.since), bucket_ms: list.window.bucketMs, counts: group.sparkline},
	};
}

export function groupsTable(groups: readonly ErrorGroup[], now = Date.now()): string {
	return textTable(groups, [
		{heading: 'ID', cell: group => group.id},
		{heading: 'STATE', cell: shownState},
		{heading: 'COUNT', cell: group => String(group.occurrences), align: 'right'},
		{heading: 'NEW', cell: group => (group.fresh ? String(group.fresh) : ''), align: 'right'},
		{heading: 'SESSIONS', cell: group => String(group.sessions), align: 'right'},
		{heading: 'LAST SEEN', cell: group => age(group.lastTs, now)},
		{heading: 'LAST 24H', cell: group => sparkline(group.sparkline)},
		{heading: 'SIGNATURE', cell: group => group.signature},
	]);
}

export const command: Command = {
	name: 'errors',
	summary: 'Failures grouped by signature, with counts and triage state',
	usage: `
  Usage
    $ eyelet errors [--all] [--json]

  One line per error group: failures (status error or invalid) whose signatures match, the signature
  being the tool plus the first line of the error with numbers, ids, hex, paths and quoted values
  masked. Groups with new, unacknowledged occurrences come first (regressions of resolved groups at
  the top); muted groups are hidden. The ID column is what \`eyelet triage\` takes.

  Options
    --all         include muted groups
    --json        a JSON array of groups (id, signature, state, regression, occurrences, new,
                  sessions, projects, first_seen, last_seen, last_summary, sparkline, ...)
    --db PATH     database (default: EYELET_DB, config, ~/.local/share/eyelet/events.db)
`,
	flags: {...dbFlag, all: {type: 'boolean', default: false}, json: {type: 'boolean', default: false}},
	async run(_input, flags) {
		const db = openExistingReader(resolveDbPath(flags));
		try {
			// The table's sparkline has 12 two-hour bars, to leave the signature room; JSON has 24 hourly counts.
			const sparkline = flags['json'] ? {} : {bucketMs: 2 * 3_600_000, buckets: 12};
			const list = errorGroups(db, {includeMuted: flags['all'] === true, sparkline});
			if (flags['json']) {
				await writeOut(
					`${terminalJson(
						list.groups.map(group => groupJson(group, list)),
						2,
					)}\n`,
				);
				return 0;
			}
			const hidden = list.mutedHidden ? `${list.mutedHidden} muted group${list.mutedHidden === 1 ? '' : 's'} hidden (--all shows them)\n` : '';
			if (list.groups.length === 0) {
				await writeOut(`no errors recorded${hidden ? `; ${hidden}` : '\n'}`);
				return 0;
			}
			await writeOut(`${groupsTable(list.groups)}\n${hidden}`);
			return 0;
		} finally {
			db.close();
		}
	},
};
