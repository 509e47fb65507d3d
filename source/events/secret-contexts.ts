import {isPlaceholder, mixesLettersAndDigits, type SecretRule} from './secret-rule.js';
import {isSecretName} from './secret-names.js';

/**
 * Secrets recognised by where they sit rather than by their own shape: key blocks, JWTs, auth
 * headers, credentials in URLs and connection strings, password flags on command lines, the lines
 * of registry and login config files, and `NAME=value` where NAME names a secret.
 */

const notPlaceholder = (secret: string) => !isPlaceholder(secret.replace(/^["']|["']$/g, ''));

/** `Basic <base64>` is a credential only when the base64 decodes to `user:password`. */
function isBasicCredential(value: string): boolean {
	return /^[\x20-\x7e]+:[\x20-\x7e]+$/.test(Buffer.from(value, 'base64').toString('latin1'));
}

export const keyBlockRules: readonly SecretRule[] = [
	// PEM blocks, also as JSON writes them (one line, \n escaped), and cut off at the end of the text.
	{
		kind: 'private-key',
		keywords: ['ivate key'],
		pattern: String.raw`-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|$)`,
	},
	// The same block in base64, as kubeconfig's client-key-data and Kubernetes secrets hold it:
	// "-----BEGIN " encodes to LS0tLS1CRUdJTi, and "PRIVATE KE" to one of three texts by alignment.
	{
		kind: 'private-key',
		keywords: ['ls0tls1crudjti'],
		pattern: 'LS0tLS1CRUdJTi[A-Za-z0-9+/]{0,80}?(?:UFJJVkFURSBLR|BSSVZBVEUgS0|QUklWQVRFIEtF)[A-Za-z0-9+/]*={0,2}',
	},
];

const authSchemes = 'basic|bearer|token|bot|apikey|api-key|sso-key|key|negotiate|ntlm|hmac|digest';

export const webRules: readonly SecretRule[] = [
	{kind: 'jwt', keywords: ['eyj'], pattern: String.raw`(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*)?`},
	{
		kind: 'auth-header',
		keywords: ['authorization'],
		pattern: String.raw`\b(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?(?:(${authSchemes})[ \t]+)?([A-Za-z0-9._~+/=:%$-]{6,})`,
		flags: 'i',
		group: 2,
		// The scheme alone is no credential: `Authorization: Bearer [REDACTED:github-token]` keeps its Bearer.
		accept: secret => notPlaceholder(secret) && !new RegExp(`^(?:${authSchemes})$`, 'i').test(secret),
	},
	{kind: 'bearer-token', keywords: ['bearer'], pattern: String.raw`\bBearer[ \t]+([A-Za-z0-9._~+/-]{8,}=*)`, flags: 'i', group: 1, accept: notPlaceholder},
	{
		kind: 'basic-auth',
		keywords: ['basic'],
		pattern: String.raw`\bBasic[ \t]+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])`,
		flags: 'i',
		group: 1,
		accept: isBasicCredential,
	},
	{
		kind: 'cookie',
		keywords: ['cookie'],
		pattern: String.raw`\b(?:set-)?cookie["']?[ \t]*:[ \t]*["']?([^\r\n"'\\]{4,})`,
		flags: 'i',
		group: 1,
		accept: notPlaceholder,
	},
	// scheme://user:password@host, the password greedy up to the last @ of the authority (an @ in a password).
	{
		kind: 'url-password',
		keywords: ['://'],
		pattern: String.raw`\b[a-z][a-z0-9+.-]*://[^\s:/@"'<>\\]*:([^\s/?#"'<>\\]+)@`,
		flags: 'i',
		group: 1,
		accept: notPlaceholder,
	},
	// A token as the whole user part, as git remotes carry them: https://<token>@host/.
	{kind: 'url-token', keywords: ['://'], pattern: '://([A-Za-z0-9_.~-]{20,})@', group: 1, accept: mixesLettersAndDigits},
	{
		kind: 'url-signature',
		keywords: ['sig=', 'signature='],
		pattern: String.raw`[?&](?:sig|signature|x-amz-signature|x-goog-signature)=([^&\s"'#<>\\]{16,})`,
		flags: 'i',
		group: 1,
	},
	// ADO.NET / ODBC / Azure connection strings: Server=…;Password=…; Pwd only after a ';' (PWD alone is a directory).
	{
		kind: 'connection-string',
		keywords: ['password', 'pwd'],
		pattern: String.raw`;[ \t]*(?:password|pwd)[ \t]*=[ \t]*("[^"]*"|'[^']*'|\{[^}]*\}|[^;"'\r\n]*[^;"'\r\n\s])`,
		flags: 'i',
		group: 1,
		accept: notPlaceholder,
	},
	{
		kind: 'connection-string',
		keywords: ['accountkey', 'sharedaccess'],
		pattern: String.raw`\b(?:AccountKey|SharedAccessKey|SharedAccessSignature)[ \t]*=[ \t]*([^;"'\s\\]+)`,
		flags: 'i',
		group: 1,
	},
];

const commandSegment = String.raw`[^\n|;&]*?[ \t]`;
const flagValue = String.raw`(["']?)([^\s"']+)\1`;

export const commandLineRules: readonly SecretRule[] = [
	// --password x, --db-password=x, -token x, --api-key x, --client-secret x (not --password-stdin or --token-file).
	{
		kind: 'password-flag',
		keywords: ['-pass', '-token', '_token', '-secret', '_secret', '-key', '_key', 'ikey'],
		pattern: String.raw`(?<![\w-])--?(?:[a-z0-9]+[-_])*(?:password|passwd|pass|passphrase|token|secret|api[-_]?key|apikey)(?:=|[ \t]+)(?!-)("[^"\n]*"|'[^'\n]*'|[^\s"'|;&<>()]+)`,
		flags: 'i',
		group: 1,
		accept: notPlaceholder,
	},
	// mysql -pSECRET (glued: "-p SECRET" would prompt and name a database).
	{
		kind: 'password-flag',
		keywords: ['mysql', 'mariadb'],
		pattern: String.raw`\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mysqlsh|mariadb|mariadb-dump)\b${commandSegment}-p(?!assword)(["']?)([^\s"']+)\1`,
		group: 2,
		accept: notPlaceholder,
	},
	{
		kind: 'password-flag',
		keywords: ['sqlcmd', 'bcp', 'osql'],
		pattern: String.raw`\b(?:sqlcmd|bcp|osql)\b${commandSegment}-P[ \t]*${flagValue}`,
		group: 2,
		accept: notPlaceholder,
	},
	{kind: 'password-flag', keywords: ['redis-cli'], pattern: String.raw`\bredis-cli\b${commandSegment}-a[ \t]+${flagValue}`, group: 2, accept: notPlaceholder},
	{kind: 'password-flag', keywords: ['hpass'], pattern: String.raw`\bsshpass\b${commandSegment}-p[ \t]*${flagValue}`, group: 2, accept: notPlaceholder},
	{
		kind: 'password-flag',
		keywords: ['login'],
		pattern: String.raw`\b(?:docker|podman|nerdctl|buildah|skopeo|oras|helm|crane|regctl)\b[^\n|;&]*?\blogin\b${commandSegment}-p[ \t]+${flagValue}`,
		group: 2,
		accept: notPlaceholder,
	},
	// Commands whose arguments are secrets by intent: fly secrets set X=…, heroku config:set X=…,
	// gh secret set X --body …, kubectl create secret … --from-literal=X=…, aws configure set aws_secret_access_key ….
	{
		kind: 'cli-secret',
		keywords: ['secrets set', 'secret set', 'config:set'],
		pattern: String.raw`(?<=\b(?:secrets?[ \t]+set|config:set)\b[^\n|;&]*?[ \t](?:[A-Za-z_]\w*=|--body[ \t=]|-b[ \t]))[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s"']+)`,
		group: 1,
		accept: notPlaceholder,
	},
	{
		kind: 'cli-secret',
		keywords: ['--from-literal'],
		pattern: String.raw`--from-literal[= ][^=\s]+=("[^"\n]*"|'[^'\n]*'|[^\s"']+)`,
		group: 1,
		accept: notPlaceholder,
	},
	{
		kind: 'cli-secret',
		keywords: ['configure set'],
		pattern: String.raw`\bconfigure[ \t]+set[ \t]+(?:[\w.-]+\.)?(?:aws_secret_access_key|aws_session_token)[ \t]+(\S+)`,
		group: 1,
		accept: notPlaceholder,
	},
	// curl -u user:password, --user=user:password.
	{
		kind: 'password-flag',
		keywords: ['curl', 'wget'],
		pattern: String.raw`\b(?:curl|wget)\b${commandSegment}(?:-u|--user)(?:=|[ \t]*)(["']?)[^\s:"']*:([^\s"']+)\1`,
		group: 2,
		accept: notPlaceholder,
	},
];

export const configFileRules: readonly SecretRule[] = [
	// .npmrc: //registry.example.com/:_authToken=…, _auth=…, _password=….
	{
		kind: 'npmrc-auth',
		keywords: ['_auth', '_password'],
		pattern: String.raw`(?<![\w-])_(?:authToken|auth|password)[ \t]*=[ \t]*(["']?)([^\s"']+)\1`,
		group: 2,
		accept: notPlaceholder,
	},
	// .netrc: machine host login me password secret (on one line or several).
	{
		kind: 'netrc-password',
		keywords: ['machine', 'ult login', 'ult password'],
		pattern: String.raw`\b(?:machine[ \t]+\S+|default)(?:\s+(?:login|account)[ \t]+\S+)*\s+password[ \t]+(\S+)`,
		group: 1,
		accept: notPlaceholder,
	},
	// nuget.config and .NET app config: <add key="ClearTextPassword" value="…" />.
	{
		kind: 'config-secret',
		keywords: ['<add'],
		pattern: String.raw`<add[ \t]+key="([^"]+)"[ \t]+value="([^"]+)"`,
		flags: 'i',
		group: 2,
		accept: (secret, match) => isSecretName(match[1]!, 'quoted') && notPlaceholder(secret),
	},
	// Maven settings.xml and other XML: <password>…</password>, <apiKey>…</apiKey>.
	{
		kind: 'config-secret',
		keywords: ['password>', 'passwd>', 'passphrase>', 'token>', 'secret>', 'key>'],
		pattern: String.raw`<([A-Za-z_][\w.:-]*)>([^<\n]{1,500})</\1>`,
		group: 2,
		accept: (secret, match) => isSecretName(match[1]!, 'quoted') && notPlaceholder(secret),
	},
];

// Unquoted values that are code, not secrets: types, literals, and a few words of prose after "token:".
const codeWords = new Set(
	'string str number int integer float double bool boolean any unknown object bytes buffer char text void never null nil none undefined true false optional required yes no empty missing invalid expired the a an is it to of in on and or not for with this that be are was see use set enter'.split(
		' ',
	),
);
const dottedReference = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/** NAME=value: whether the value found after a name is a secret the name speaks for. */
function isNamedSecret(secret: string, match: RegExpExecArray): boolean {
	const name = match[2]!;
	if (!isSecretName(name, match[1] ? 'quoted' : 'bare') || secret === '' || isPlaceholder(secret)) return false;
	const lower = secret.toLowerCase();
	if (lower === name.toLowerCase() || name.toLowerCase().endsWith(`.${lower}`) || name.toLowerCase().endsWith(`_${lower}`)) return false;
	if (match[6] === undefined) return true;
	// Unquoted: code (`token: string`, `password = self.password`) and prose are not secrets.
	if (secret.length < 3 || codeWords.has(lower)) return false;
	return !(dottedReference.test(secret) && !/\d/.test(secret));
}

const valueChar = String.raw`[^\s"'&;,<>(){}[\]|\x60\\]`;

export const assignmentRules: readonly SecretRule[] = [
	{
		kind: 'named-secret',
		keywords: ['key', 'token', 'secret', 'pass', 'pwd', 'auth', '_pat=', '_pat:', '_pat"', "_pat'", '_pat '],
		// The name must end in a word of a secret's name, so that the other pairs of a JSON text
		// ("session_id": …) fail here and never reach isNamedSecret (which says which of these count).
		pattern:
			String.raw`(?<![\w.$-])(["']?)((?:[A-Za-z_][\w.-]*?)?(?:key|token|secrets?|passw(?:or)?ds?|passphrase|pass|pwd|auth|pat))\\?\1[ \t]*(?:=>|:=|[=:](?![=:]))[ \t]*` +
			String.raw`(?:\\"([^"\\\n]*)|"((?:[^"\\\n]|\\.)*)"?|'([^'\n]*)'?|(?![$%{<[(])(${valueChar}+)(?=[\s"'&;,<>){}\]|\x60\\]|$))`,
		flags: 'i',
		group: 3,
		accept: isNamedSecret,
	},
];
