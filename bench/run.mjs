// `npm run bench`: runs every bench/*.bench.mjs in turn, each printing figures as ratios against a
// peer measured in the same run. BENCH_QUICK=1 shrinks the heavy loads for a fast check.
import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
	.filter(name => name.endsWith('.bench.mjs'))
	.filter(name => only.length === 0 || only.some(part => name.includes(part)))
	.sort();
let failed = 0;
for (const file of files) {
	console.log(`\n=== ${file} (${new Date().toISOString()})`);
	const result = spawnSync(process.execPath, [join(here, file)], {stdio: 'inherit'});
	if (result.status !== 0) {
		failed++;
		console.log(`!!! ${file} failed (exit ${result.status})`);
	}
}
process.exit(failed ? 1 : 0);
