import {fake, uuid} from './secret-samples.js';

/** A secret in its usual surroundings: the kind the marker must name, the text, and the secret itself. */
export interface SecretCase {
	kind: string;
	text: string;
	secret: string;
}

const at = (kind: string, secret: string, around: (secret: string) => string): SecretCase => ({kind, secret, text: around(secret)});
const pem = (label: string, newline = '\n') =>
	`-----BEGIN ${label}-----${newline}${Array.from({length: 4}, () => fake('b64', 64)).join(newline)}${newline}-----END ${label}-----`;

const keyBlocks: SecretCase[] = [
	at('private-key', pem('OPENSSH PRIVATE KEY'), s => `$ cat ~/.ssh/id_ed25519\n${s}\n$ ls`),
	at('private-key', pem('RSA PRIVATE KEY'), s => s),
	at('private-key', pem('PGP PRIVATE KEY BLOCK'), s => `gpg --export-secret-keys:\n${s}`),
	// As JSON text holds it (a service-account file printed by cat): one line, the newlines escaped.
	at('private-key', pem('PRIVATE KEY', '\\n'), s => `{"type": "service_account", "private_key": "${s}\\n", "client_email": "x@p.iam.gserviceaccount.com"}`),
	// Cut off by a size cap: everything from the header on goes.
	at('private-key', `-----BEGIN EC PRIVATE KEY-----\n${fake('b64', 64)}\n${fake('b64', 20)}`, s => `key:\n${s}`),
	at('private-key', Buffer.from(`${pem('RSA PRIVATE KEY')}\n`).toString('base64'), s => `users:\n- name: admin\n  user:\n    client-key-data: ${s}\n`),
];

const cloud: SecretCase[] = [
	at('aws-access-key', `AKIA${fake('upper', 16)}`, s => `aws_access_key_id = ${s}`),
	at('aws-access-key', `ASIA${fake('upper', 16)}`, s => `"AccessKeyId": "${s}",`),
	at('aws-session-token', `FwoGZXIvYXdzE${fake('b64', 120)}`, s => `token ${s} expires soon`),
	at('aws-session-token', `IQoJb3JpZ2luX2VjE${fake('b64', 200)}`, s => `"SessionToken": "${s}"`),
	at('gcp-api-key', `AIza${fake('url', 35)}`, s => `https://maps.googleapis.com/maps/api/geocode/json?key=${s}`),
	at('google-oauth-secret', `GOCSPX-${fake('url', 28)}`, s => `{"installed": {"client_secret": "${s}"}}`),
	at('google-oauth-token', `ya29.a0${fake('url', 120)}`, s => `gcloud auth print-access-token => ${s}`),
	at('google-refresh-token', `1//0g${fake('url', 60)}`, s => `refresh: ${s}`),
	at('firebase-server-key', `AAAA${fake('url', 7)}:APA91b${fake('url', 134)}`, s => `FCM=${s}`),
	at('azure-client-secret', `${fake('alnum', 3)}8Q~${fake('url', 34)}`, s => `az ad sp credential reset => password: ${s}`),
	at('alibaba-access-key', `LTAI${fake('alnum', 20)}`, s => `aliyun configure --access-key-id ${s}`),
	at('digitalocean-token', `dop_v1_${fake('hex', 64)}`, s => `doctl auth init -t ${s}`),
	at('heroku-api-key', `HRKU-AA${fake('url', 58)}`, s => `heroku authorizations:create => ${s}`),
	at('heroku-api-key', uuid(), s => `heroku_auth: ${s}`),
	at('cloudflare-origin-ca-key', `v1.0-${fake('hex', 24)}-${fake('hex', 146)}`, s => `origin_ca_key = "${s}"`),
	at('cloudflare-api-token', fake('url', 40), s => `CLOUDFLARE_API_TOKEN=${s}`),
	at('flyio-token', `fo1_${fake('url', 43)}`, s => `fly auth token => ${s}`),
	at('flyio-token', `fm2_${fake('b64', 140)}==`, s => `FLY_ACCESS=${s}`),
	at('doppler-token', `dp.st.prd.${fake('alnum', 40)}`, s => `doppler run --token ${s} -- node app.js`),
	at('doppler-token', `dp.pt.${fake('alnum', 43)}`, s => `DOPPLER=${s}`),
	at('1password-service-token', `ops_eyJ${fake('b64', 300)}`, s => `OP=${s}`),
	at(
		'1password-secret-key',
		`A3-${fake('upper', 6)}-${fake('upper', 6)}-${fake('upper', 5)}-${fake('upper', 5)}-${fake('upper', 5)}-${fake('upper', 5)}`,
		s => `Secret Key ${s}`,
	),
	at('vault-token', `hvs.${fake('url', 90)}`, s => `vault login ${s}`),
	at('vault-token', `s.${fake('alnum', 24)}`, s => `vault write auth => token s ${s} ok`),
	at('terraform-token', `${fake('alnum', 14)}.atlasv1.${fake('url', 67)}`, s => `credentials "app.terraform.io" { token = "${s}" }`),
	at('pulumi-token', `pul-${fake('hex', 40)}`, s => `pulumi login => ${s}`),
	at('tailscale-key', `tskey-auth-k${fake('alnum', 10)}CNTRL-${fake('alnum', 32)}`, s => `tailscale up --authkey=${s}`),
	at('databricks-token', `dapi${fake('hex', 32)}`, s => `databricks configure => ${s}`),
	at('databricks-oauth-secret', `dose${fake('hex', 32)}`, s => `client secret ${s}`),
	at('supabase-token', `sbp_${fake('hex', 40)}`, s => `supabase login --token ${s}`),
	at('supabase-secret-key', `sb_secret_${fake('url', 31)}`, s => `createClient(url, "${s}")`),
	at('planetscale-token', `pscale_tkn_${fake('url', 43)}`, s => `pscale auth => ${s}`),
	at('scalingo-token', `tk-us-${fake('url', 48)}`, s => `scalingo login --api-token ${s}`),
	at('openshift-token', `sha256~${fake('url', 43)}`, s => `oc login --token=${s} --server=https://api.c1:6443`),
	at('render-api-key', `rnd_${fake('alnum', 32)}`, s => `curl https://api.render.com/v1/services -H "x: ${s}"`),
];

const codeHosting: SecretCase[] = [
	at('github-token', `ghp_${fake('alnum', 36)}`, s => `git clone https://github.com/a/b with ${s}`),
	at('github-token', `gho_${fake('alnum', 36)}`, s => `oauth: ${s}`),
	at('github-token', `github_pat_11${fake('upper', 20)}_${fake('alnum', 59)}`, s => `GH=${s}`),
	at('gitlab-token', `glpat-${fake('url', 20)}`, s => `origin https://oauth2:${s}@gitlab.com/g/p.git (fetch)`),
	at('gitlab-token', `GR1348941${fake('url', 20)}`, s => `gitlab-runner register --registration-token ${s}`),
	at('gitlab-session', fake('lower', 32), s => `Cookie: _gitlab_session=${s}`),
	at('bitbucket-app-password', `ATBB${fake('alnum', 32)}`, s => `bb=${s}`),
	at('atlassian-token', `ATATT3xFfGF0${fake('url', 180)}=${fake('hex', 8)}`, s => `JIRA=${s}`),
	at('atlassian-token', fake('lower', 24), s => `jira_api: ${s}`),
	at('bitbucket-secret', fake('lower', 32), s => `bitbucket_client: ${s}`),
	at('circleci-token', `CCIPAT_${fake('alnum', 22)}_${fake('hex', 40)}`, s => `circleci setup --token ${s}`),
	at('circleci-token', fake('hex', 40), s => `CIRCLECI_API=${s}`),
	at('buildkite-token', `bkua_${fake('hex', 40)}`, s => `bk configure => ${s}`),
	at('buildkite-token', fake('hex', 40), s => `BUILDKITE_AGENT=${s}`),
	at('travis-token', fake('lower', 22), s => `travis_api: ${s}`),
	at('codecov-token', uuid(), s => `CODECOV_UPLOAD=${s}`),
	at('droneci-token', fake('lower', 32), s => `DRONE_TOKEN=${s}`),
	at('sourcegraph-token', `sgp_${fake('hex', 40)}`, s => `src login => ${s}`),
	at('sonar-token', `squ_${fake('hex', 40)}`, s => `sonar-scanner -Dsonar.login=${s}`),
	at('snyk-token', uuid(), s => `SNYK_AUTH=${s}`),
	at('harness-token', `pat.${fake('url', 22)}.${fake('alnum', 24)}.${fake('alnum', 20)}`, s => `x-api: ${s}`),
	at('octopus-api-key', `API-${fake('upper', 26)}`, s => `octo push --apiKey ${s}`),
];

const registries: SecretCase[] = [
	at('npm-token', `npm_${fake('alnum', 36)}`, s => `//registry.npmjs.org/:_authToken=${s}`),
	at('pypi-token', `pypi-AgEIcHlwaS5vcmc${fake('url', 80)}`, s => `twine upload -p ${s} dist/*`),
	at('rubygems-token', `rubygems_${fake('hex', 48)}`, s => `:rubygems_api_key: ${s}`),
	at('nuget-api-key', `oy2${fake('lower', 43)}`, s => `dotnet nuget push x.nupkg -k ${s}`),
	at('dockerhub-token', `dckr_pat_${fake('url', 27)}`, s => `echo ${s} | docker login -u me --password-stdin`),
	at('clojars-token', `CLOJARS_${fake('lower', 60)}`, s => `deploy with ${s}`),
	at('crates-io-token', `cio${fake('alnum', 32)}`, s => `cargo login ${s}`),
	at('jfrog-token', `AKCp${fake('alnum', 69)}`, s => `jf c add --access-token ${s}`),
	at('jfrog-token', `cmVmd${fake('alnum', 59)}`, s => `ref ${s}`),
	at('jfrog-token', fake('lower', 64), s => `artifactory_identity: ${s}`),
];

const ai: SecretCase[] = [
	at('anthropic-key', `sk-ant-api03-${fake('url', 93)}AA`, s => `curl -H "x-api-key: ${s}" https://api.anthropic.com/v1/messages`),
	at('openai-key', `sk-proj-${fake('url', 74)}T3BlbkFJ${fake('url', 74)}`, s => `OPENAI said ${s}`),
	at('openai-key', `sk-${fake('alnum', 48)}`, s => `client = OpenAI(api_key=${s})`),
	at('huggingface-token', `hf_${fake('letters', 34)}`, s => `huggingface-cli login --token ${s}`),
	at('replicate-token', `r8_${fake('alnum', 37)}`, s => `REPLICATE=${s}`),
	at('cohere-key', fake('alnum', 40), s => `COHERE_API=${s}`),
	at('groq-key', `gsk_${fake('alnum', 52)}`, s => `groq ${s}`),
	at('perplexity-key', `pplx-${fake('alnum', 48)}`, s => `pplx ${s}`),
	at('xai-key', `xai-${fake('alnum', 80)}`, s => `grok ${s}`),
	at('langsmith-key', `lsv2_pt_${fake('hex', 32)}_${fake('hex', 10)}`, s => `LANGCHAIN=${s}`),
];

const payments: SecretCase[] = [
	at('stripe-key', `sk_live_${fake('alnum', 24)}`, s => `stripe ${s}`),
	at('stripe-key', `rk_test_${fake('alnum', 99)}`, s => `restricted ${s}`),
	at('stripe-webhook-secret', `whsec_${fake('alnum', 32)}`, s => `stripe listen => Ready! Your webhook signing secret is ${s}`),
	at('shopify-token', `shpat_${fake('hex', 32)}`, s => `X-Shopify-Access: ${s}`),
	at('square-token', `EAAA${fake('url', 60)}`, s => `square ${s}`),
	at('square-token', `sq0csp-${fake('url', 43)}`, s => `square app secret ${s}`),
	at('braintree-token', `access_token$production$${fake('lower', 16)}$${fake('hex', 32)}`, s => `BT=${s}`),
	at('shippo-token', `shippo_live_${fake('hex', 40)}`, s => `shippo ${s}`),
	at('easypost-key', `EZAK${fake('alnum', 54)}`, s => `easypost ${s}`),
	at('duffel-token', `duffel_test_${fake('url', 43)}`, s => `duffel ${s}`),
	at('flutterwave-key', `FLWSECK_TEST-${fake('hex', 32)}-X`, s => `flw ${s}`),
	at('plaid-secret', fake('lower', 30), s => `PLAID_SANDBOX=${s}`),
	at('coinbase-token', fake('url', 64), s => `coinbase_api: ${s}`),
];

const messaging: SecretCase[] = [
	at('slack-token', `xoxb-${fake('digits', 12)}-${fake('digits', 13)}-${fake('alnum', 24)}`, s => `post with ${s}`),
	at('slack-token', `xapp-1-A${fake('upper', 10)}-${fake('digits', 13)}-${fake('hex', 64)}`, s => `socket mode ${s}`),
	at('slack-webhook', `T${fake('upper', 10)}/B${fake('upper', 10)}/${fake('alnum', 24)}`, s => `curl -X POST https://hooks.slack.com/services/${s} -d '{}'`),
	at('discord-webhook', fake('url', 68), s => `https://discord.com/api/webhooks/${fake('digits', 18)}/${s}`),
	at('discord-token', `MTk4NjIyNDgzNDcxOTI1MjQ4.${fake('url', 6)}.${fake('url', 38)}`, s => `discord bot token ${s}`),
	at('discord-token', fake('hex', 64), s => `discord_bot: ${s}`),
	at('telegram-bot-token', `${fake('digits', 10)}:AA${fake('url', 33)}`, s => `https://api.telegram.org/bot${s}/getMe`),
	at('twilio-api-key', `SK${fake('hex', 32)}`, s => `twilio api:core:keys:create => ${s}`),
	at('twilio-auth-token', fake('hex', 32), s => `TWILIO_AUTH=${s}`),
	at('sendgrid-key', `SG.${fake('url', 22)}.${fake('url', 43)}`, s => `MAIL=${s}`),
	at('mailgun-key', `key-${fake('hex', 32)}`, s => `curl --user 'api:${s}' https://api.mailgun.net/v3`),
	at('mailgun-key', `${fake('hex', 32)}-${fake('hex', 8)}-${fake('hex', 8)}`, s => `MAILGUN_SIGNING=${s}`),
	at('mailchimp-key', fake('hex', 32), s => `mc = ${s}-us21`),
	at('brevo-key', `xkeysib-${fake('hex', 64)}-${fake('alnum', 16)}`, s => `brevo ${s}`),
	at('postmark-token', uuid(), s => `POSTMARK_SERVER=${s}`),
	at('mattermost-token', fake('lower', 26), s => `mattermost_access: ${s}`),
	at('intercom-token', fake('url', 60), s => `INTERCOM_ACCESS=${s}`),
	at('zendesk-token', fake('lower', 40), s => `zendesk_api: ${s}`),
];

const saas: SecretCase[] = [
	at('linear-key', `lin_api_${fake('alnum', 40)}`, s => `linear ${s}`),
	at('linear-key', `lin_oauth_${fake('hex', 64)}`, s => `linear oauth ${s}`),
	at('linear-key', fake('hex', 32), s => `LINEAR_CLIENT=${s}`),
	at('notion-token', `ntn_${fake('digits', 11)}${fake('alnum', 35)}`, s => `notion ${s}`),
	at('notion-token', `secret_${fake('alnum', 43)}`, s => `NOTION=${s}`),
	at('figma-token', `figd_${fake('url', 40)}`, s => `figma ${s}`),
	at('airtable-token', `pat${fake('alnum', 14)}.${fake('hex', 64)}`, s => `airtable ${s}`),
	at('contentful-token', `CFPAT-${fake('url', 43)}`, s => `contentful ${s}`),
	at('hubspot-token', `pat-na1-${uuid()}`, s => `hubspot ${s}`),
	at('hubspot-token', uuid(), s => `HUBSPOT_API=${s}`),
	at('postman-key', `PMAK-${fake('hex', 24)}-${fake('hex', 34)}`, s => `postman ${s}`),
	at('typeform-token', `tfp_${fake('url', 59)}`, s => `typeform ${s}`),
	at('frameio-token', `fio-u-${fake('url', 64)}`, s => `frameio ${s}`),
	at('readme-key', `rdme_${fake('lower', 70)}`, s => `readme ${s}`),
	at('prefect-key', `pnu_${fake('alnum', 36)}`, s => `prefect ${s}`),
	at('infracost-key', `ico-${fake('alnum', 32)}`, s => `infracost ${s}`),
	at('mapbox-secret-token', `sk.eyJ${fake('url', 60)}.${fake('url', 22)}`, s => `mapbox ${s}`),
	at('adobe-client-secret', `p8e-${fake('alnum', 32)}`, s => `adobe ${s}`),
	at('age-secret-key', `AGE-SECRET-KEY-1${fake('upper', 58).replace(/[BIO1]/g, 'Q')}`, s => `# created: 2026-11-01\n${s}`),
	at('facebook-token', `EAAC${fake('alnum', 120)}`, s => `fb ${s}`),
	at('facebook-secret', fake('hex', 32), s => `facebook_app: ${s}`),
	at('dropbox-token', `sl.${fake('url', 135)}`, s => `DROPBOX_ACCESS=${s}`),
	at('algolia-key', fake('lower', 32), s => `ALGOLIA_ADMIN=${s}`),
	at('asana-token', `1/${fake('digits', 16)}:${fake('lower', 32)}`, s => `asana_pat: ${s}`),
	at('launchdarkly-key', `sdk-${uuid()}`, s => `LAUNCHDARKLY_SDK=${s}`),
	at('okta-token', `00${fake('url', 40)}`, s => `OKTA_API=${s}`),
	at('twitch-token', fake('lower', 30), s => `TWITCH_CLIENT=${s}`),
	at('twitter-secret', fake('lower', 50), s => `TWITTER_CONSUMER=${s}`),
	at('netlify-token', fake('url', 43), s => `NETLIFY_AUTH=${s}`),
	at('vercel-token', fake('lower', 24), s => `VERCEL_ORG_AUTH=${s}`),
	at('fastly-token', fake('url', 32), s => `FASTLY_API=${s}`),
];

const observability: SecretCase[] = [
	at('datadog-key', fake('hex', 32), s => `DD_API_KEY=${s}`),
	at('datadog-key', fake('hex', 40), s => `-H "DD-APPLICATION: ${s}"`),
	at('new-relic-key', `NRAK-${fake('upper', 27)}`, s => `newrelic ${s}`),
	at('new-relic-key', `NRII-${fake('url', 32)}`, s => `insights ${s}`),
	at('new-relic-key', `NRJS-${fake('hex', 19)}`, s => `browser ${s}`),
	at('new-relic-key', `${fake('hex', 36)}NRAL`, s => `license ${s}`),
	at('sentry-token', `sntrys_eyJ${fake('b64', 120)}`, s => `SENTRY=${s}`),
	at('sentry-token', `sntryu_${fake('hex', 64)}`, s => `sentry-cli login --auth-token ${s}`),
	at('sentry-token', fake('hex', 64), s => `sentry_auth: ${s}`),
	at('pagerduty-token', fake('url', 20), s => `PAGERDUTY_API=${s}`),
	at('grafana-token', `glc_${fake('b64', 80)}=`, s => `grafana ${s}`),
	at('grafana-token', `glsa_${fake('alnum', 32)}_${fake('hex', 8)}`, s => `grafana sa ${s}`),
	at('grafana-token', `eyJrIjoi${fake('alnum', 80)}`, s => `grafana key ${s}`),
	at('dynatrace-token', `dt0c01.${fake('upper', 24)}.${fake('upper', 64)}`, s => `dt ${s}`),
	at('sumologic-key', fake('alnum', 64), s => `SUMOLOGIC_ACCESS=${s}`),
];

const web: SecretCase[] = [
	at('jwt', `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI${fake('url', 40)}.${fake('url', 43)}`, s => `cookie was ${s}`),
	at('auth-header', fake('hex', 40), s => `curl -H "Authorization: Token ${s}" https://api.example.com`),
	at('auth-header', fake('url', 30), s => `{"Authorization":"Bot ${s}"}`),
	at('bearer-token', 'abc.def.ghi-jkl_123', s => `curl -H "X-Forwarded-Auth: Bearer ${s}"`),
	at('basic-auth', Buffer.from('deploy:hunter2-horse').toString('base64'), s => `echo "Basic ${s}"`),
	at('cookie', `session=${fake('alnum', 32)}; theme=dark`, s => `curl -H 'Cookie: ${s}' https://example.com`),
	at('url-password', 'hunter2', s => `psql postgres://admin:${s}@db.internal:5432/app`),
	at('url-password', 'p@ss', s => `mongodb+srv://svc:${s}@cluster0.example.net/db`),
	at('url-password', fake('alnum', 24), s => `redis-cli -u redis://:${s}@cache:6379`),
	at('url-token', fake('alnum', 40), s => `git remote add origin https://${s}@git.example.com/team/app.git`),
	at('url-signature', `${fake('b64', 43)}%3D`, s => `https://acct.blob.core.windows.net/c/file?sv=2022-11-02&se=2026-12-01&sp=r&sig=${s}`),
	at('connection-string', 'Pa55 w0rd!', s => `Server=tcp:db.internal;Initial Catalog=shop;User ID=sa;Password=${s};Encrypt=True`),
	at('connection-string', 'sekr1t', s => `Driver={ODBC};Server=db;Uid=sa;Pwd=${s};`),
	at('connection-string', `${fake('b64', 86)}==`, s => `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${s};EndpointSuffix=core.windows.net`),
	at('connection-string', `${fake('b64', 43)}=`, s => `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=${s}`),
];

const commandLines: SecretCase[] = [
	at('password-flag', 'hunter2-horse', s => `psql --password=${s} -h db`),
	at('password-flag', `"${fake('alnum', 16)}"`, s => `helm repo add corp https://charts.example.com --username me --password ${s}`),
	at('password-flag', fake('alnum', 24), s => `gitlab-runner register --token ${s}`),
	at('password-flag', 'T0p-S3cret', s => `mysql -h db -u deploy -p${s} shop < dump.sql`),
	at('password-flag', 'Sql-Pa55', s => `sqlcmd -S db.internal -U sa -P ${s} -Q "select 1"`),
	at('password-flag', 'r3dis-pw', s => `redis-cli -h cache -a ${s} ping`),
	at('password-flag', 'ssh-pw-1', s => `sshpass -p ${s} ssh deploy@host`),
	at('password-flag', 'reg-pw-22', s => `docker login -u deploy -p ${s} registry.example.com`),
	at('password-flag', 's3cr3t', s => `curl -u admin:${s} https://jenkins.internal/api/json`),
	at('cli-secret', 'abc123def', s => `fly secrets set DATABASE=${s} -a shop`),
	at('cli-secret', '"body-value-1"', s => `gh secret set DEPLOY --body ${s}`),
	at('cli-secret', 'hunter22', s => `kubectl create secret generic db --from-literal=pw=${s}`),
	at('cli-secret', fake('b64', 40), s => `aws configure set aws_secret_access_key ${s}`),
];

const configFiles: SecretCase[] = [
	at('npmrc-auth', fake('alnum', 40), s => `//npm.pkg.example.com/:_authToken=${s}\nalways-auth=true`),
	at('npmrc-auth', Buffer.from('me:pw-12345').toString('base64'), s => `registry=https://corp.jfrog.io/npm/\n_auth=${s}`),
	at('netrc-password', 'n3trc-pw', s => `machine api.example.com login me password ${s}`),
	at('netrc-password', 'multi-line-pw', s => `machine git.example.com\n  login me\n  password ${s}\n`),
	at(
		'config-secret',
		'nuget-pw-1',
		s => `<packageSourceCredentials><corp><add key="Username" value="me" /><add key="ClearTextPassword" value="${s}" /></corp></packageSourceCredentials>`,
	),
	at('config-secret', 'mvn-pw-2', s => `<server><id>corp</id><username>me</username><password>${s}</password></server>`),
];

const assignments: SecretCase[] = [
	at('named-secret', 'correct-horse-battery', s => `export DATABASE_PASSWORD=${s}`),
	at('named-secret', '"quoted value here"', s => `API_KEY=${s} ./run`),
	at('named-secret', 't0k3n', s => `GITHUB_TOKEN=${s} make release`),
	at('named-secret', 's3cr3t', s => `client_secret: ${s}`),
	at('named-secret', 'hunter2', s => `{"accessToken": "${s}"}`),
	at('named-secret', 'pw-4567', s => `MYSQL_PWD=${s} mysql -u root`),
	at('named-secret', 'n0t-in-git', s => `PGPASSWORD='${s}' psql -h pg`),
	at('named-secret', '483920', s => `{"password": ${s}}`),
	at('named-secret', 'hunter2', s => `{"session_id":"s1","password":"${s}`),
	at('named-secret', 'abc', s => `echo \\"SECRET_KEY=\\"${s}\\"\\"`),
	at('named-secret', 'spring-pw', s => `spring.datasource.password=${s}`),
	at('named-secret', 'pypi-pw', s => `[pypi]\nusername = me\npassword = ${s}\n`),
	at('named-secret', Buffer.from('dev:registry-pass-77').toString('base64'), s => `{"auths": {"ghcr.io": {"auth": "${s}"}}}`),
	at('named-secret', fake('alnum', 52), s => `AZURE_DEVOPS_EXT_PAT=${s}`),
	at('named-secret', 'x-key-value', s => `-H "X-Api-Key: ${s}"`),
	at('named-secret', 'php-secret', s => `'db_password' => '${s}',`),
];

/** One or more cases for every built-in rule (the test checks that each rule has one). */
// Last, so its random value does not shift the made-up values of the cases above.
const eyelet: SecretCase[] = [at('eyelet-serve-secret', `eyelet_${fake('hex', 64)}`, s => `"headers": {"Authorization": "Bearer ${s}"}`)];

export const secretCases: readonly SecretCase[] = [
	...keyBlocks,
	...cloud,
	...codeHosting,
	...registries,
	...ai,
	...payments,
	...messaging,
	...saas,
	...observability,
	...web,
	...commandLines,
	...configFiles,
	...assignments,
	...eyelet,
];
