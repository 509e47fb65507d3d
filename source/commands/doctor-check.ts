import {neutralize} from '../events/neutralize.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** A repair doctor --fix may apply; `apply` returns what it did, in a few words. */
export interface Fix {
	apply(): string;
}

/** One line of doctor's report. */
export interface Check {
	name: string;
	status: CheckStatus;
	message: string;
	fix?: Fix;
}

export const check = (name: string, status: CheckStatus, message: string, fix?: Fix): Check => (fix ? {name, status, message, fix} : {name, status, message});

/** The report as the terminal shows it: status, name, message; file and command text made harmless to print. */
export function formatChecks(lines: ReadonlyArray<{status: string; name: string; message: string}>): string {
	const statusWidth = Math.max(...lines.map(line => line.status.length));
	const nameWidth = Math.max(...lines.map(line => line.name.length));
	return lines.map(line => `${line.status.padEnd(statusWidth)}  ${line.name.padEnd(nameWidth)}  ${neutralize(line.message, true)}`).join('\n');
}
