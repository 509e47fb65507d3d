import {openWriter, type WriteDb} from '../store/db.js';
import {type Rng, seededRng} from './corpus.js';
import {DemoWorld} from './generator.js';
import {DemoRecorder} from './record.js';

/**
 * Records generated events into `path` at a lively pace until stopped: the writer behind `eyelet demo`.
 * Runs in its own process, as real recorders do, so the viewer reads a database someone else writes.
 */
export function feedDemo(path: string, projects: string[], options: {seed?: number; meanGapMs?: number} = {}): () => void {
	const rng: Rng = seededRng(options.seed ?? Date.now());
	const world = new DemoWorld(rng, projects, 5);
	const recorder = new DemoRecorder();
	const meanGapMs = options.meanGapMs ?? 350;
	let db: WriteDb | null = null;
	let timer: NodeJS.Timeout | undefined;
	const step = () => {
		try {
			db ??= openWriter(path, {busyTimeoutMs: 1000});
			// Sometimes a burst (a parallel batch finishing), usually one event.
			const burst = rng() < 0.15 ? 2 + Math.floor(rng() * 4) : 1;
			recorder.write(
				db,
				Array.from({length: burst}, () => ({event: world.next(), ts: Date.now()})),
			);
		} catch {
			// A locked database: try again on the next step, as the recorder would retry.
		}
		timer = setTimeout(step, Math.round(-Math.log(1 - rng()) * meanGapMs));
	};
	step();
	return () => {
		clearTimeout(timer);
		db?.close();
	};
}

// As a child process: `node feed.js DB PROJECT...`; stops when the parent goes away.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
	const [path, ...projects] = process.argv.slice(2);
	const stop = feedDemo(path!, projects);
	const quit = () => {
		stop();
		process.exit(0);
	};
	process.on('disconnect', quit);
	process.on('SIGTERM', quit);
}
