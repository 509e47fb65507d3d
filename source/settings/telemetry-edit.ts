import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {configPath} from './paths.js';
import {type Origins, trackedClone} from './settings-text.js';

/**
 * Claude Code's OpenTelemetry export pointed at `eyelet serve`: the `env` block of the user settings
 * (verified with 2.1.332: the same block in a project's settings does not turn telemetry on). Edits
 * of a parsed settings object, like hook-edit.ts: they change the copy they are given (a tracked
 * clone, so applyEdit rewrites only the bytes that changed; after the hooks' edit when it is the same
 * file). What install added is remembered in eyelet's config folder, so uninstall takes out exactly
 * that, and only while it is still what install wrote.
 */

type Json = Record<string, unknown>;

export interface TelemetryTarget {
	/** The daemon's base URL: Claude Code appends /v1/logs, /v1/traces, /v1/metrics. */
	endpoint: string;
	secret: string;
}

/** Every key install sets. No protocol: the client's default, http/protobuf, is what it sends best. */
export function telemetryEnv(target: TelemetryTarget): Record<string, string> {
	return {
		CLAUDE_CODE_ENABLE_TELEMETRY: '1',
		OTEL_LOGS_EXPORTER: 'otlp',
		OTEL_METRICS_EXPORTER: 'otlp',
		OTEL_TRACES_EXPORTER: 'otlp',
		// Traces (permission waits, tool spans) are behind this flag in 2.1.332.
		CLAUDE_CODE_ENHANCED_TELEMETRY_BETA: '1',
		OTEL_EXPORTER_OTLP_ENDPOINT: target.endpoint,
		OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${target.secret}`,
	};
}

/** Endpoints a user may already export to: any of them means a collector of theirs, which stays. */
const endpointKeys = [
	'OTEL_EXPORTER_OTLP_ENDPOINT',
	'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT',
	'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
	'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
];

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const loopback = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d+\/?$/;
const ours = (key: string, value: unknown) =>
	(key === 'OTEL_EXPORTER_OTLP_ENDPOINT' && typeof value === 'string' && loopback.test(value)) ||
	(key === 'OTEL_EXPORTER_OTLP_HEADERS' && typeof value === 'string' && /^Authorization=Bearer eyelet_[0-9a-f]{64}$/.test(value));

export type TelemetryWiring =
	| {kind: 'none'}
	| {kind: 'eyelet'; endpoint: string}
	/** The user exports to a collector of their own: eyelet does not take its place. */
	| {kind: 'collector'; key: string; endpoint: string};

/** Where the settings' env sends Claude Code's telemetry: nowhere, to an eyelet daemon, or to the user's own collector. */
export function telemetryWiring(settings: Json, env: NodeJS.ProcessEnv = {}): TelemetryWiring {
	const block = isObject(settings['env']) ? settings['env'] : {};
	for (const key of endpointKeys) {
		const value = block[key] ?? env[key];
		if (typeof value !== 'string' || value === '') continue;
		if (key === 'OTEL_EXPORTER_OTLP_ENDPOINT' && ours(key, value) && ours('OTEL_EXPORTER_OTLP_HEADERS', block['OTEL_EXPORTER_OTLP_HEADERS']))
			return {kind: 'eyelet', endpoint: value};
		return {kind: 'collector', key, endpoint: value};
	}
	return {kind: 'none'};
}

export interface TelemetryEdit {
	/** Keys set now, with their values: what uninstall may take out again. */
	added: Record<string, string>;
	/** Keys the user had set to something else, left as they were. */
	kept: string[];
	/** Set when a collector of the user's own is wired: nothing was changed. */
	collector: {key: string; endpoint: string} | null;
}

/** Adds the telemetry env block to `settings` (changed in place), never over a value the user set (a collector's endpoint above all). */
export function installTelemetry(settings: Json, target: TelemetryTarget, env: NodeJS.ProcessEnv = {}): TelemetryEdit {
	const wiring = telemetryWiring(settings, env);
	if (wiring.kind === 'collector') return {added: {}, kept: [], collector: {key: wiring.key, endpoint: wiring.endpoint}};
	if (settings['env'] !== undefined && !isObject(settings['env'])) throw new Error('"env" in the settings is not an object; fix it by hand first');
	const block = (settings['env'] ??= {}) as Json;
	const added: Record<string, string> = {};
	const kept: string[] = [];
	for (const [key, value] of Object.entries(telemetryEnv(target))) {
		const current = block[key];
		if (current === value) continue;
		// An earlier install's endpoint or secret (another port, a new secret) is ours to update.
		if (current !== undefined && !ours(key, current)) {
			kept.push(key);
			continue;
		}
		block[key] = value;
		added[key] = value;
	}
	return {added, kept, collector: null};
}

/** Takes out of `settings` (changed in place) the keys install added, those still holding what it wrote; drops `env` when that empties it. */
export function uninstallTelemetry(settings: Json, added: Readonly<Record<string, string>>): string[] {
	const removed: string[] = [];
	if (!isObject(settings['env'])) return removed;
	const block = settings['env'];
	for (const [key, value] of Object.entries(added)) {
		if (block[key] !== value) continue;
		delete block[key];
		removed.push(key);
	}
	if (removed.length > 0 && Object.keys(block).length === 0) delete settings['env'];
	return removed;
}

/** A tracked copy of a settings file's object, with the edit applyEdit takes for it. */
export function settingsCopy(data: Json): {settings: Json; origins: Origins} {
	const origins: Origins = new WeakMap();
	return {settings: trackedClone(data, origins), origins};
}

/** Where install remembers which keys it added: beside eyelet's config file. */
export const telemetryRecordPath = (env: NodeJS.ProcessEnv = process.env) => join(dirname(configPath(env)), 'telemetry-install.json');

export interface TelemetryRecord {
	settings: string;
	added: Record<string, string>;
}

export function readTelemetryRecord(env: NodeJS.ProcessEnv = process.env): TelemetryRecord | null {
	try {
		const record = JSON.parse(readFileSync(telemetryRecordPath(env), 'utf8')) as TelemetryRecord;
		return isObject(record) && typeof record.settings === 'string' && isObject(record.added) ? record : null;
	} catch {
		return null;
	}
}

/** Adds this install's keys to what earlier installs added (a key set again keeps its newest value). */
export function writeTelemetryRecord(record: TelemetryRecord, env: NodeJS.ProcessEnv = process.env): void {
	const path = telemetryRecordPath(env);
	const before = readTelemetryRecord(env);
	const added = before && before.settings === record.settings ? {...before.added, ...record.added} : record.added;
	mkdirSync(dirname(path), {recursive: true, mode: 0o700});
	writeFileSync(path, `${JSON.stringify({settings: record.settings, added}, null, 2)}\n`, {mode: 0o600});
}

export function removeTelemetryRecord(env: NodeJS.ProcessEnv = process.env): void {
	const path = telemetryRecordPath(env);
	if (existsSync(path)) rmSync(path);
}
