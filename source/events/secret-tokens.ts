import {mixesLettersAndDigits, nearName, type SecretRule, token} from './secret-rule.js';

/**
 * Provider credentials recognised by their own shape: a documented prefix and length, or the
 * provider's name right before a value of the documented form. Written from each provider's
 * token format (the anchors: gitleaks' default rules, trufflehog's detectors, secretlint's preset).
 * Minimum lengths, not exact ones: formats grow, and a longer token must not slip through.
 */

const b64 = 'A-Za-z0-9+/';
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const cloud: SecretRule[] = [
	token('aws-access-key', ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'], '[A-Z0-9]{16}(?![A-Za-z0-9])'),
	// STS session tokens: base64 of a fixed header, so their first characters are always the same.
	token('aws-session-token', ['FwoGZXIvYXdz', 'IQoJb3JpZ2luX2Vj'], `[${b64}=]{80,}`),
	token('gcp-api-key', ['AIza'], '[A-Za-z0-9_-]{35}'),
	token('google-oauth-secret', ['GOCSPX-'], '[A-Za-z0-9_-]{24,}'),
	token('google-oauth-token', ['ya29.'], '[A-Za-z0-9_-]{20,}'),
	token('google-refresh-token', ['1//0'], '[A-Za-z0-9_-]{30,}'),
	token('firebase-server-key', ['AAAA'], '[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,}'),
	// Azure AD application secrets: three characters, a digit, then "Q~".
	{kind: 'azure-client-secret', keywords: ['q~'], pattern: String.raw`(?<![\w~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![\w~.-])`},
	token('alibaba-access-key', ['LTAI'], '[A-Za-z0-9]{20}(?![A-Za-z0-9])'),
	token('digitalocean-token', ['dop_v1_', 'doo_v1_', 'dor_v1_'], '[a-f0-9]{64}'),
	token('heroku-api-key', ['HRKU-AA'], '[0-9A-Za-z_-]{58}'),
	nearName('heroku-api-key', ['heroku'], uuid),
	token('cloudflare-origin-ca-key', ['v1.0-'], '[a-f0-9]{24}-[a-f0-9]{146}'),
	nearName('cloudflare-api-token', ['cloudflare', 'cf_api', 'cf-api', 'cf_token', 'cf_account'], '[A-Za-z0-9_-]{40}|[a-f0-9]{37}'),
	token('flyio-token', ['fo1_'], '[A-Za-z0-9_-]{43}'),
	token('flyio-token', ['fm1a_', 'fm1r_', 'fm2_'], `[${b64}]{100,}={0,3}`),
	// Service tokens carry their config's name: dp.st.prd.<token>.
	token('doppler-token', ['dp.pt.', 'dp.st.', 'dp.ct.', 'dp.sa.', 'dp.scim.', 'dp.audit.'], String.raw`(?:[a-z0-9_-]{1,40}\.)?[A-Za-z0-9]{40,}`),
	token('1password-service-token', ['ops_eyJ'], `[${b64}_-]{100,}={0,3}`),
	token('1password-secret-key', ['A3-'], '[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}'),
	token('vault-token', ['hvs.', 'hvb.', 'hvr.'], '[A-Za-z0-9_-]{24,}'),
	// Vault's tokens before 1.10: "s." and 24 characters, told apart from prose by Vault being named.
	{kind: 'vault-token', keywords: ['vault'], pattern: String.raw`(?<![\w.])s\.[A-Za-z0-9]{24}(?![\w.])`, accept: mixesLettersAndDigits},
	{kind: 'terraform-token', keywords: ['atlasv1'], pattern: String.raw`(?<![A-Za-z0-9])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,}`},
	token('pulumi-token', ['pul-'], '[a-f0-9]{40}'),
	token('tailscale-key', ['tskey-'], '[a-z]+-[A-Za-z0-9-]{20,}'),
	token('databricks-token', ['dapi'], String.raw`[a-f0-9]{32}(?:-\d)?(?![A-Za-z0-9])`),
	token('databricks-oauth-secret', ['dose'], '[a-f0-9]{32}(?![A-Za-z0-9])'),
	token('supabase-token', ['sbp_'], '[a-f0-9]{40}'),
	token('supabase-secret-key', ['sb_secret_'], '[A-Za-z0-9_-]{20,}'),
	token('planetscale-token', ['pscale_tkn_', 'pscale_oauth_', 'pscale_pw_'], '[A-Za-z0-9_=.-]{32,}'),
	token('scalingo-token', ['tk-us-'], '[A-Za-z0-9_-]{48}'),
	token('openshift-token', ['sha256~'], '[A-Za-z0-9_-]{43}'),
	token('render-api-key', ['rnd_'], '[A-Za-z0-9]{32,}'),
];

const codeHosting: SecretRule[] = [
	token('github-token', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], '[A-Za-z0-9]{36,}'),
	token('github-token', ['github_pat_'], '[A-Za-z0-9_]{22,}'),
	token(
		'gitlab-token',
		['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glimt-', 'glagent-', 'gloas-', 'glsoat-', 'glcbt-', 'glffct-', 'GR1348941'],
		'[A-Za-z0-9_.-]{20,}',
	),
	{kind: 'gitlab-session', keywords: ['_gitlab_session='], pattern: '_gitlab_session=([0-9a-z]{32,})', group: 1},
	token('bitbucket-app-password', ['ATBB'], '[A-Za-z0-9_=.-]{28,}'),
	token('atlassian-token', ['ATATT3', 'ATCTT3'], '[A-Za-z0-9_=-]{100,}'),
	nearName('atlassian-token', ['atlassian', 'jira', 'confluence'], '[a-z0-9]{24}'),
	nearName('bitbucket-secret', ['bitbucket'], '[a-z0-9]{32}|[a-z0-9=_-]{64}'),
	token('circleci-token', ['CCIPAT_', 'CCIPRJ_'], '[A-Za-z0-9]{20,}_[a-f0-9]{40}'),
	nearName('circleci-token', ['circleci', 'circle_token', 'circle-token'], '[a-f0-9]{40}'),
	token('buildkite-token', ['bkua_'], '[a-f0-9]{40}'),
	nearName('buildkite-token', ['buildkite'], '[a-f0-9]{40}|bkua_[a-f0-9]{40}'),
	nearName('travis-token', ['travis'], '[a-z0-9]{22}'),
	nearName('codecov-token', ['codecov'], `[a-z0-9]{32}|${uuid}`),
	nearName('droneci-token', ['droneci', 'drone_token'], '[a-z0-9]{32}'),
	token('sourcegraph-token', ['sgp_'], '(?:[a-f0-9]{16}_|local_)?[a-f0-9]{40}'),
	token('sonar-token', ['sqp_', 'squ_', 'sqa_'], '[a-f0-9]{40}'),
	nearName('snyk-token', ['snyk'], uuid),
	token('harness-token', ['pat.', 'sat.'], String.raw`[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}`),
	token('octopus-api-key', ['API-'], '[A-Z0-9]{26}(?![A-Za-z0-9])'),
];

const registries: SecretRule[] = [
	token('npm-token', ['npm_'], '[A-Za-z0-9]{36}(?![A-Za-z0-9])'),
	token('pypi-token', ['pypi-AgE'], '[A-Za-z0-9_-]{50,}'),
	token('rubygems-token', ['rubygems_'], '[a-f0-9]{48}'),
	token('nuget-api-key', ['oy2'], '[a-z0-9]{43}(?![A-Za-z0-9])'),
	token('dockerhub-token', ['dckr_pat_', 'dckr_oat_'], '[A-Za-z0-9_-]{20,}'),
	token('clojars-token', ['CLOJARS_'], '[a-z0-9]{60}', 'i'),
	{kind: 'crates-io-token', keywords: ['cio'], pattern: '(?<![A-Za-z0-9])cio[A-Za-z0-9]{32}(?![A-Za-z0-9])', accept: mixesLettersAndDigits},
	token('jfrog-token', ['AKCp'], '[A-Za-z0-9]{69}'),
	token('jfrog-token', ['cmVmd'], '[A-Za-z0-9]{59}'),
	nearName('jfrog-token', ['jfrog', 'artifactory'], '[a-z0-9]{64}|[a-z0-9]{73}'),
];

const ai: SecretRule[] = [
	// eyelet's own: the secret of `eyelet serve`, which an agent reading ~/.claude/settings.json could print.
	token('eyelet-serve-secret', ['eyelet_'], '[0-9a-f]{64}(?![0-9a-f])'),
	token('anthropic-key', ['sk-ant-'], '[A-Za-z0-9_-]{20,}'),
	// Project, service-account and legacy keys; told apart from words like sk-learn by a digit in the body.
	token('openai-key', ['sk-'], String.raw`(?=[A-Za-z0-9_-]{0,300}\d)[A-Za-z0-9_-]{20,}`),
	token('huggingface-token', ['hf_', 'api_org_'], '[A-Za-z0-9]{30,}(?![A-Za-z0-9])'),
	token('replicate-token', ['r8_'], '[A-Za-z0-9]{37,}'),
	nearName('cohere-key', ['cohere', 'co_api_key'], '[A-Za-z0-9]{40}'),
	token('groq-key', ['gsk_'], '[A-Za-z0-9]{52,}'),
	token('perplexity-key', ['pplx-'], '[A-Za-z0-9]{48,}'),
	token('xai-key', ['xai-'], '[A-Za-z0-9]{80,}'),
	token('langsmith-key', ['lsv2_pt_', 'lsv2_sk_'], '[a-f0-9]{32}_[a-f0-9]{10}'),
];

const payments: SecretRule[] = [
	token('stripe-key', ['sk_live_', 'sk_test_', 'sk_prod_', 'rk_live_', 'rk_test_', 'rk_prod_'], '[A-Za-z0-9]{10,}'),
	token('stripe-webhook-secret', ['whsec_'], '[A-Za-z0-9]{24,}'),
	token('shopify-token', ['shpat_', 'shpca_', 'shppa_', 'shpss_'], '[a-fA-F0-9]{32}'),
	token('square-token', ['sq0atp-', 'sq0csp-', 'EAAA'], '[A-Za-z0-9_-]{22,}'),
	{
		kind: 'braintree-token',
		keywords: ['access_token$production$', 'access_token$sandbox$'],
		pattern: String.raw`access_token\$(?:production|sandbox)\$[a-z0-9]{16}\$[a-f0-9]{32}`,
	},
	token('shippo-token', ['shippo_live_', 'shippo_test_'], '[a-fA-F0-9]{40}'),
	token('easypost-key', ['EZAK', 'EZTK'], '[A-Za-z0-9]{54}'),
	token('duffel-token', ['duffel_live_', 'duffel_test_'], '[A-Za-z0-9_=-]{43}'),
	token('flutterwave-key', ['FLWSECK_TEST-', 'FLWSECK-'], '[A-Za-z0-9]{12,}(?:-X)?'),
	nearName('plaid-secret', ['plaid'], '[a-z0-9]{30}|access-(?:sandbox|development|production)-[0-9a-f-]{36}'),
	nearName('coinbase-token', ['coinbase'], '[a-z0-9_-]{64}'),
];

const messaging: SecretRule[] = [
	token('slack-token', ['xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxs-', 'xoxr-', 'xoxe-', 'xoxe.xox'], '[A-Za-z0-9-]{10,}'),
	token('slack-token', ['xapp-'], String.raw`\d-[A-Z0-9]+-\d+-[a-z0-9]+`, 'i'),
	{
		kind: 'slack-webhook',
		keywords: ['slack.com/'],
		pattern: String.raw`hooks\.slack\.com/(?:services|workflows|triggers)/([A-Za-z0-9+/_-]{20,})`,
		group: 1,
	},
	{kind: 'discord-webhook', keywords: ['/api/webhooks/'], pattern: String.raw`discord(?:app)?\.com/api/webhooks/\d+/([A-Za-z0-9_-]{40,})`, group: 1},
	// Bot tokens: base64 of the bot's numeric id, a timestamp, an HMAC; only where Discord is named.
	{kind: 'discord-token', keywords: ['discord'], pattern: String.raw`(?<![\w.-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![\w.-])`},
	nearName('discord-token', ['discord'], '[a-f0-9]{64}'),
	{kind: 'telegram-bot-token', keywords: [':aa'], pattern: String.raw`(?<![\d:])\d{8,10}:AA[A-Za-z0-9_-]{33}(?![\w-])`},
	token('twilio-api-key', ['SK'], '[0-9a-f]{32}(?![A-Za-z0-9])'),
	nearName('twilio-auth-token', ['twilio'], '[a-f0-9]{32}'),
	{kind: 'sendgrid-key', keywords: ['sg.'], pattern: String.raw`(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,50}`},
	token('mailgun-key', ['key-'], '[0-9a-f]{32}(?![A-Za-z0-9])'),
	nearName('mailgun-key', ['mailgun'], '[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}|pubkey-[a-f0-9]{32}'),
	// <32 hex>-us12: the expression starts at the literal "-us" (a leading class or lookbehind would be tried at
	// every position) and looks back for the key; the data centre stays.
	{kind: 'mailchimp-key', keywords: ['-us'], pattern: String.raw`-us(?<=(?<![A-Za-z0-9])([0-9a-f]{32})-us)\d{1,2}(?![A-Za-z0-9])`, group: 1},
	token('brevo-key', ['xkeysib-', 'xsmtpsib-'], '[a-f0-9]{64}-[A-Za-z0-9]{16}'),
	nearName('postmark-token', ['postmark'], uuid),
	nearName('mattermost-token', ['mattermost'], '[a-z0-9]{26}'),
	nearName('intercom-token', ['intercom'], '[a-z0-9=_-]{60}'),
	nearName('zendesk-token', ['zendesk'], '[a-z0-9]{40}'),
];

const saas: SecretRule[] = [
	token('linear-key', ['lin_api_'], '[A-Za-z0-9]{40}'),
	token('linear-key', ['lin_oauth_'], '[a-f0-9]{64}'),
	nearName('linear-key', ['linear'], '[a-f0-9]{32}'),
	{kind: 'notion-token', keywords: ['tn_'], pattern: '(?<![A-Za-z0-9])ntn_[0-9]{11}[A-Za-z0-9]{32,}'},
	{kind: 'notion-token', keywords: ['secret_'], pattern: '(?<![A-Za-z0-9_])secret_[A-Za-z0-9]{43}(?![A-Za-z0-9])', accept: mixesLettersAndDigits},
	token('figma-token', ['figd_'], '[A-Za-z0-9_-]{40,}'),
	{kind: 'airtable-token', keywords: ['pat'], pattern: String.raw`(?<![A-Za-z0-9])pat[A-Za-z0-9]{14}\.[a-f0-9]{64}`},
	token('contentful-token', ['CFPAT-'], '[A-Za-z0-9_-]{43}'),
	token('hubspot-token', ['pat-na1-', 'pat-eu1-'], uuid),
	nearName('hubspot-token', ['hubspot'], uuid),
	token('postman-key', ['PMAK-'], '[a-f0-9]{24}-[a-f0-9]{34}'),
	token('typeform-token', ['tfp_'], '[A-Za-z0-9_.=-]{59}'),
	token('frameio-token', ['fio-u-'], '[A-Za-z0-9_=-]{64}'),
	token('readme-key', ['rdme_'], '[a-z0-9]{70}'),
	token('prefect-key', ['pnu_'], '[A-Za-z0-9]{36}'),
	token('infracost-key', ['ico-'], '[A-Za-z0-9]{32}'),
	token('mapbox-secret-token', ['sk.eyJ'], String.raw`[A-Za-z0-9_-]{40,}\.[A-Za-z0-9_-]{20,}`),
	token('adobe-client-secret', ['p8e-'], '[A-Za-z0-9]{32}'),
	token('age-secret-key', ['AGE-SECRET-KEY-1'], '[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'),
	token('facebook-token', ['EAAC', 'EAAM', 'EAAG'], '[A-Za-z0-9]{100,}'),
	nearName('facebook-secret', ['facebook'], '[a-f0-9]{32}'),
	nearName('dropbox-token', ['dropbox'], String.raw`sl\.[A-Za-z0-9_=-]{100,}|[a-z0-9]{11}AAAAAAAAAA[a-z0-9_=-]{43}`),
	nearName('algolia-key', ['algolia'], '[a-z0-9]{32}'),
	nearName('asana-token', ['asana'], '[0-9]/[0-9]{16}:[a-z0-9]{32}|[a-z0-9]{32}'),
	nearName('launchdarkly-key', ['launchdarkly'], '(?:api|sdk|mob)-[a-f0-9-]{36}|[a-z0-9=_-]{40}'),
	nearName('okta-token', ['okta'], '00[A-Za-z0-9_=-]{40}'),
	nearName('twitch-token', ['twitch'], '[a-z0-9]{30}'),
	nearName('twitter-secret', ['twitter'], '[a-z0-9]{45,50}|[0-9]{15,25}-[a-z0-9]{20,40}|A{22}[a-z0-9%]{80,100}'),
	nearName('netlify-token', ['netlify'], '[a-z0-9=_-]{40,46}'),
	nearName('vercel-token', ['vercel'], '[a-z0-9]{24}'),
	nearName('fastly-token', ['fastly'], '[a-z0-9=_-]{32}'),
];

const observability: SecretRule[] = [
	nearName('datadog-key', ['datadog', 'dd_api', 'dd-api', 'dd_app', 'dd-app', 'dd_client'], '[a-f0-9]{40}|[a-f0-9]{32}'),
	token('new-relic-key', ['NRAK-'], '[A-Z0-9]{27}'),
	token('new-relic-key', ['NRII-'], '[A-Za-z0-9-]{32}'),
	token('new-relic-key', ['NRJS-'], '[a-f0-9]{19}'),
	{kind: 'new-relic-key', keywords: ['nral'], pattern: '(?<![A-Za-z0-9])[a-f0-9]{36}NRAL(?![A-Za-z0-9])'},
	token('sentry-token', ['sntrys_eyJ'], '[A-Za-z0-9+/=_]{50,}'),
	token('sentry-token', ['sntryu_'], '[a-f0-9]{64}'),
	nearName('sentry-token', ['sentry'], '[a-f0-9]{64}'),
	nearName('pagerduty-token', ['pagerduty', 'pager_duty', 'pd_token', 'pd_api'], '[A-Za-z0-9_+-]{20}'),
	token('grafana-token', ['glc_'], `[${b64}]{32,}={0,3}`),
	token('grafana-token', ['glsa_'], '[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}'),
	token('grafana-token', ['eyJrIjoi'], '[A-Za-z0-9]{70,}={0,3}'),
	token('dynatrace-token', ['dt0c01.'], String.raw`[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}`),
	nearName('sumologic-key', ['sumologic', 'sumo_access'], '[a-z0-9]{64}'),
];

/** Every provider rule, in no particular order among themselves: each one's matches are its own. */
export const providerRules: readonly SecretRule[] = [...cloud, ...codeHosting, ...registries, ...ai, ...payments, ...messaging, ...saas, ...observability];
