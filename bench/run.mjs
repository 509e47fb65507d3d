// `npm run bench`: every bench/*.bench.mjs in turn, each in its own process. Fails only if one is broken.
import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
let broken = 0;
for (const file of readdirSync(dir).filter(name => name.endsWith('.bench.mjs')).sort()) {
	console.log(`\n== ${file}`);
	const result = spawnSync(process.execPath, [join(dir, file), ...process.argv.slice(2)], {stdio: 'inherit'});
	if (result.status !== 0) broken++;
}
process.exitCode = broken ? 1 : 0;
