// The peer of the export bench: the OpenTelemetry SDK's OTLP log exporter alone, as eyelet drives it
// (dist/serve/export/sdk.js: one batch of 1,000 in flight), sending COUNT log records made beforehand
// in memory from the database's first rows. What eyelet adds on top is reading the rows and mapping them.
//   node export-sdk-floor.mjs DB PORT COUNT     prints {records, seconds, rate}
import {createRedactor} from '../../dist/events/redact.js';
import {logRecordOf} from '../../dist/serve/export/logs.js';
import {logSender} from '../../dist/serve/export/sdk.js';
import {defaults} from '../../dist/settings/config.js';
import {openReader} from '../../dist/store/db.js';
import {eventsAfter} from '../../dist/store/export.js';

const [dbPath, port, count] = process.argv.slice(2);
const db = openReader(dbPath);
const redactor = createRedactor(defaults().redaction);
const mapping = {payload: 'summary', payloadLimit: 8192, redactor, hostName: null, userId: () => null};
const templates = eventsAfter(db, 0, Number.MAX_SAFE_INTEGER, 1000, true).map(row => logRecordOf(row, mapping));
db.close();
const records = Array.from({length: Number(count)}, (_, i) => templates[i % templates.length]);
const sender = logSender({url: `http://127.0.0.1:${port}/v1/logs`, headers: {}, protocol: 'http/protobuf', from: 'bench'}, {'service.name': 'eyelet'}, 'bench');
const started = performance.now();
for (let at = 0; at < records.length; at += 1000) {
	const result = await sender.send(records.slice(at, at + 1000));
	if (!result.ok) throw new Error(result.error);
}
const seconds = (performance.now() - started) / 1000;
await sender.shutdown();
console.log(JSON.stringify({records: records.length, seconds, rate: records.length / seconds}));
