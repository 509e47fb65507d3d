import type {Status} from '../events/types.js';
import type {Tone} from './json.js';

/** Colours by role. With NO_COLOR every entry is undefined and Ink prints plain text. */
export interface Theme {
	color: boolean;
	tone(tone: Tone | undefined): string | undefined;
	status(status: Status): string | undefined;
	session(id: string | null): string | undefined;
	dim: boolean;
}

const tones: Record<Tone, string> = {
	key: 'cyan',
	string: 'green',
	number: 'yellow',
	literal: 'magenta',
	punct: 'gray',
	dim: 'gray',
	label: 'blue',
	error: 'red',
	warn: 'yellow',
	ok: 'green',
	title: 'whiteBright',
};

const statuses: Record<Status, string> = {ok: 'green', error: 'red', denied: 'yellow', invalid: 'magenta'};

// Distinct, readable on dark and light backgrounds; red is left out so a session never looks like an error.
const sessionColors = ['cyan', 'magenta', 'yellow', 'blue', 'green', 'cyanBright', 'magentaBright', 'yellowBright', 'blueBright', 'greenBright'];

/** A session's colour: a hash of its id, so it stays the same across restarts and panes. */
export function sessionColorIndex(id: string): number {
	let hash = 2166136261;
	for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
	return (hash >>> 0) % sessionColors.length;
}

export function createTheme(color: boolean): Theme {
	return {
		color,
		dim: color,
		tone: tone => (color && tone ? tones[tone] : undefined),
		status: status => (color ? statuses[status] : undefined),
		session: id => (color && id ? sessionColors[sessionColorIndex(id)] : undefined),
	};
}

/** NO_COLOR (any non-empty value, https://no-color.org) or a dumb terminal turns colour off. */
export const colorWanted = (env: NodeJS.ProcessEnv = process.env) => !env['NO_COLOR'] && env['TERM'] !== 'dumb';
