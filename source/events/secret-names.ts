/**
 * Which names hold secrets: object keys in a payload (`accessToken`, `client_secret`, `pwd`) and
 * variable names in text (`DB_PASSWORD=…`, `"apiKey": "…"`). One home for the rule, used by the
 * payload sweep and by the text rules alike.
 */

/**
 * Where the name was found. A payload key says the most; a quoted key in text (`"auth": "…"`) nearly
 * as much; a bare name in text is also prose and code, so the loosest words count only as keys.
 */
export type NameSite = 'key' | 'quoted' | 'bare';

// Names that end like a secret's and hold none: identity fields, database and cache keys,
// pagination cursors, a tokenizer's special tokens, counters. Compared without case or separators.
const harmless = new Set([
	'sessionid',
	'tooluseid',
	'promptid',
	'maxtokens',
	'cachekey',
	'primarykey',
	'sortkey',
	'partitionkey',
	'foreignkey',
	'publickey',
	'sshpublickey',
	'idempotencykey',
	'hashkey',
	'rangekey',
	'rowkey',
	'groupkey',
	'objectkey',
	'sourcekey',
	'dedupekey',
	'lookupkey',
	'i18nkey',
	'translationkey',
	'querykey',
	'mapkey',
	'hotkey',
	'shortcutkey',
	'keyboardkey',
	'storagekey',
	'localstoragekey',
	'csrftoken',
	'xsrftoken',
	'nexttoken',
	'pagetoken',
	'nextpagetoken',
	'continuationtoken',
	'canceltoken',
	'cancellationtoken',
	'eostoken',
	'bostoken',
	'padtoken',
	'unktoken',
	'clstoken',
	'septoken',
	'masktoken',
]);

// Words that end a secret's name. Plural "tokens" and "keys" are left out: they count and list.
const secretWords = new Set(['password', 'passwords', 'passwd', 'passphrase', 'secret', 'secrets', 'token', 'apikey']);
// Only as a payload key: in text they are prose ("cookie"), paths (CREDENTIALS=/etc/…), fetch options,
// or a header whose own rule keeps the scheme and replaces the credential (Authorization: Basic …).
const keyOnlyWords = new Set(['credential', 'credentials', 'cookie', 'cookies', 'authorization']);
// Glued to another word without a separator (APIKEY, pgpassword, accesstoken): the endings that stay specific.
const gluedEndings = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'privatekey', 'secretkey', 'accesskey', 'signingkey', 'masterkey'];

/** The words of a name, lower case: `x-api-key`, `AWS_SECRET_ACCESS_KEY`, `accessToken`, `APIKey`. */
function wordsOf(name: string): string[] {
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(Boolean);
}

// Every secret name holds one of these; most keys (cwd, command, file_path) hold none and stop here.
const candidate = /key|token|secret|pass|pwd|auth|cred|cookie|_pat(?![a-z])/i;

/** False when no name in this text (a payload's JSON, say) can be a secret's. */
export const mayNameSecret = (text: string) => candidate.test(text);
// Payloads repeat the same few dozen keys: remember the answers, up to a bound.
const remembered = new Map<string, boolean>();

/** True when a value under this name is a secret. */
export function isSecretName(name: string, site: NameSite): boolean {
	if (!candidate.test(name)) return false;
	const key = `${site}:${name}`;
	let answer = remembered.get(key);
	if (answer === undefined) {
		answer = classify(name, site);
		if (remembered.size < 2000) remembered.set(key, answer);
	}
	return answer;
}

function classify(name: string, site: NameSite): boolean {
	const words = wordsOf(name);
	const last = words.at(-1);
	if (last === undefined) return false;
	const joined = words.join('');
	if (harmless.has(joined)) return false;
	if (secretWords.has(last)) return true;
	if (site === 'key' && keyOnlyWords.has(last)) return true;
	// `key` after another word (api_key, privateKey, x-api-key), never alone; `pwd` and `pass` likewise
	// (MYSQL_PWD, db_pass), since a bare PWD is the shell's working directory.
	if ((last === 'key' || last === 'pwd' || last === 'pass') && words.length > 1) return true;
	if (last === 'pwd' && site !== 'bare') return true;
	// docker's config.json keeps registry credentials under "auth".
	if (last === 'auth' && site !== 'bare') return true;
	// GITHUB_PAT, AZURE_DEVOPS_EXT_PAT: upper case only, `pat` is a pattern in code.
	if (last === 'pat' && words.length > 1 && name === name.toUpperCase()) return true;
	return gluedEndings.some(ending => last.endsWith(ending));
}
