// `npm run bench`: every bench/*.bench.mjs in turn, each in its own process.
import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let failed = 0;
for (const file of readdirSync(here).filter(name => name.endsWith('.bench.mjs')).sort()) {
	console.log(`\n== ${file}`);
	const result = spawnSync(process.execPath, [join(here, file)], {stdio: 'inherit'});
	if (result.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
