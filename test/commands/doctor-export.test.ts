import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {bearer, exportingHome, health, startCollector, until, waitExported} from '../export-helpers.js';
import {fixtureLines, runCliAsync, withReader} from '../helpers.js';
import {serveHome, startServe} from '../serve-helpers.js';

interface DoctorLine {
	name: string;
	status: string;
	message: string;
}

async function doctorExport(env: NodeJS.ProcessEnv, db: string): Promise<DoctorLine[]> {
	const result = await runCliAsync(['doctor', '--json', '--db', db], {env});
	assert.equal(result.stderr, '', 'no stack trace, nothing on stderr');
	return (JSON.parse(result.stdout).checks as DoctorLine[]).filter(line => line.name === 'export');
}

const newestId = (db: string) => withReader(db, reader => reader.value<number>('SELECT max(id) FROM events') ?? 0);

test('doctor shows the export: its lag while it runs, its last error while the collector is down, the backlog while the daemon is', async t => {
	const collector = await startCollector(t);
	const machine = exportingHome(t, `http://127.0.0.1:${collector.daemon.port}`, {headers: bearer(collector.daemon.secret), traces: false});
	const daemon = await startServe(machine.env, machine.db);
	t.after(() => daemon.child.kill('SIGKILL'));
	const lines = fixtureLines('claude-code-sessions.jsonl');
	for (const line of lines.slice(0, 5)) assert.equal((await daemon.hook(line)).status, 200);
	await waitExported(daemon, newestId(machine.db));

	const [running] = await doctorExport(machine.env, machine.db);
	assert.equal(running?.status, 'ok', running?.message);
	assert.match(running!.message, new RegExp(`^to http://127\\.0\\.0\\.1:${collector.daemon.port}: lag \\d+\\.\\d s; 5 log records acknowledged, last at `));

	collector.daemon.child.kill('SIGKILL');
	await collector.daemon.exited;
	for (const line of lines.slice(5, 8)) assert.equal((await daemon.hook(line)).status, 200);
	// The SDK retries a refused connection for up to its 10 s timeout before it reports the failure.
	await until(async () => (await health(daemon))['export'].lastError, 30_000, 'the export to fail');
	const [failing] = await doctorExport(machine.env, machine.db);
	assert.equal(failing?.status, 'warn', failing?.message);
	assert.match(failing!.message, /lag \d.* \(3 events waiting\); 5 log records acknowledged.*; failing: .+ at \d{4}-/);

	daemon.child.kill('SIGTERM');
	await daemon.exited;
	const [down] = await doctorExport(machine.env, machine.db);
	assert.equal(down?.status, 'warn', down?.message);
	assert.match(down!.message, /eyelet serve is not running .*: nothing is exported meanwhile; 3 events wait \(lag .+\); last error: .+ at \d{4}-/);
});

test('doctor: a misconfigured export is one failing line; no export, no line', async t => {
	const home = serveHome(t);
	mkdirSync(join(home.home, 'config', 'eyelet'), {recursive: true});
	const {OTEL_EXPORTER_OTLP_ENDPOINT: _endpoint, OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: _logs, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: _traces, ...env} = home.env;
	assert.deepEqual(await doctorExport(env, home.db), [], 'off: doctor says nothing of it');

	writeFileSync(join(home.home, 'config', 'eyelet', 'config.json'), JSON.stringify({export: {otlp: {payload: 'full'}}}));
	const result = await runCliAsync(['doctor', '--json', '--db', home.db], {env});
	assert.equal(result.status, 1, 'a failing check');
	const lines = (JSON.parse(result.stdout).checks as DoctorLine[]).filter(line => line.name === 'export');
	assert.deepEqual(lines, [
		{
			name: 'export',
			status: 'fail',
			message: 'export.otlp in the config: export.otlp has no endpoint: set "endpoint" in it, or OTEL_EXPORTER_OTLP_ENDPOINT',
			fixable: false,
		},
	]);
});

test('doctor --fix restarts a daemon that started before export was configured, and the export begins', async t => {
	const collector = await startCollector(t);
	const machine = serveHome(t);
	const daemon = await startServe(machine.env, machine.db);
	t.after(() => daemon.child.kill('SIGKILL'));
	for (const line of fixtureLines('claude-code-sessions.jsonl').slice(0, 3)) assert.equal((await daemon.hook(line)).status, 200);
	mkdirSync(join(machine.env['XDG_CONFIG_HOME']!, 'eyelet'), {recursive: true});
	writeFileSync(
		join(machine.env['XDG_CONFIG_HOME']!, 'eyelet', 'config.json'),
		JSON.stringify({export: {otlp: {endpoint: `http://127.0.0.1:${collector.daemon.port}`, headers: bearer(collector.daemon.secret), traces: false}}}),
	);

	const [stale] = await doctorExport(machine.env, machine.db);
	assert.equal(stale?.status, 'warn');
	assert.match(stale!.message, /started without it: --fix restarts it$/);

	const fixed = await runCliAsync(['doctor', '--fix', '--json', '--db', machine.db], {env: machine.env});
	const report = JSON.parse(fixed.stdout) as {fixes: Array<{name: string; result: string; ok: boolean}>};
	const fix = report.fixes.find(entry => entry.name === 'export');
	assert.ok(fix?.ok, JSON.stringify(report.fixes));
	assert.match(fix!.result, /^restarted eyelet serve: eyelet serve runs on http:\/\/127\.0\.0\.1:\d+\/hook/);
	await daemon.exited;
	// The new daemon exports from the cursor it creates: what comes after it arrives at the collector.
	await until(async () => (await doctorExport(machine.env, machine.db))[0]?.status === 'ok', 20_000, 'the export to run');
});
