import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';

/**
 * A full garbage collection to run while the viewer is idle. Each frame leaves short-lived garbage
 * and V8 grows its heap lazily; collecting when nobody is typing gives the pages back, which keeps
 * the resident size near its floor during a long session. Null where the runtime refuses.
 */
export function idleCollector(): (() => void) | null {
	try {
		setFlagsFromString('--expose-gc');
		const gc = runInNewContext('gc') as unknown;
		return typeof gc === 'function' ? (gc as () => void) : null;
	} catch {
		return null;
	}
}
