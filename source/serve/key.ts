import {createServer} from 'node:net';
import {newSecret, preferredPort, readServeKey, type ServeKey, writeServeKey} from '../settings/serve-file.js';
import {ensureDatabaseFile} from '../store/db.js';

/** Tries ports from `first` on until one can be bound on `host`. */
export async function freePort(host: string, first: number, tries = 50): Promise<number> {
	for (let port = first; port < first + tries && port < 65536; port++) {
		const free = await new Promise<boolean>(resolve => {
			const probe = createServer();
			probe.once('error', () => resolve(false));
			probe.listen(port, host, () => probe.close(() => resolve(true)));
		});
		if (free) return port;
	}
	throw new Error(`no free port on ${host} between ${first} and ${first + tries - 1}`);
}

/** The database's port and secret, created on first use (install normally creates them). */
export async function ensureServeKey(dbPath: string, host: string, port: number | null, options: {repoint?: boolean} = {}): Promise<ServeKey> {
	const existing = readServeKey(dbPath);
	if (existing && (!options.repoint || port === null || port === existing.port)) return existing;
	if (existing && port !== null) {
		// install --port: the hooks (and the daemon's next start) use the new port, with the same secret.
		writeServeKey(dbPath, {...existing, port});
		return readServeKey(dbPath) ?? {...existing, port};
	}
	ensureDatabaseFile(dbPath);
	const key = {port: port ?? (await freePort(host, preferredPort(dbPath))), secret: newSecret()};
	writeServeKey(dbPath, key);
	return readServeKey(dbPath) ?? key;
}

/** The loopback URL the database's http hooks post to. */
export const hookUrl = (key: ServeKey) => `http://127.0.0.1:${key.port}/hook`;
