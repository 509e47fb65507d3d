import {terminalJson} from '../events/neutralize.js';
import {builtInRules} from '../events/redact.js';
import {type Config, envNames, type SettingKey, settingKeys, type Source} from '../settings/config.js';
import type {Command} from './command.js';
import {dbFlag, commandConfig, writeOut} from './shared.js';

/** A setting's value by its dotted name. */
function settingValue(config: Config, key: SettingKey): unknown {
	return key.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown>)[part], config);
}

function describeSource(key: SettingKey, source: Source): string {
	if (source === 'env') return `env ${envNames[key]}`;
	if (source === 'flag') return 'flag';
	return source;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/** What redaction applies: the built-in rules, and what the user added or exempted. */
function redactionSummary(redaction: Config['redaction']): string {
	if (!redaction.enabled) return 'redaction: off';
	const allowed = redaction.allow.filter(entry => typeof entry === 'string').length;
	const patterns = redaction.allow.length - allowed;
	const yours = redaction.patterns.map(({name}) => name).join(', ');
	return [
		`redaction: ${plural(builtInRules.length, 'built-in rule')}`,
		redaction.patterns.length ? `${plural(redaction.patterns.length, 'rule')} of yours (${yours})` : 'no rules of yours',
		`allowlist: ${plural(allowed, 'value')}, ${plural(patterns, 'pattern')}`,
	].join('; ');
}

/** The export's headers hold the collector's credentials: their names are shown, never their values. */
function withoutSecrets(config: Config): Config {
	const otlp = config.export.otlp;
	if (!otlp?.headers) return config;
	const headers = Object.fromEntries(Object.keys(otlp.headers).map(name => [name, '(hidden)']));
	return {...config, export: {otlp: {...otlp, headers}}};
}

const shown = (value: unknown) => (typeof value === 'string' ? value : value === null ? '(none)' : JSON.stringify(value));

export const command: Command = {
	name: 'config',
	summary: 'Show the effective settings and where each came from',
	usage: `
  Usage
    $ eyelet config [--json] [--db PATH]

  Lists every setting with its effective value and its source: default, file (the config file),
  env (the variable named), or flag. Flags win over environment variables, which win over the file.
  The last line counts the redaction rules: built in, yours (redaction.patterns), and the allowlist
  (redaction.allow: values never redacted).

  The file is $XDG_CONFIG_HOME/eyelet/config.json (~/.config/eyelet/config.json; EYELET_CONFIG
  names another). Exits 1 when the file is invalid: the line on stderr names the key at fault.

  Options
    --json            one JSON object: {file, found, error, values, sources, redaction}
    --db PATH         show the database path as if given to another command
`,
	flags: {...dbFlag, json: {type: 'boolean', default: false}},
	async run(_input, flags) {
		const loaded = commandConfig({db: typeof flags['db'] === 'string' ? flags['db'] : null});
		const {sources, file, fileFound, error} = loaded;
		const config = withoutSecrets(loaded.config);
		if (flags['json']) {
			const redaction = {builtInRules: builtInRules.length, patterns: config.redaction.patterns.length, allow: config.redaction.allow.length};
			await writeOut(`${terminalJson({file, found: fileFound, error, values: config, sources, redaction}, 2)}\n`);
			return error ? 1 : 0;
		}
		const status = error ? 'invalid, using defaults' : fileFound ? 'loaded' : 'not found, using defaults';
		const width = Math.max(...settingKeys.map(key => key.length));
		const rows = settingKeys.map(key => ({key, value: shown(settingValue(config, key)), source: describeSource(key, sources[key])}));
		const valueWidth = Math.min(60, Math.max(...rows.map(row => row.value.length)));
		const lines = [`config file: ${file} (${status})`, ''];
		for (const row of rows) lines.push(`${row.key.padEnd(width)}  ${row.value.padEnd(valueWidth)}  ${row.source}`);
		lines.push('', redactionSummary(config.redaction));
		await writeOut(`${lines.join('\n')}\n`);
		return error ? 1 : 0;
	},
};
