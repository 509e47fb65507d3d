import type {KeyCommand} from './key-bindings.js';

/**
 * How a movement key moves the cursor of a list shown `page` rows at a time: a number of rows, the
 * first or last row, or null when the command is not a movement. Each view applies it to its own cursor.
 */
export function cursorStep(command: KeyCommand, page: number): number | 'top' | 'bottom' | null {
	switch (command) {
		case 'down':
			return 1;
		case 'up':
			return -1;
		case 'pageDown':
			return page;
		case 'pageUp':
			return -page;
		case 'halfDown':
			return Math.ceil(page / 2);
		case 'halfUp':
			return -Math.ceil(page / 2);
		case 'top':
			return 'top';
		case 'bottom':
			return 'bottom';
		default:
			return null;
	}
}
