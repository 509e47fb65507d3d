// The redactor as it was before issue 13 (main at 33f1d86, source/events/redact.ts): ten rules, each
// tried on every string. Kept as the bench's peer so that old and new are timed in the same run.
const builtInRules = [
	{kind: 'private-key', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, group: 0},
	{kind: 'aws-access-key', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g, group: 0},
	{kind: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g, group: 0},
	{kind: 'anthropic-key', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/g, group: 0},
	{kind: 'openai-key', pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, group: 0},
	{kind: 'slack-token', pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g, group: 0},
	{kind: 'stripe-key', pattern: /\b[sr]k_live_[A-Za-z0-9]{16,}/g, group: 0},
	{kind: 'url-password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/]+)@/gi, group: 1},
	{kind: 'bearer-token', pattern: /\bBearer\s+([A-Za-z0-9._~+/-]{8,}=*)/gi, group: 1},
	{
		kind: 'named-secret',
		pattern:
			/\b(?:[A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD)|[a-z][a-z0-9_]*_(?:key|token|secret|password)|[a-z][A-Za-z0-9]*(?:Key|Token|Secret|Password)|password|passwd|secret|token|apikey)\s*[=:]\s*("[^"\n]*"|'[^'\n]*'|[^\s"'&;$][^\s"'&;]*)/g,
		group: 1,
	},
];

const secretKey = /(?:^|[_-])(?:key|token|secret|password|passwd)$|^(?:apikey|api_key|authorization)$/i;
const harmlessKeys = new Set(['session_id', 'tool_use_id', 'prompt_id', 'max_tokens', 'cache_key', 'primary_key', 'sort_key', 'partition_key']);
const marker = kind => `[REDACTED:${kind}]`;

exports.builtInRules = builtInRules;
exports.createRedactor = function createRedactor() {
	const rules = builtInRules;
	return {
		redactString(text) {
			let count = 0;
			for (const rule of rules) {
				rule.pattern.lastIndex = 0;
				if (!rule.pattern.test(text)) continue;
				rule.pattern.lastIndex = 0;
				text = text.replace(rule.pattern, (match, ...groups) => {
					if (rule.group === 0) {
						count++;
						return marker(rule.kind);
					}
					const secret = groups[rule.group - 1];
					if (typeof secret !== 'string' || secret.startsWith('[REDACTED:')) return match;
					count++;
					const at = match.lastIndexOf(secret);
					return match.slice(0, at) + marker(rule.kind) + match.slice(at + secret.length);
				});
			}
			return {text, count};
		},
		isSecretKey(key) {
			return !harmlessKeys.has(key.toLowerCase()) && secretKey.test(key);
		},
		// The old sweep knew nothing of the allowlist or a first look; these make it fit today's normalizeInput.
		isAllowed: () => false,
		mayFind: () => true,
	};
};
