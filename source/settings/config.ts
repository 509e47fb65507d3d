import {readFileSync} from 'node:fs';
import type {AllowEntry, ExtraPattern} from '../events/redact.js';
import {configPath, defaultDbPath} from './paths.js';
import {durationMs, sizeBytes} from './units.js';

export interface Config {
	db: string;
	redaction: {enabled: boolean; patterns: ExtraPattern[]; allow: AllowEntry[]};
	maxPayloadBytes: number;
	retention: {olderThan: string | null; keepSize: string | null};
	/** Added to every row; a value {"env": "NAME"} is read from the recorder's environment. */
	customFields: Record<string, string | {env: string}>;
	tui: {interval: number};
	recorder: {budgetMs: number};
	/** `eyelet serve`: it exits after this many minutes without a request while no session is live. */
	serve: {idleMinutes: number};
	/** Where `eyelet serve` sends the events on: off (null) until the file says `"export": {"otlp": {...}}`. */
	export: {otlp: OtlpExportConfig | null};
}

export type PayloadExport = 'off' | 'summary' | 'full';
export const payloadExports: readonly PayloadExport[] = ['off', 'summary', 'full'];
export type OtlpProtocol = 'http/protobuf' | 'http/json';

/**
 * The team's OpenTelemetry collector. Each field the file leaves out (null) is taken from the standard
 * OTEL_EXPORTER_OTLP_* variables when the daemon runs (settings/otlp-export.ts).
 */
export interface OtlpExportConfig {
	/** The base URL (`/v1/logs` and `/v1/traces` are added), e.g. http://collector:4318. */
	endpoint: string | null;
	headers: Record<string, string> | null;
	protocol: OtlpProtocol | null;
	logs: boolean;
	traces: boolean;
	/** The redacted payload as the `eyelet.payload` attribute: not at all, its strings cut short, or whole. */
	payload: PayloadExport;
	/** The payload attribute's length at most, in characters. */
	payloadLimit: number;
	/** Resource attributes, e.g. {"host.name": "ci-runner-3"}; OTEL_RESOURCE_ATTRIBUTES fills in the others. */
	resource: Record<string, string>;
}

export type Source = 'default' | 'file' | 'env' | 'flag';

/** Every setting by its dotted name, in the order `eyelet config` lists them. */
export const settingKeys = [
	'db',
	'redaction.enabled',
	'redaction.patterns',
	'redaction.allow',
	'maxPayloadBytes',
	'retention.olderThan',
	'retention.keepSize',
	'customFields',
	'tui.interval',
	'recorder.budgetMs',
	'serve.idleMinutes',
	'export.otlp',
] as const;
export type SettingKey = (typeof settingKeys)[number];

/** The environment variable that overrides each setting, where there is one. */
export const envNames: Partial<Record<SettingKey, string>> = {
	db: 'EYELET_DB',
	'redaction.enabled': 'EYELET_REDACT',
	maxPayloadBytes: 'EYELET_MAX_PAYLOAD_BYTES',
	'retention.olderThan': 'EYELET_RETENTION_OLDER_THAN',
	'retention.keepSize': 'EYELET_RETENTION_KEEP_SIZE',
	'tui.interval': 'EYELET_TUI_INTERVAL',
	'recorder.budgetMs': 'EYELET_BUDGET_MS',
	'serve.idleMinutes': 'EYELET_SERVE_IDLE_MINUTES',
};

export interface LoadedConfig {
	config: Config;
	/** Where each setting's effective value came from. */
	sources: Record<SettingKey, Source>;
	file: string;
	/** Whether the config file exists (and could be read). */
	fileFound: boolean;
	/** A one-line problem with the config file; the defaults were used in its place. */
	error: string | null;
}

export function defaults(env: NodeJS.ProcessEnv = process.env): Config {
	return {
		db: defaultDbPath(env),
		redaction: {enabled: true, patterns: [], allow: []},
		maxPayloadBytes: 1024 * 1024,
		retention: {olderThan: null, keepSize: null},
		customFields: {},
		tui: {interval: 500},
		recorder: {budgetMs: 3000},
		serve: {idleMinutes: 60},
		export: {otlp: null},
	};
}

class ConfigError extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function expect(condition: boolean, key: string, what: string): asserts condition {
	if (!condition) throw new ConfigError(`"${key}" must be ${what}`);
}

function positiveInt(value: unknown, key: string): number {
	expect(typeof value === 'number' && Number.isInteger(value) && value > 0, key, 'a positive whole number');
	return value;
}

/** A regular expression from the file: it must compile, and must not match nothing (it would match everywhere). */
function checkPattern(pattern: string, at: string): void {
	let expression: RegExp;
	try {
		expression = new RegExp(pattern);
	} catch {
		throw new ConfigError(`"${at}" is not a valid regular expression`);
	}
	if (expression.test('')) throw new ConfigError(`"${at}" matches the empty string`);
}

/** Checks a parsed config file key by key; throws ConfigError naming the first bad key. */
function applyFile(config: Config, file: unknown, sources: Record<SettingKey, Source>): void {
	expect(isObject(file), '(top level)', 'a JSON object');
	const known = new Set(Object.keys(config));
	const from = (key: SettingKey) => (sources[key] = 'file');
	for (const [key, value] of Object.entries(file)) {
		if (!known.has(key)) throw new ConfigError(`unknown key "${key}"`);
		if ((settingKeys as readonly string[]).includes(key)) from(key as SettingKey);
		switch (key) {
			case 'db':
				expect(typeof value === 'string' && value.length > 0, key, 'a file path');
				config.db = value;
				break;
			case 'redaction': {
				expect(isObject(value), key, 'an object like {"enabled": true, "patterns": [], "allow": []}');
				if ('enabled' in value) {
					expect(typeof value['enabled'] === 'boolean', 'redaction.enabled', 'true or false');
					config.redaction.enabled = value['enabled'];
					from('redaction.enabled');
				}
				if ('patterns' in value) {
					const patterns = value['patterns'];
					expect(Array.isArray(patterns), 'redaction.patterns', 'a list of {"name", "pattern"}');
					config.redaction.patterns = patterns.map((entry, index) => {
						const at = `redaction.patterns[${index}]`;
						expect(
							isObject(entry) && typeof entry['name'] === 'string' && typeof entry['pattern'] === 'string',
							at,
							'an object {"name": "...", "pattern": "..."}',
						);
						checkPattern(entry['pattern'] as string, `${at}.pattern`);
						return {name: entry['name'] as string, pattern: entry['pattern'] as string};
					});
					from('redaction.patterns');
				}
				if ('allow' in value) {
					const allow = value['allow'];
					expect(Array.isArray(allow), 'redaction.allow', 'a list of exact values and {"pattern": "..."}');
					config.redaction.allow = allow.map((entry, index) => {
						const at = `redaction.allow[${index}]`;
						if (typeof entry === 'string' && entry !== '') return entry;
						expect(isObject(entry) && typeof entry['pattern'] === 'string', at, 'a value (a string) or {"pattern": "..."}');
						checkPattern(entry['pattern'] as string, `${at}.pattern`);
						return {pattern: entry['pattern'] as string};
					});
					from('redaction.allow');
				}
				break;
			}
			case 'maxPayloadBytes':
				config.maxPayloadBytes = positiveInt(value, key);
				break;
			case 'retention':
				expect(isObject(value), key, 'an object like {"olderThan": "30d", "keepSize": "500MB"}');
				if ('olderThan' in value) {
					const v = value['olderThan'];
					expect(v === null || (typeof v === 'string' && durationMs(v) !== null), 'retention.olderThan', 'a duration such as "30d", "12h" or null');
					config.retention.olderThan = v;
					from('retention.olderThan');
				}
				if ('keepSize' in value) {
					const v = value['keepSize'];
					expect(v === null || (typeof v === 'string' && sizeBytes(v) !== null), 'retention.keepSize', 'a size such as "500MB", "2GB" or null');
					config.retention.keepSize = v;
					from('retention.keepSize');
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
				if ('interval' in value) {
					config.tui.interval = positiveInt(value['interval'], 'tui.interval');
					from('tui.interval');
				}
				break;
			case 'recorder':
				expect(isObject(value), key, 'an object like {"budgetMs": 3000}');
				if ('budgetMs' in value) {
					config.recorder.budgetMs = positiveInt(value['budgetMs'], 'recorder.budgetMs');
					from('recorder.budgetMs');
				}
				break;
			case 'serve':
				expect(isObject(value), key, 'an object like {"idleMinutes": 60}');
				if ('idleMinutes' in value) {
					config.serve.idleMinutes = positiveInt(value['idleMinutes'], 'serve.idleMinutes');
					from('serve.idleMinutes');
				}
				break;
			case 'export':
				expect(isObject(value), key, 'an object like {"otlp": {"endpoint": "http://collector:4318"}}');
				for (const name of Object.keys(value)) if (name !== 'otlp') throw new ConfigError(`unknown key "export.${name}"`);
				if ('otlp' in value) {
					config.export.otlp = value['otlp'] === null ? null : otlpExport(value['otlp']);
					from('export.otlp');
				}
				break;
		}
	}
}

const stringMap = (value: unknown, key: string): Record<string, string> => {
	expect(isObject(value) && Object.values(value).every(entry => typeof entry === 'string'), key, 'an object of name: "value"');
	return value as Record<string, string>;
};

function otlpExport(value: unknown): OtlpExportConfig {
	const at = (name: string) => `export.otlp.${name}`;
	expect(isObject(value), 'export.otlp', 'an object like {"endpoint": "http://collector:4318"} or null');
	const out: OtlpExportConfig = {endpoint: null, headers: null, protocol: null, logs: true, traces: true, payload: 'summary', payloadLimit: 8192, resource: {}};
	for (const [name, field] of Object.entries(value)) {
		switch (name) {
			case 'endpoint':
				expect(typeof field === 'string' && /^https?:\/\/[^/\s]+/.test(field), at(name), 'an http:// or https:// URL');
				out.endpoint = field;
				break;
			case 'headers':
				out.headers = stringMap(field, at(name));
				break;
			case 'protocol':
				expect(field === 'http/protobuf' || field === 'http/json', at(name), '"http/protobuf" or "http/json"');
				out.protocol = field;
				break;
			case 'logs':
			case 'traces':
				expect(typeof field === 'boolean', at(name), 'true or false');
				out[name] = field;
				break;
			case 'payload':
				expect(payloadExports.includes(field as PayloadExport), at(name), '"off", "summary" or "full"');
				out.payload = field as PayloadExport;
				break;
			case 'payloadLimit':
				out.payloadLimit = positiveInt(field, at(name));
				break;
			case 'resource':
				out.resource = stringMap(field, at(name));
				break;
			default:
				throw new ConfigError(`unknown key "${at(name)}"`);
		}
	}
	return out;
}

function applyEnv(config: Config, env: NodeJS.ProcessEnv, sources: Record<SettingKey, Source>): void {
	const read = (key: SettingKey) => env[envNames[key]!] || undefined;
	const set = (key: SettingKey, apply: () => void) => {
		apply();
		sources[key] = 'env';
	};
	const db = read('db');
	if (db) set('db', () => (config.db = db));
	const redact = read('redaction.enabled');
	if (redact === '0' || redact === '1') set('redaction.enabled', () => (config.redaction.enabled = redact === '1'));
	const olderThan = read('retention.olderThan');
	if (olderThan && durationMs(olderThan) !== null) set('retention.olderThan', () => (config.retention.olderThan = olderThan));
	const keepSize = read('retention.keepSize');
	if (keepSize && sizeBytes(keepSize) !== null) set('retention.keepSize', () => (config.retention.keepSize = keepSize));
	const numeric: Array<[SettingKey, (n: number) => void]> = [
		['maxPayloadBytes', n => (config.maxPayloadBytes = n)],
		['recorder.budgetMs', n => (config.recorder.budgetMs = n)],
		['tui.interval', n => (config.tui.interval = n)],
		['serve.idleMinutes', n => (config.serve.idleMinutes = n)],
	];
	for (const [key, apply] of numeric) {
		const text = read(key);
		const n = Number(text);
		if (text && Number.isInteger(n) && n > 0) set(key, () => apply(n));
	}
}

/** Values given as command-line flags; each one set wins over the environment and the file. */
export interface ConfigFlags {
	db?: string | null;
	olderThan?: string | null;
	keepSize?: string | null;
	interval?: number | null;
}

export function applyFlags(loaded: LoadedConfig, flags: ConfigFlags): LoadedConfig {
	const {config, sources} = loaded;
	if (flags.db) {
		config.db = flags.db;
		sources.db = 'flag';
	}
	if (flags.olderThan) {
		config.retention.olderThan = flags.olderThan;
		sources['retention.olderThan'] = 'flag';
	}
	if (flags.keepSize) {
		config.retention.keepSize = flags.keepSize;
		sources['retention.keepSize'] = 'flag';
	}
	if (flags.interval) {
		config.tui.interval = flags.interval;
		sources['tui.interval'] = 'flag';
	}
	return loaded;
}

/**
 * Defaults, then the config file, then environment variables (flags are applied by the caller).
 * Never throws: an unreadable or invalid file yields `error` and the defaults for every key.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
	const file = configPath(env);
	let config = defaults(env);
	const allDefault = () => Object.fromEntries(settingKeys.map(key => [key, 'default' as Source])) as Record<SettingKey, Source>;
	let sources = allDefault();
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
			sources = allDefault();
		}
	}
	applyEnv(config, env, sources);
	return {config, sources, file, fileFound: text !== null, error};
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
