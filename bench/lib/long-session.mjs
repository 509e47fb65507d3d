// The benchmark database with one long session in it. The demo sessions of millionDb() run 1 to 5 prompts
// (a few hundred events at most), so a copy of it gets one more session of at least `minEvents` events,
// made by the same generator (a DemoSession told to run more prompts) and written through the same
// recorder path (DemoRecorder: eventFromBytes, insertEvents, with the database's triggers).
// It runs alongside seven ordinary sessions, as the builder's worlds do, so its rows are spread among
// theirs the way a long session's are, not packed together. Built once and cached next to the base.
//
//   import {longSessionDb} from './lib/long-session.mjs';
//   const {path, sessionId, events} = await longSessionDb(2000);          // on the 1,000,000-event database
//   const small = await longSessionDb(2000, 50_000);                      // on a smaller one
import {copyFileSync, existsSync, renameSync, rmSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {seededRng} from '../../dist/demo/corpus.js';
import {DemoSession, DemoWorld} from '../../dist/demo/generator.js';
import {DemoRecorder, prepareProjects} from '../../dist/demo/record.js';
import {openReader, openWriter} from '../../dist/store/db.js';
import {millionDb} from './million.mjs';

// Bump when what this appends changes; the base's own version is in its file name, which this one extends.
const recipeVersion = 1;
const longSeed = 2026;
const worldSeed = 11;
const meanGapMs = 1000;

/** The fewest prompts that make a session of at least minEvents events from this seed (sessions are cheap to make). */
function promptsFor(minEvents, project) {
	for (let prompts = 1; ; prompts++) {
		const session = new DemoSession(seededRng(longSeed), project, {prompts});
		let events = 0;
		while (session.next()) events++;
		if (events >= minEvents) return prompts;
	}
}

/** Appends the long session, interleaved with a world of seven ordinary ones, after the newest event. */
function appendLongSession(path, projects, minEvents) {
	const db = openWriter(path);
	try {
		const recorder = new DemoRecorder();
		const long = new DemoSession(seededRng(longSeed), projects[0], {prompts: promptsFor(minEvents, projects[0])});
		const rng = seededRng(worldSeed);
		const world = new DemoWorld(rng, projects, 7);
		let ts = db.value('SELECT max(ts) FROM events');
		for (let done = false; !done; ) {
			const events = [];
			while (events.length < 5000) {
				ts += Math.max(1, Math.round(-Math.log(1 - rng()) * meanGapMs));
				// One event in eight is the long session's: it is one of eight sessions running at once.
				if (rng() < 1 / 8) {
					const payload = long.next();
					if (!payload) {
						done = true;
						break;
					}
					events.push({event: {payload, project: long.project}, ts});
				} else events.push({event: world.next(), ts});
			}
			recorder.write(db, events);
		}
		db.pragma('wal_checkpoint(TRUNCATE)');
		return long.id;
	} finally {
		db.close();
	}
}

/** {path, sessionId, events}: millionDb(count) plus a session of at least minEvents events. */
export async function longSessionDb(minEvents = 2000, count = 1_000_000) {
	const base = await millionDb(count);
	const path = join(dirname(base), basename(base).replace(/\.db$/, `-long${minEvents}-v${recipeVersion}.db`));
	if (!existsSync(path)) {
		const started = performance.now();
		const building = `${path}.building-${process.pid}`;
		copyFileSync(base, building);
		const projects = prepareProjects(join(dirname(base), 'projects'));
		appendLongSession(building, projects, minEvents);
		for (const suffix of ['-wal', '-shm']) rmSync(building + suffix, {force: true});
		renameSync(building, path);
		process.stderr.write(`bench: built ${path} (a ${minEvents}-event session added) in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
	}
	const db = openReader(path);
	try {
		// The long session is the biggest one: the demo's others stay in the hundreds.
		const longest = db.get('SELECT session_id, events FROM sessions ORDER BY events DESC LIMIT 1');
		return {path, sessionId: longest.session_id, events: longest.events};
	} finally {
		db.close();
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	console.log(await longSessionDb(process.argv[2] ? Number(process.argv[2]) : undefined));
}
