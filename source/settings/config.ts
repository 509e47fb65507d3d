import {readFileSync} from 'node:fs';
import {configPath, defaultDbPath} from './paths.js';

/** A user-supplied secret pattern: matches are replaced by [REDACTED:name]. */
export interface ExtraPattern {
	name: string;
	pattern: string;
}

export interface Config {
	db: string;
	redaction: {enabled: boolean; patterns: ExtraPattern[]};
	maxPayloadBytes: number;
	retention: {olderThan: string | null; keepSize: string | null};
	/** Added to every row; a value {"env": "NAME"} is read from the recorder's environment. */
	customFields: Record<string, string | {env: string}>;
	tui: {interval: number};
	recorder: {budgetMs: number};
}

export type Source = 'default' | 'file' | 'env' | 'flag';

export interface LoadedConfig {
	config: Config;
	/** Where each top-level key's effective value came from. */
	sources: Record<string, Source>;
	file: string;
	/** A one-line problem with the config file; the defaults were used in its place. */
	error: string | null;
}

export function defaults(env: NodeJS.ProcessEnv = process.env): Config {
	return {
		db: defaultDbPath(env),
		redaction: {enabled: true, patterns: []},
		maxPayloadBytes: 1024 * 1024,
		retention: {olderThan: null, keepSize: null},
		customFields: {},
		tui: {interval: 500},
		recorder: {budgetMs: 3000},
	};
}

class ConfigError extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function expect(condition: boolean, key: string, what: string): asserts condition {
	if (!condition) throw new ConfigError(`"${key}" must be ${what}`);
}

function positiveInt(value: unknown, key: string): number {
	expect(typeof value === 'number' && Number.isInteger(value) && value > 0, key, 'a positive whole number');
	return value;
}

/** Checks a parsed config file key by key; throws ConfigError naming the first bad key. */
function applyFile(config: Config, file: unknown, sources: Record<string, Source>): void {
	expect(isObject(file), '(top level)', 'a JSON object');
	const known = new Set(Object.keys(config));
	for (const [key, value] of Object.entries(file)) {
		if (!known.has(key)) throw new ConfigError(`unknown key "${key}"`);
		sources[key] = 'file';
		switch (key) {
			case 'db':
				expect(typeof value === 'string' && value.length > 0, key, 'a file path');
				config.db = value;
				break;
			case 'redaction': {
				expect(isObject(value), key, 'an object like {"enabled": true, "patterns": []}');
				if ('enabled' in value) {
					expect(typeof value['enabled'] === 'boolean', 'redaction.enabled', 'true or false');
					config.redaction.enabled = value['enabled'];
				}
				if ('patterns' in value) {
					const patterns = value['patterns'];
					expect(Array.isArray(patterns), 'redaction.patterns', 'a list of {"name", "pattern"}');
					config.redaction.patterns = patterns.map((entry, index) => {
						const at = `redaction.patterns[${index}]`;
						expect(isObject(entry) && typeof entry['name'] === 'string' && typeof entry['pattern'] === 'string', at, 'an object {"name": "...", "pattern": "..."}');
						try {
							new RegExp(entry['pattern'] as string, 'g');
						} catch {
							throw new ConfigError(`"${at}.pattern" is not a valid regular expression`);
						}
						return {name: entry['name'] as string, pattern: entry['pattern'] as string};
					});
				}
				break;
			}
			case 'maxPayloadBytes':
				config.maxPayloadBytes = positiveInt(value, key);
				break;
			case 'retention':
				expect(isObject(value), key, 'an object like {"olderThan": "30d", "keepSize": "500MB"}');
				for (const sub of ['olderThan', 'keepSize'] as const) {
					if (sub in value) {
						const v = value[sub];
						expect(v === null || typeof v === 'string', `retention.${sub}`, 'a string such as "30d" or "500MB"');
						config.retention[sub] = v;
					}
				}
				break;
			case 'customFields':
				expect(isObject(value), key, 'an object of name: value');
				for (const [name, field] of Object.entries(value)) {
					const ok = typeof field === 'string' || (isObject(field) && typeof field['env'] === 'string');
					expect(ok, `customFields.${name}`, 'a string or {"env": "VARIABLE"}');
				}
				config.customFields = value as Config['customFields'];
				break;
			case 'tui':
				expect(isObject(value), key, 'an object like {"interval": 500}');
				if ('interval' in value) config.tui.interval = positiveInt(value['interval'], 'tui.interval');
				break;
			case 'recorder':
				expect(isObject(value), key, 'an object like {"budgetMs": 3000}');
				if ('budgetMs' in value) config.recorder.budgetMs = positiveInt(value['budgetMs'], 'recorder.budgetMs');
				break;
		}
	}
}

function applyEnv(config: Config, env: NodeJS.ProcessEnv, sources: Record<string, Source>): void {
	if (env['EYELET_DB']) {
		config.db = env['EYELET_DB'];
		sources['db'] = 'env';
	}
	const redact = env['EYELET_REDACT'];
	if (redact === '0' || redact === '1') {
		config.redaction.enabled = redact === '1';
		sources['redaction'] = 'env';
	}
	const numeric: Array<[string, string, (n: number) => void]> = [
		['EYELET_MAX_PAYLOAD_BYTES', 'maxPayloadBytes', n => (config.maxPayloadBytes = n)],
		['EYELET_BUDGET_MS', 'recorder', n => (config.recorder.budgetMs = n)],
		['EYELET_TUI_INTERVAL', 'tui', n => (config.tui.interval = n)],
	];
	for (const [name, key, set] of numeric) {
		const n = Number(env[name]);
		if (env[name] && Number.isInteger(n) && n > 0) {
			set(n);
			sources[key] = 'env';
		}
	}
}

/**
 * Defaults, then the config file, then environment variables (flags are applied by the caller).
 * Never throws: an unreadable or invalid file yields `error` and the defaults for every key.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
	const file = configPath(env);
	let config = defaults(env);
	let sources: Record<string, Source> = Object.fromEntries(Object.keys(config).map(key => [key, 'default' as Source]));
	let error: string | null = null;
	let text: string | null = null;
	try {
		text = readFileSync(file, 'utf8');
	} catch (caught) {
		if ((caught as NodeJS.ErrnoException).code !== 'ENOENT') error = `cannot read config ${file}: ${(caught as Error).message}`;
	}
	if (text !== null) {
		try {
			applyFile(config, JSON.parse(text), sources);
		} catch (caught) {
			const why = caught instanceof ConfigError ? caught.message : `not valid JSON (${(caught as Error).message})`;
			error = `invalid config ${file}: ${why}; using defaults`;
			config = defaults(env);
			sources = Object.fromEntries(Object.keys(config).map(key => [key, 'default' as Source]));
		}
	}
	applyEnv(config, env, sources);
	return {config, sources, file, error};
}

/** Resolves custom field values ({"env": NAME} reads the environment); missing variables are left out. */
export function customFieldValues(fields: Config['customFields'], env: NodeJS.ProcessEnv): Record<string, string> | null {
	const out: Record<string, string> = {};
	for (const [name, field] of Object.entries(fields)) {
		const value = typeof field === 'string' ? field : env[field.env];
		if (value !== undefined) out[name] = value;
	}
	return Object.keys(out).length > 0 ? out : null;
}
