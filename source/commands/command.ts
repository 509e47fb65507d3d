import type {AnyFlags} from 'meow';

export type FlagSpec = AnyFlags;
export type Flags = Record<string, unknown>;

/** One subcommand: its help, its flags (meow) and what it does. Each lives in its own file. */
export interface Command {
	name: string;
	/** One line for `eyelet --help`. */
	summary: string;
	/** The usage block shown by `eyelet NAME --help`. */
	usage: string;
	flags: FlagSpec;
	run(input: string[], flags: Flags): Promise<number> | number;
}
