// tsc does not copy package.json files: mark the compiled record-path folders as CommonJS, as in source/.
import {copyFileSync, existsSync, readdirSync} from 'node:fs';
import {join} from 'node:path';

const [sourceDir, outDir] = process.argv.slice(2);
for (const folder of readdirSync(sourceDir)) {
	const marker = join(sourceDir, folder, 'package.json');
	if (existsSync(marker) && existsSync(join(outDir, folder))) copyFileSync(marker, join(outDir, folder, 'package.json'));
}
