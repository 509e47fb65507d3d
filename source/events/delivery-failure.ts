import {isObject, stringField} from './types.js';

/**
 * Where eyelet's daemon takes Claude Code's http hooks. A delivery is identified by host and port: the
 * daemon owns its port, whatever path the hook posts to.
 */
export interface DeliveryTarget {
	host: string;
	port: number;
}

/**
 * How an http delivery failed, from what Claude Code 2.1.332 writes (read from its http hook runner):
 * - refused, unreachable, reset: the request's error message, e.g. "connect ECONNREFUSED 127.0.0.1:14400";
 * - status: a non-2xx answer, "HTTP 503 from http://127.0.0.1:14400/hook";
 * - timeout, cancelled: a `hook_cancelled` attachment (`timedOut`, `timeoutMs`, `command` the URL).
 */
export type DeliveryFailureKind = 'refused' | 'unreachable' | 'reset' | 'timeout' | 'cancelled' | 'status';

/** One delivery to eyelet that Claude Code reported as failed in a transcript. */
export interface FailedDelivery {
	/** The attachment line's uuid. */
	uuid: string;
	/** The line's timestamp, Unix ms; null when missing or unreadable. */
	ts: number | null;
	sessionId: string | null;
	/** Set on lines of a subagent's transcript. */
	agentId: string | null;
	cwd: string | null;
	hookEvent: string;
	hookName: string | null;
	/**
	 * Claude Code's id of this hook invocation (the attachment's toolUseID): the tool_use id for tool
	 * events, a fresh id ("hook-…" for PostToolBatch, a uuid otherwise) for the others.
	 */
	invocationId: string;
	kind: DeliveryFailureKind;
	/**
	 * The request may have reached the daemon before it failed (a reset or a timeout after connecting, a
	 * cancelled request), so the event may already be stored: the caller checks before adding it.
	 */
	mayHaveLanded: boolean;
	/** What Claude Code wrote: the stderr, or how long it waited before cancelling. */
	message: string;
	/** How long Claude Code waited before giving up: the hook fired this long before the line's time. */
	waitedMs: number;
}

/** The target of an http hook URL as settings hold it ("http://127.0.0.1:14400/hook"); null when it is not one. */
export function deliveryTargetOf(url: string): DeliveryTarget | null {
	try {
		const parsed = new URL(url);
		if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
		const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
		return {host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port};
	} catch {
		return null;
	}
}

export interface DeliveryMatchOptions {
	/**
	 * Also count an http hook failure that names no address ("socket hang up", "read ECONNRESET", a cancel
	 * labelled "http hook"). Right only when eyelet's is the only http hook on the event, which only the
	 * caller can know (from the settings); off by default, so another http hook's failure is never taken for ours.
	 */
	claimUnnamed?: boolean;
}

const loopbackHosts = ['127.0.0.1', 'localhost', '::1'];

function hostsOf(target: DeliveryTarget): string[] {
	const host = target.host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
	// A loopback URL fails with the address it resolved to, and any loopback name reaches the same daemon.
	return loopbackHosts.includes(host) ? loopbackHosts : [host];
}

const hostChar = /[\w.:-]/;

/** Whether the text names the target's host and port ("127.0.0.1:14400", "[::1]:14400", inside a URL), not a longer port. */
export function namesTarget(text: string, target: DeliveryTarget): boolean {
	const lower = text.toLowerCase();
	const port = String(target.port);
	for (const host of hostsOf(target)) {
		for (const form of host.includes(':') ? [`[${host}]:${port}`, `${host}:${port}`] : [`${host}:${port}`]) {
			for (let at = lower.indexOf(form); at >= 0; at = lower.indexOf(form, at + 1)) {
				const before = at > 0 ? lower[at - 1]! : ' ';
				const after = lower[at + form.length] ?? ' ';
				if (!hostChar.test(before) && !/\d/.test(after)) return true;
			}
		}
	}
	return false;
}

const namedAddress = /\b\d{1,3}(?:\.\d{1,3}){3}:\d+|\[[0-9a-f:]+\]:\d+|::1:\d+|\b[a-z][a-z0-9+.-]*:\/\/|\blocalhost:\d+/i;
const statusFailure = /^HTTP (\d{3}) from /;
const errorCode = /\b(E[A-Z]{2,}(?:_[A-Z]+)?)\b/;

/** What a failed http request's message says happened, or null when it is not a transport or status failure. */
function classify(message: string): {kind: DeliveryFailureKind; mayHaveLanded: boolean} | null {
	const status = statusFailure.exec(message);
	// The daemon answers 2xx only once the row is committed or spooled: any other status stored nothing.
	if (status) return Number(status[1]) >= 200 && Number(status[1]) < 300 ? null : {kind: 'status', mayHaveLanded: false};
	const connecting = /^connect\b/.test(message);
	const code = errorCode.exec(message)?.[1];
	if (code === 'ECONNREFUSED') return {kind: 'refused', mayHaveLanded: false};
	if (code === 'ECONNRESET' || code === 'EPIPE' || /\bsocket hang up\b/.test(message)) return {kind: 'reset', mayHaveLanded: !connecting};
	if (code === 'ETIMEDOUT' || code === 'ECONNABORTED' || /\btimeout of \d+ ?ms exceeded\b/i.test(message)) return {kind: 'timeout', mayHaveLanded: !connecting};
	if (code && ['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'ENETDOWN'].includes(code))
		return {kind: 'unreachable', mayHaveLanded: false};
	return null;
}

/** Claude Code labels an http hook it does not name "http hook" (or "http hook 2" when there are several). */
const httpHookLabel = /^http hook(?: \d+)?$/;

function attributed(text: string, target: DeliveryTarget, options: DeliveryMatchOptions): boolean {
	return namesTarget(text, target) || (options.claimUnnamed === true && !namedAddress.test(text));
}

const numberOr = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback);

/** The failure one `hook_non_blocking_error` or `hook_cancelled` attachment records, if it is a delivery to the target. */
function failureOf(attachment: Record<string, unknown>, target: DeliveryTarget, options: DeliveryMatchOptions) {
	const command = stringField(attachment, 'command');
	if (attachment['type'] === 'hook_non_blocking_error') {
		// Claude Code writes the command of a command hook; an http hook's failure has none (or its URL).
		if (command !== null && !namesTarget(command, target)) return null;
		const message = stringField(attachment, 'stderr') ?? '';
		const kind = classify(message);
		return kind && (command !== null || attributed(message, target, options)) ? {...kind, message, waitedMs: 0} : null;
	}
	if (attachment['type'] === 'hook_cancelled' && command !== null) {
		if (!namesTarget(command, target) && !(options.claimUnnamed === true && httpHookLabel.test(command))) return null;
		const timedOut = attachment['timedOut'] === true;
		const waitedMs = timedOut ? numberOr(attachment['timeoutMs'], 0) : 0;
		const message = timedOut ? `timed out after ${waitedMs} ms` : 'cancelled';
		return {kind: timedOut ? ('timeout' as const) : ('cancelled' as const), mayHaveLanded: true, message, waitedMs};
	}
	return null;
}

/**
 * The failed delivery to `target` that one parsed transcript line records, or null: most lines are not
 * attachments, and a failure that does not name the target (another http hook, a command hook) is not ours.
 */
export function failedDelivery(line: unknown, target: DeliveryTarget, options: DeliveryMatchOptions = {}): FailedDelivery | null {
	if (!isObject(line) || line['type'] !== 'attachment' || !isObject(line['attachment'])) return null;
	const attachment = line['attachment'];
	const uuid = stringField(line, 'uuid');
	const hookName = stringField(attachment, 'hookName');
	const hookEvent = stringField(attachment, 'hookEvent') ?? hookName?.split(':')[0] ?? null;
	if (!uuid || !hookEvent) return null;
	const failure = failureOf(attachment, target, options);
	if (!failure) return null;
	const ts = Date.parse(stringField(line, 'timestamp') ?? '');
	return {
		uuid,
		ts: Number.isNaN(ts) ? null : ts,
		sessionId: stringField(line, 'sessionId'),
		agentId: stringField(line, 'agentId'),
		cwd: stringField(line, 'cwd'),
		hookEvent,
		hookName,
		invocationId: stringField(attachment, 'toolUseID') ?? uuid,
		...failure,
	};
}

/**
 * The events-table dedupe key of a rebuilt delivery. Claude Code makes the invocation id unique per hook
 * invocation (PreToolUse and PostToolUse of one call share the tool_use id, hence the event in the key),
 * so the same failure read twice, or from a copy of the transcript, gets the same key.
 */
export const deliveryKey = (failure: Pick<FailedDelivery, 'sessionId' | 'hookEvent' | 'invocationId'>): string =>
	`rebuilt:${failure.sessionId ?? '?'}:${failure.hookEvent}:${failure.invocationId}`;
