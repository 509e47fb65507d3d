// Preloaded with --require: records every module file the process loads, CommonJS and ESM, into
// the file named by TRACE_LOADS, so a test can prove what `eyelet record` does not load.
const {appendFileSync} = require('node:fs');
const Module = require('node:module');
const out = process.env.TRACE_LOADS;
const load = Module._load;
Module._load = function (request, parent, isMain) {
	const loaded = load.apply(this, arguments);
	try {
		appendFileSync(out, `cjs ${Module._resolveFilename(request, parent, isMain)}\n`);
	} catch {}
	return loaded;
};
Module.register?.(
	'data:text/javascript,' +
		encodeURIComponent(
			`import {appendFileSync} from 'node:fs';export async function resolve(s, c, next) {const r = await next(s, c); appendFileSync(${JSON.stringify(out)}, 'esm ' + r.url + '\\n'); return r;}`,
		),
);
