import type {Config, OtlpProtocol, PayloadExport} from './config.js';

/**
 * The export's effective settings: eyelet's config file first, then the standard OpenTelemetry
 * variables for whatever it leaves out (OTEL_EXPORTER_OTLP_ENDPOINT and _HEADERS and _PROTOCOL, their
 * per-signal forms, OTEL_RESOURCE_ATTRIBUTES, OTEL_SERVICE_NAME), read as the OpenTelemetry SDKs read them.
 * The variables alone never turn export on: `eyelet install --telemetry` points them at eyelet itself.
 */

export type ExportSignal = 'logs' | 'traces';

export interface OtlpSignalTarget {
	url: string;
	headers: Record<string, string>;
	protocol: OtlpProtocol;
	/** Where the URL came from: "config" or the variable's name. */
	from: string;
}

export interface OtlpExportSettings {
	logs: OtlpSignalTarget | null;
	traces: OtlpSignalTarget | null;
	payload: PayloadExport;
	payloadLimit: number;
	/** service.name and the rest; host.name only when configured (otherwise each event's own host). */
	resource: Record<string, string>;
}

export type ResolvedExport = {status: 'off'} | {status: 'on'; settings: OtlpExportSettings} | {status: 'invalid'; problem: string};

/** "a=b,c=d" with percent-encoded parts, as the OTLP exporter specification writes headers and resources. */
export function parseKeyValues(text: string | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const pair of (text ?? '').split(',')) {
		const at = pair.indexOf('=');
		if (at <= 0) continue;
		try {
			out[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
		} catch {
			// a malformed escape: that pair is left out, as the SDKs do
		}
	}
	return out;
}

const withPath = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

function target(config: NonNullable<Config['export']['otlp']>, env: NodeJS.ProcessEnv, signal: ExportSignal): OtlpSignalTarget | {problem: string} | null {
	if (!config[signal]) return null;
	const upper = signal.toUpperCase();
	const variable = (name: string) => env[`OTEL_EXPORTER_OTLP_${upper}_${name}`] || env[`OTEL_EXPORTER_OTLP_${name}`] || undefined;
	let url: string | null = null;
	let from = 'config';
	if (config.endpoint) url = withPath(config.endpoint, `/v1/${signal}`);
	else if (env[`OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`]) {
		url = env[`OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`]!;
		from = `OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`;
	} else if (env['OTEL_EXPORTER_OTLP_ENDPOINT']) {
		url = withPath(env['OTEL_EXPORTER_OTLP_ENDPOINT'], `/v1/${signal}`);
		from = 'OTEL_EXPORTER_OTLP_ENDPOINT';
	}
	if (!url) return {problem: 'export.otlp has no endpoint: set "endpoint" in it, or OTEL_EXPORTER_OTLP_ENDPOINT'};
	if (!/^https?:\/\/[^/\s]+/.test(url)) return {problem: `the ${signal} endpoint ${url} (from ${from}) is not an http:// or https:// URL`};
	const protocol = config.protocol ?? variable('PROTOCOL') ?? 'http/protobuf';
	if (protocol !== 'http/protobuf' && protocol !== 'http/json')
		return {problem: `OTLP protocol "${protocol}" is not one eyelet sends: use http/protobuf or http/json`};
	return {url, headers: config.headers ?? parseKeyValues(variable('HEADERS')), protocol, from};
}

export function resolveOtlpExport(config: Config, env: NodeJS.ProcessEnv = process.env): ResolvedExport {
	const otlp = config.export.otlp;
	if (!otlp) return {status: 'off'};
	if (!otlp.logs && !otlp.traces) return {status: 'off'};
	const logs = target(otlp, env, 'logs');
	const traces = target(otlp, env, 'traces');
	for (const found of [logs, traces]) if (found && 'problem' in found) return {status: 'invalid', problem: found.problem};
	const resource: Record<string, string> = {'service.name': 'eyelet', ...parseKeyValues(env['OTEL_RESOURCE_ATTRIBUTES'])};
	if (env['OTEL_SERVICE_NAME']) resource['service.name'] = env['OTEL_SERVICE_NAME'];
	Object.assign(resource, otlp.resource);
	return {
		status: 'on',
		settings: {
			logs: logs as OtlpSignalTarget | null,
			traces: traces as OtlpSignalTarget | null,
			payload: otlp.payload,
			payloadLimit: otlp.payloadLimit,
			resource,
		},
	};
}

/** The endpoint in one line for people (doctor, /health): the URL without its query, never the headers. */
export const shownEndpoint = (url: string): string => url.replace(/[?#].*$/, '').replace(/\/\/[^@/]*@/, '//');
