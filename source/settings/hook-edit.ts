import {hookEvents, recordedEvents} from '../events/hook-events.js';
import {SettingsError} from './claude-settings.js';
import {parseRecordCommand, type RecordCommand} from './hook-command.js';
import {type Origins, trackedClone} from './settings-text.js';

/**
 * Adding and removing eyelet's hook entries in a parsed settings object. Pure: each function returns
 * a changed copy and leaves its input alone; every hook, matcher and key that is not ours keeps its
 * value and its place.
 */

type Json = Record<string, unknown>;

/** The daemon's http hook: where the events that take http hooks are posted, with the database's secret. */
export interface HttpHookSpec {
	url: string;
	secret: string;
	timeout: number;
}

/** What install writes for every recorded event. */
export interface HookSpec {
	command: string;
	timeout: number;
	/** Only on command hooks: an http hook to the daemon answers within milliseconds. */
	async: boolean;
	/** The http transport: events that take http hooks get this one; the others keep the command. */
	http?: HttpHookSpec | null;
}

export interface EditResult {
	settings: Json;
	/** Each object and array of `settings` → the one of the input it was copied from (settings-text.ts writes only what changed). */
	origins: Origins;
	/** Events that got a new entry. */
	added: string[];
	/** Events whose entry changed (command, timeout, async, matcher, duplicates removed). */
	updated: string[];
	/** Events that lost their entry (uninstall, or an event install must not record). */
	removed: string[];
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function isOurCommandHook(hook: unknown): boolean {
	return (
		isObject(hook) &&
		(hook['type'] === undefined || hook['type'] === 'command') &&
		typeof hook['command'] === 'string' &&
		parseRecordCommand(hook['command']) !== null
	);
}

const loopbackNames = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** One of our http hooks: a loopback URL ending in /hook, with eyelet's secret as the bearer. */
export interface HttpHook {
	url: string;
	host: string;
	port: number;
	secret: string;
}

/** The parts of one of our http hooks, or null when the hook is not one. */
export function parseHttpHook(hook: unknown): HttpHook | null {
	if (!isObject(hook) || hook['type'] !== 'http' || typeof hook['url'] !== 'string') return null;
	let url: URL;
	try {
		url = new URL(hook['url']);
	} catch {
		return null;
	}
	const headers = hook['headers'];
	const bearer = isObject(headers) && typeof headers['Authorization'] === 'string' ? /^Bearer (eyelet_[0-9a-f]{64})$/.exec(headers['Authorization']) : null;
	if (url.protocol !== 'http:' || !loopbackNames.has(url.hostname) || url.pathname !== '/hook' || !bearer) return null;
	return {url: hook['url'], host: url.hostname, port: Number(url.port || 80), secret: bearer[1]!};
}

/** One of eyelet's hooks, of either transport. */
export function isOurHook(hook: unknown): boolean {
	return isOurCommandHook(hook) || parseHttpHook(hook) !== null;
}

/** The settings' `hooks` object, or null when absent. Anything else there is refused rather than overwritten. */
function hooksOf(settings: Json, file: string): Json | null {
	const hooks = settings['hooks'];
	if (hooks === undefined) return null;
	if (!isObject(hooks)) throw new SettingsError(`${file}: "hooks" is not an object; fix it by hand first`);
	for (const [event, groups] of Object.entries(hooks)) {
		if (!Array.isArray(groups)) throw new SettingsError(`${file}: "hooks.${event}" is not a list; fix it by hand first`);
	}
	return hooks;
}

/** Removes our hooks from an event's groups, dropping the groups that become empty. Returns how many went. */
function removeOurs(groups: unknown[], keepFirst: boolean): number {
	let removed = 0;
	let kept = !keepFirst;
	for (let g = 0; g < groups.length; g++) {
		const group = groups[g];
		if (!isObject(group) || !Array.isArray(group['hooks'])) continue;
		const list = group['hooks'] as unknown[];
		const before = list.length;
		for (let h = 0; h < list.length; h++) {
			if (!isOurHook(list[h])) continue;
			if (!kept) {
				kept = true;
				continue;
			}
			list.splice(h--, 1);
			removed++;
		}
		if (list.length === 0 && before > 0) groups.splice(g--, 1);
	}
	return removed;
}

function newGroup(event: string, hook: Json): Json {
	return hookEvents.find(spec => spec.name === event)?.toolMatcher ? {matcher: '*', hooks: [hook]} : {hooks: [hook]};
}

/** Whether an event gets the daemon's http hook under this spec (never SessionStart, SessionEnd or Setup). */
export function usesHttp(event: string, spec: HookSpec): boolean {
	return !!spec.http && hookEvents.some(candidate => candidate.name === event && !candidate.commandOnly);
}

/** Makes our hook the spec's for its event; keys that are not eyelet's (a user's statusMessage, say) stay. */
function setHook(hook: Json, spec: HookSpec, http: boolean): void {
	for (const key of ['type', 'command', 'url', 'headers', 'timeout', 'async']) delete hook[key];
	if (http && spec.http) {
		Object.assign(hook, {type: 'http', url: spec.http.url, timeout: spec.http.timeout, headers: {Authorization: `Bearer ${spec.http.secret}`}});
		return;
	}
	Object.assign(hook, {type: 'command', command: spec.command, timeout: spec.timeout});
	if (spec.async) hook['async'] = true;
}

/** Brings one event's entry to the spec: updates the first of ours in place, drops any duplicates, or appends a group. */
function installEvent(groups: unknown[], event: string, spec: HookSpec): 'added' | 'updated' | null {
	const http = usesHttp(event, spec);
	const before = JSON.stringify(groups);
	const group = groups.find(candidate => isObject(candidate) && Array.isArray(candidate['hooks']) && candidate['hooks'].some(isOurHook)) as Json | undefined;
	if (!group) {
		const hook: Json = {};
		setHook(hook, spec, http);
		groups.push(newGroup(event, hook));
		return 'added';
	}
	const list = group['hooks'] as unknown[];
	const ours = list.find(isOurHook) as Json;
	// Rewritten (its keys in install's order) only when it changes, so an unchanged file stays as it is.
	const wanted = structuredClone(ours);
	setHook(wanted, spec, http);
	if (JSON.stringify(wanted) !== JSON.stringify(ours)) setHook(ours, spec, http);
	if (list.length === 1) {
		// A group holding only our hook is ours too: it gets the matcher install writes.
		const matcher = newGroup(event, {});
		if ('matcher' in matcher) group['matcher'] = matcher['matcher'];
		else delete group['matcher'];
	}
	removeOurs(groups, true);
	return JSON.stringify(groups) === before ? null : 'updated';
}

/** Adds or updates our entry for exactly the recorded events, and takes it out of any other event. */
export function installHooks(original: Json, spec: HookSpec, file: string): EditResult {
	const origins: Origins = new WeakMap();
	const settings = trackedClone(original, origins);
	const result: EditResult = {settings, origins, added: [], updated: [], removed: []};
	let hooks = hooksOf(settings, file);
	if (!hooks) settings['hooks'] = hooks = {};
	const recorded = new Set(recordedEvents.map(event => event.name));
	for (const [event, groups] of Object.entries(hooks) as Array<[string, unknown[]]>) {
		if (recorded.has(event) || removeOurs(groups, false) === 0) continue;
		result.removed.push(event);
		if (groups.length === 0) delete hooks[event];
	}
	for (const {name} of recordedEvents) {
		const groups = (hooks[name] ??= []) as unknown[];
		const change = installEvent(groups, name, spec);
		if (change) result[change].push(name);
	}
	return result;
}

/** Removes our entries only; drops the groups, event lists and `hooks` object that this leaves empty. */
export function uninstallHooks(original: Json, file: string): EditResult {
	const origins: Origins = new WeakMap();
	const settings = trackedClone(original, origins);
	const result: EditResult = {settings, origins, added: [], updated: [], removed: []};
	const hooks = hooksOf(settings, file);
	if (!hooks) return result;
	for (const [event, groups] of Object.entries(hooks) as Array<[string, unknown[]]>) {
		if (removeOurs(groups, false) === 0) continue;
		result.removed.push(event);
		if (groups.length === 0) delete hooks[event];
	}
	if (result.removed.length > 0 && Object.keys(hooks).length === 0) delete settings['hooks'];
	return result;
}

/** One of our entries as found in a settings file. */
export interface OurEntry {
	event: string;
	/** The group's matcher; null when absent. */
	matcher: string | null;
	transport: 'command' | 'http';
	/** The command line, or for an http hook its URL. */
	command: string;
	/** The command's parts; null for an http hook. */
	parsed: RecordCommand | null;
	/** The http hook's parts; null for a command. */
	http: HttpHook | null;
	timeout: number | null;
	async: boolean;
}

/** Our entries in file order. Malformed parts are skipped: doctor reports, it does not refuse. */
export function ourEntries(settings: Json): OurEntry[] {
	const entries: OurEntry[] = [];
	const hooks = settings['hooks'];
	if (!isObject(hooks)) return entries;
	for (const [event, groups] of Object.entries(hooks)) {
		if (!Array.isArray(groups)) continue;
		for (const group of groups) {
			if (!isObject(group) || !Array.isArray(group['hooks'])) continue;
			for (const hook of group['hooks'] as unknown[]) {
				const http = parseHttpHook(hook);
				if (!http && !isOurCommandHook(hook)) continue;
				const h = hook as Json;
				const command = http ? http.url : (h['command'] as string);
				entries.push({
					event,
					matcher: typeof group['matcher'] === 'string' ? group['matcher'] : null,
					transport: http ? 'http' : 'command',
					command,
					parsed: http ? null : parseRecordCommand(command),
					http,
					timeout: typeof h['timeout'] === 'number' ? h['timeout'] : null,
					async: h['async'] === true,
				});
			}
		}
	}
	return entries;
}
