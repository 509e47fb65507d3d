// The benchmark database: `count` realistic events (default one million) made by the demo generator
// through the real recorder path, built once and cached under bench/.work/. Other benchmarks import this.
//
//   import {millionDb} from './lib/million.mjs';
//   const path = await millionDb();          // 1,000,000 events
//   const small = await millionDb(50_000);   // a smaller one, cached separately
//
// Open it read-only (or copy it first): it is shared by every benchmark.
import {existsSync, mkdirSync, renameSync, rmSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {buildBulkDatabase} from '../../dist/demo/bulk.js';

// Bump when the generator changes what it writes, so stale caches are rebuilt.
const generatorVersion = 3;
const work = join(dirname(fileURLToPath(import.meta.url)), '..', '.work');

export async function millionDb(count = 1_000_000) {
	const path = join(work, `events-${count}-v${generatorVersion}.db`);
	if (existsSync(path)) return path;
	mkdirSync(work, {recursive: true, mode: 0o700});
	const building = `${path}.building-${process.pid}`;
	const started = performance.now();
	let shown = 0;
	await buildBulkDatabase(building, join(work, 'projects'), {
		count,
		// A fixed end time keeps the database identical from one build to the next.
		endTs: Date.UTC(2026, 10, 27, 12, 0, 0),
		onProgress(written) {
			if (process.stderr.isTTY && written - shown >= count / 20) {
				shown = written;
				process.stderr.write(`\rbench: building ${count.toLocaleString('en')} events: ${Math.round((written / count) * 100)}%`);
			}
		},
	});
	for (const suffix of ['-wal', '-shm']) rmSync(building + suffix, {force: true});
	renameSync(building, path);
	const seconds = ((performance.now() - started) / 1000).toFixed(0);
	process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}bench: built ${path} (${count.toLocaleString('en')} events) in ${seconds} s\n`);
	return path;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	console.log(await millionDb(process.argv[2] ? Number(process.argv[2]) : undefined));
}
