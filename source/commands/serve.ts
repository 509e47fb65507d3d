import {runServe} from '../serve/main.js';
import type {Command} from './command.js';

/**
 * `eyelet serve --help` comes here, through meow; every other `eyelet serve` goes from cli.cts
 * straight to the daemon's bundle. The flags are parsed there, so this only describes them.
 */
export const command: Command = {
	name: 'serve',
	summary: 'Take hook events over HTTP in one long-lived process (no Node start per event)',
	usage: `
  Usage
    $ eyelet serve [--db PATH] [--port N] [--listen ADDR] [--idle-minutes N]
    $ eyelet serve --detach      start it in the background and return
    $ eyelet serve --status      is it running, its rate, its queue (--json)

  One process per database takes Claude Code's http hooks (POST /hook, the payload as JSON) and
  stores each event exactly as \`eyelet record\` does, many per transaction. A request is answered
  once its event is committed, or spooled when the database cannot take it. Only requests that
  carry the database's secret (Authorization: Bearer ..., written by \`eyelet install
  --transport http\`) are taken. A second \`eyelet serve\` for the same database says where the
  first one runs and exits 0. It exits by itself after --idle-minutes without a request while no
  session is live (config serve.idleMinutes, default 60), and finishes what is in flight on SIGTERM.
  It writes nothing to any terminal: diagnostics go to eyelet.log beside the database.

  Options
    --db PATH          the database (default: EYELET_DB, config, ~/.local/share/eyelet/events.db)
    --port N           listen on this port instead of the one install chose for the database
    --listen ADDR      listen on ADDR instead of 127.0.0.1 (doctor warns: others can reach it)
    --idle-minutes N   exit after N minutes without a request while no session is live
    --detach           start in the background, print where it runs, return
    --status           print whether it runs, its rate and queue; exit 1 when it does not run
    --json             with --status: one JSON object
`,
	flags: {
		db: {type: 'string', shortFlag: 'd'},
		port: {type: 'number'},
		listen: {type: 'string'},
		idleMinutes: {type: 'number'},
		detach: {type: 'boolean'},
		status: {type: 'boolean'},
		json: {type: 'boolean'},
	},
	run: (_input, _flags) => runServe(process.argv.slice(3)),
};
