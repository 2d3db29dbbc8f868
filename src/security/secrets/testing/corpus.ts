// The labelled corpus: for every detector, generated true positives (random bytes in the real format,
// valid checksums) and near misses that must not be reported. Used by the recall/precision test and
// by the benchmark to plant secrets.
import { type Rng, alnum, b64Chars, badChecksum, checksummed, chars, digits, hexChars, letters, lowerDigits, pick, seeded, upperDigits, urlChars } from './random.js';
import { jwt, opensshKey, pemBlock, pypiToken, puttyKey } from './corpus-keys.js';

export interface CorpusCase {
  file: string;
  text: string;
  /** The secret a positive must report. */
  secret?: string;
}

export interface DetectorCorpus {
  id: string;
  positives: CorpusCase[];
  negatives: CorpusCase[];
}

type Gen = (rng: Rng) => { secret: string; text?: string; file?: string };
interface Spec {
  id: string;
  positive: Gen[];
  negative: Array<(rng: Rng) => string | { text: string; file: string }>;
}

/** Places a secret in one of several realistic lines of code or configuration. */
function wrap(rng: Rng, secret: string): string {
  return pick(rng, [
    `const client = createClient({ credentials: "${secret}" });`,
    `export SERVICE_CREDENTIAL=${secret}`,
    `  value: ${secret}`,
    `API_TOKEN = "${secret}"`,
    `{"name": "deploy", "value": "${secret}"}`,
    `curl -H "Authorization: Bearer ${secret}" https://api.corp.internal/v1/items`,
  ]);
}
/** A neutral line for near misses: no secret-like variable name that the generic detector would use. */
const neutral = (value: string) => `  value: ${value}`;
const simple = (make: (rng: Rng) => string): Gen => (rng) => ({ secret: make(rng) });
const hex = (rng: Rng, n: number) => chars(rng, hexChars, n);
const withDigits = (rng: Rng, n: number) => chars(rng, alnum, n - 2) + digits(rng, 2);

const specs: Spec[] = [
  { id: 'aws-access-key-id', positive: [simple((r) => pick(r, ['AKIA', 'ASIA']) + chars(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16))], negative: [() => neutral('AKIAIOSFODNN7EXAMPLE'), (r) => neutral('AKIA' + chars(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 12)), () => neutral('AKIAXXXXXXXXXXXXXXXX')] },
  {
    id: 'aws-secret-access-key',
    positive: [(r) => { const s = withDigits(r, 38) + '/+'; return { secret: s, text: `aws_secret_access_key = ${s}` }; }, (r) => { const s = withDigits(r, 40); return { secret: s, text: `AWS_SECRET_KEY: "${s}"` }; }],
    negative: [() => 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', () => 'aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}', () => `aws_secret_access_key = ${'a'.repeat(40)}`],
  },
  { id: 'aws-session-token', positive: [(r) => { const s = 'FwoGZXIvYXdz' + chars(r, b64Chars, 200); return { secret: s, text: `aws_session_token = ${s}` }; }], negative: [(r) => neutral('FwoGZXIvYXdz' + chars(r, b64Chars, 20))] },
  {
    id: 'gcp-service-account-key',
    positive: [(r) => { const key = pemBlock(r, 'PRIVATE KEY').replace(/\n/g, '\\n'); return { secret: key, file: 'deploy/sa.json', text: `{\n  "type": "service_account",\n  "project_id": "corp-prod",\n  "private_key_id": "${hex(r, 40)}",\n  "private_key": "${key}",\n  "client_email": "ci@corp-prod.iam.gserviceaccount.com"\n}` }; }],
    negative: [() => ({ file: 'docs/sa.json', text: '{\n  "type": "service_account",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"\n}' })],
  },
  { id: 'gcp-api-key', positive: [simple((r) => 'AIza' + chars(r, urlChars, 35))], negative: [(r) => neutral('AIza' + chars(r, urlChars, 20)), () => neutral('AIza' + 'X'.repeat(35))] },
  { id: 'gcp-oauth-client-secret', positive: [simple((r) => 'GOCSPX-' + chars(r, urlChars, 28))], negative: [() => neutral('GOCSPX-' + 'x'.repeat(28)), (r) => neutral('GOCSPX-' + chars(r, urlChars, 10))] },
  { id: 'azure-storage-account-key', positive: [(r) => { const s = chars(r, b64Chars, 86) + '=='; return { secret: s, text: `DefaultEndpointsProtocol=https;AccountName=corpdata;AccountKey=${s};EndpointSuffix=core.windows.net` }; }], negative: [() => 'DefaultEndpointsProtocol=https;AccountName=corpdata;AccountKey=${STORAGE_KEY};EndpointSuffix=core.windows.net'] },
  { id: 'azure-sas-token', positive: [(r) => { const s = chars(r, alnum, 43) + '%3D'; return { secret: s, text: `url: https://corpdata.blob.core.windows.net/backups/db.tar?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-01-01T00:00:00Z&spr=https&sig=${s}` }; }], negative: [() => 'url: https://corpdata.blob.core.windows.net/backups/db.tar?sv=2022-11-02&sp=rl&sig=<signature>'] },
  { id: 'azure-ad-client-secret', positive: [simple((r) => chars(r, alnum, 3) + digits(r, 1) + 'Q~' + chars(r, alnum + '_~.-', 34))], negative: [() => neutral('abc8Q~' + 'x'.repeat(34))] },
  { id: 'digitalocean-token', positive: [simple((r) => 'dop_v1_' + hex(r, 64))], negative: [(r) => neutral('dop_v1_' + hex(r, 32))] },
  { id: 'alibaba-access-key-id', positive: [simple((r) => 'LTAI' + withDigits(r, 20))], negative: [() => neutral('LTAI' + 'x'.repeat(20))] },
  { id: 'ibm-cloud-api-key', positive: [(r) => { const s = chars(r, urlChars, 44); return { secret: s, text: `IBM_CLOUD_API_KEY = "${s}"` }; }], negative: [() => 'IBM_CLOUD_API_KEY = "${IBM_CLOUD_API_KEY}"'] },
  { id: 'cloudflare-api-token', positive: [(r) => { const s = withDigits(r, 40); return { secret: s, text: `CLOUDFLARE_API_TOKEN=${s}` }; }], negative: [(r) => `CLOUDFLARE_API_TOKEN=${chars(r, letters, 12)}`] },
  ...(
    [
      ['github-classic-pat', 'ghp_'],
      ['github-oauth-token', 'gho_'],
      ['github-user-to-server-token', 'ghu_'],
      ['github-app-installation-token', 'ghs_'],
      ['github-refresh-token', 'ghr_'],
    ] as const
  ).map(([id, prefix]): Spec => ({ id, positive: [simple((r) => checksummed(r, prefix))], negative: [(r) => neutral(badChecksum(r, prefix)), () => neutral(prefix + 'x'.repeat(36))] })),
  { id: 'github-fine-grained-pat', positive: [simple((r) => `github_pat_${chars(r, alnum, 22)}_${chars(r, alnum, 59)}`)], negative: [(r) => neutral(`github_pat_${chars(r, alnum, 22)}`), () => neutral(`github_pat_${'x'.repeat(22)}_${'x'.repeat(59)}`)] },
  { id: 'gitlab-pat', positive: [simple((r) => 'glpat-' + withDigits(r, 20))], negative: [() => neutral('glpat-xxxxxxxxxxxxxxxxxxxx'), (r) => neutral('glpat-' + chars(r, alnum, 8))] },
  { id: 'gitlab-pipeline-trigger-token', positive: [simple((r) => 'glptt-' + hex(r, 40))], negative: [(r) => neutral('glptt-' + hex(r, 20))] },
  { id: 'gitlab-runner-token', positive: [simple((r) => 'glrt-' + withDigits(r, 20))], negative: [() => neutral('glrt-' + 'x'.repeat(20))] },
  { id: 'gitlab-deploy-token', positive: [simple((r) => 'gldt-' + withDigits(r, 20))], negative: [(r) => neutral('gldt-' + chars(r, alnum, 6))] },
  { id: 'bitbucket-app-password', positive: [simple((r) => 'ATBB' + withDigits(r, 32))], negative: [(r) => neutral('ATBB' + chars(r, alnum, 10))] },
  { id: 'atlassian-api-token', positive: [simple((r) => 'ATATT3' + chars(r, urlChars, 186) + '=' + hex(r, 8).toUpperCase())], negative: [(r) => neutral('ATATT3' + chars(r, alnum, 20))] },
  { id: 'npm-access-token', positive: [simple((r) => checksummed(r, 'npm_'))], negative: [(r) => neutral(badChecksum(r, 'npm_')), (r) => neutral('npm_' + chars(r, alnum, 20))] },
  { id: 'npmrc-auth', positive: [(r) => { const s = withDigits(r, 36); return { secret: s, file: '.npmrc', text: `registry=https://npm.corp.internal/\n//npm.corp.internal/:_authToken=${s}\nalways-auth=true` }; }], negative: [() => ({ file: '.npmrc', text: '//npm.corp.internal/:_authToken=${NPM_TOKEN}' })] },
  { id: 'pypi-upload-token', positive: [simple((r) => pypiToken(r)), simple((r) => pypiToken(r, 'test.pypi.org'))], negative: [(r) => neutral('pypi-AgEI' + chars(r, urlChars, 80))] },
  { id: 'dockerhub-pat', positive: [simple((r) => 'dckr_pat_' + withDigits(r, 27))], negative: [() => neutral('dckr_pat_' + 'x'.repeat(27))] },
  { id: 'docker-config-auth', positive: [(r) => { const s = Buffer.from(`ci-bot:${withDigits(r, 24)}`).toString('base64'); return { secret: s, file: '.docker/config.json', text: `{\n  "auths": {\n    "registry.corp.internal": {\n      "auth": "${s}"\n    }\n  }\n}` }; }], negative: [() => ({ file: '.docker/config.json', text: `{"auths": {"registry.corp.internal": {"auth": "${Buffer.from('ci-bot:changeme').toString('base64')}"}}}` })] },
  { id: 'rubygems-api-key', positive: [simple((r) => 'rubygems_' + hex(r, 48))], negative: [(r) => neutral('rubygems_' + hex(r, 10))] },
  { id: 'nuget-api-key', positive: [simple((r) => 'oy2' + chars(r, lowerDigits, 43))], negative: [(r) => neutral('oy2' + chars(r, lowerDigits, 20))] },
  { id: 'pulumi-access-token', positive: [simple((r) => 'pul-' + hex(r, 40))], negative: [() => neutral('pul-' + '0'.repeat(40))] },
  { id: 'terraform-cloud-token', positive: [simple((r) => chars(r, alnum, 14) + '.atlasv1.' + chars(r, urlChars, 67))], negative: [(r) => neutral(chars(r, alnum, 14) + '.atlasv1.' + chars(r, alnum, 10))] },
  { id: 'hashicorp-vault-token', positive: [simple((r) => 'hvs.CAESI' + chars(r, urlChars, 86))], negative: [(r) => neutral('hvs.' + chars(r, alnum, 24))] },
  { id: 'netrc-password', positive: [(r) => { const s = withDigits(r, 20); return { secret: s, file: '.netrc', text: `machine git.corp.internal\n  login deploy\n  password ${s}\n` }; }], negative: [() => ({ file: '.netrc', text: 'machine git.corp.internal login deploy password changeme' })] },
  { id: 'pgpass-password', positive: [(r) => { const s = withDigits(r, 20); return { secret: s, file: '.pgpass', text: `# hostname:port:database:username:password\ndb.corp.internal:5432:app:app_user:${s}\n` }; }], negative: [(r) => ({ file: 'notes.txt', text: `db.corp.internal:5432:app:app_user:${withDigits(r, 20)}` }), () => ({ file: '.pgpass', text: '# hostname:port:database:username:password' })] },
  { id: 'slack-bot-token', positive: [simple((r) => `xoxb-${digits(r, 12)}-${digits(r, 13)}-${chars(r, alnum, 24)}`)], negative: [() => neutral('xoxb-123-456-abc')] },
  { id: 'slack-user-token', positive: [simple((r) => `xoxp-${digits(r, 12)}-${digits(r, 12)}-${digits(r, 13)}-${hex(r, 32)}`)], negative: [() => neutral('xoxp-0000-0000-0000-' + 'x'.repeat(32))] },
  { id: 'slack-app-token', positive: [simple((r) => `xapp-1-A${chars(r, upperDigits, 10)}-${digits(r, 13)}-${hex(r, 64)}`)], negative: [(r) => neutral(`xapp-1-A${chars(r, upperDigits, 10)}-${hex(r, 10)}`)] },
  { id: 'slack-config-token', positive: [simple((r) => `xoxe.xoxp-1-${chars(r, alnum, 150)}`)], negative: [(r) => neutral(`xoxe.xoxp-1-${chars(r, alnum, 30)}`)] },
  { id: 'slack-legacy-token', positive: [simple((r) => `xoxa-2-${withDigits(r, 40)}`)], negative: [() => neutral('xoxa-2-short')] },
  { id: 'slack-webhook-url', positive: [simple((r) => `https://hooks.slack.com/services/T${chars(r, upperDigits, 10)}/B${chars(r, upperDigits, 10)}/${chars(r, alnum, 24)}`)], negative: [() => neutral('https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX')] },
  { id: 'stripe-secret-key', positive: [simple((r) => 'sk_' + 'live_' + withDigits(r, 24)), simple((r) => 'rk_' + 'live_' + withDigits(r, 24))], negative: [(r) => neutral('sk_' + 'test_' + chars(r, alnum, 24)), () => neutral('sk_' + 'live_' + 'x'.repeat(24))] },
  { id: 'stripe-webhook-secret', positive: [simple((r) => 'whsec_' + withDigits(r, 32))], negative: [() => neutral('whsec_' + 'x'.repeat(32))] },
  { id: 'twilio-api-key', positive: [(r) => { const s = 'SK' + hex(r, 32); return { secret: s, text: `# Twilio\nTWILIO_KEY_SID=${s}` }; }], negative: [(r) => neutral('SK' + hex(r, 32))] },
  { id: 'twilio-auth-token', positive: [(r) => { const s = hex(r, 32); return { secret: s, text: `twilio_auth_token = "${s}"` }; }], negative: [() => 'twilio_auth_token = "${TWILIO_AUTH_TOKEN}"'] },
  { id: 'sendgrid-api-key', positive: [simple((r) => `SG.${chars(r, urlChars, 22)}.${chars(r, urlChars, 43)}`)], negative: [() => neutral('SG.xxxxxxxx.yyyyyyyy')] },
  { id: 'mailgun-api-key', positive: [simple((r) => 'key-' + hex(r, 32))], negative: [() => neutral('key-' + '0'.repeat(32))] },
  { id: 'mailchimp-api-key', positive: [simple((r) => hex(r, 32) + '-us' + (1 + Math.floor(r() * 20)))], negative: [() => neutral('0'.repeat(32) + '-us1')] },
  { id: 'shopify-access-token', positive: [simple((r) => pick(r, ['shpat_', 'shpss_']) + hex(r, 32))], negative: [() => neutral('shpat_' + 'x'.repeat(32))] },
  { id: 'square-access-token', positive: [simple((r) => 'EAAA' + withDigits(r, 60)), simple((r) => 'sq0atp-' + withDigits(r, 22))], negative: [(r) => neutral('EAAA' + chars(r, alnum, 20))] },
  { id: 'square-oauth-secret', positive: [simple((r) => 'sq0csp-' + chars(r, urlChars, 43))], negative: [() => neutral('sq0csp-' + 'x'.repeat(43))] },
  { id: 'paypal-braintree-access-token', positive: [simple((r) => `access_token$production$${chars(r, lowerDigits, 16)}$${hex(r, 32)}`)], negative: [() => neutral('access_token$production$<merchant>$<token>')] },
  { id: 'paypal-client-secret', positive: [(r) => { const s = 'E' + chars(r, urlChars, 79); return { secret: s, text: `PAYPAL_CLIENT_SECRET="${s}"` }; }], negative: [() => 'PAYPAL_CLIENT_SECRET="${PAYPAL_CLIENT_SECRET}"'] },
  { id: 'telegram-bot-token', positive: [simple((r) => `${digits(r, 10)}:AA${chars(r, urlChars, 33)}`)], negative: [() => neutral('123456:AAbc')] },
  {
    id: 'discord-bot-token',
    positive: [(r) => { const s = `${Buffer.from(digits(r, 18)).toString('base64')}.${chars(r, urlChars, 6)}.${chars(r, urlChars, 38)}`; return { secret: s, text: `# discord bot\nBOT=${s}` }; }],
    negative: [(r) => `# discord bot\nBOT=M${chars(r, alnum, 23)}.${chars(r, urlChars, 6)}.${chars(r, urlChars, 38)}`],
  },
  { id: 'discord-webhook-url', positive: [simple((r) => `https://discord.com/api/webhooks/${digits(r, 18)}/${chars(r, urlChars, 68)}`)], negative: [() => neutral('https://discord.com/api/webhooks/<id>/<token>')] },
  { id: 'twitter-bearer-token', positive: [simple((r) => 'A'.repeat(21) + withDigits(r, 80))], negative: [() => neutral('A'.repeat(100))] },
  { id: 'linear-api-key', positive: [simple((r) => 'lin_api_' + withDigits(r, 40))], negative: [() => neutral('lin_api_' + 'x'.repeat(40))] },
  { id: 'postman-api-key', positive: [simple((r) => `PMAK-${hex(r, 24)}-${hex(r, 34)}`)], negative: [(r) => neutral(`PMAK-${hex(r, 10)}`)] },
  { id: 'doppler-token', positive: [simple((r) => 'dp.pt.' + withDigits(r, 43))], negative: [(r) => neutral('dp.pt.' + chars(r, alnum, 10))] },
  { id: 'planetscale-token', positive: [simple((r) => 'pscale_tkn_' + chars(r, urlChars, 43))], negative: [() => neutral('pscale_tkn_' + 'x'.repeat(43))] },
  { id: 'supabase-access-token', positive: [simple((r) => 'sbp_' + hex(r, 40))], negative: [(r) => neutral('sbp_' + hex(r, 12))] },
  { id: 'flyio-token', positive: [simple((r) => 'fo1_' + chars(r, urlChars, 43))], negative: [() => neutral('fo1_' + 'x'.repeat(43))] },
  { id: 'databricks-token', positive: [simple((r) => 'dapi' + hex(r, 32))], negative: [() => neutral('dapi' + '0'.repeat(32))] },
  { id: 'jfrog-api-key', positive: [simple((r) => 'AKCp' + withDigits(r, 69))], negative: [(r) => neutral('AKCp' + chars(r, alnum, 20))] },
  { id: 'mapbox-secret-token', positive: [simple((r) => `sk.eyJ1Ijoi${chars(r, urlChars, 60)}.${chars(r, urlChars, 22)}`)], negative: [() => neutral('pk.eyJ1IjoiY29ycCJ9.public')] },
  { id: 'age-secret-key', positive: [simple((r) => 'AGE-SECRET-KEY-1' + chars(r, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58))], negative: [() => neutral('AGE-SECRET-KEY-1' + 'Q'.repeat(58))] },
  { id: 'okta-api-token', positive: [(r) => { const s = '00' + withDigits(r, 40); return { secret: s, text: `OKTA_API_TOKEN=${s}` }; }], negative: [() => 'OKTA_API_TOKEN=${OKTA_TOKEN}'] },
  { id: 'heroku-api-key', positive: [simple((r) => 'HRKU-' + chars(r, urlChars, 60)), (r) => { const s = `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`; return { secret: s, text: `HEROKU_API_KEY=${s}` }; }], negative: [(r) => neutral(`${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`)] },
  { id: 'openai-api-key', positive: [simple((r) => `sk-proj-${chars(r, urlChars, 74)}T3BlbkFJ${chars(r, urlChars, 74)}`), simple((r) => `sk-${chars(r, alnum, 20)}T3BlbkFJ${chars(r, alnum, 20)}`)], negative: [(r) => neutral(`sk-${chars(r, alnum, 48)}`)] },
  { id: 'anthropic-api-key', positive: [simple((r) => `sk-ant-api03-${chars(r, urlChars, 93)}AA`)], negative: [() => neutral('sk-ant-api03-...')] },
  { id: 'huggingface-token', positive: [simple((r) => 'hf_' + chars(r, letters, 34))], negative: [() => neutral('hf_' + 'x'.repeat(34))] },
  { id: 'groq-api-key', positive: [simple((r) => 'gsk_' + withDigits(r, 52))], negative: [(r) => neutral('gsk_' + chars(r, alnum, 20))] },
  { id: 'replicate-api-token', positive: [simple((r) => 'r8_' + withDigits(r, 37))], negative: [() => neutral('r8_' + 'x'.repeat(37))] },
  { id: 'datadog-api-key', positive: [(r) => { const s = hex(r, 32); return { secret: s, text: `DD_API_KEY=${s}` }; }, (r) => { const s = hex(r, 40); return { secret: s, text: `datadog_app_key: "${s}"` }; }], negative: [() => 'DD_API_KEY=${DD_API_KEY}'] },
  { id: 'newrelic-key', positive: [simple((r) => 'NRAK-' + chars(r, upperDigits, 27)), simple((r) => hex(r, 36) + 'NRAL')], negative: [() => neutral('NRAK-' + 'X'.repeat(27))] },
  { id: 'sentry-auth-token', positive: [simple((r) => 'sntryu_' + hex(r, 64))], negative: [(r) => neutral('sntryu_' + hex(r, 16))] },
  { id: 'sentry-dsn-secret', positive: [(r) => { const s = hex(r, 32); return { secret: s, text: `SENTRY_DSN=https://${hex(r, 32)}:${s}@o123456.ingest.sentry.io/7654321` }; }], negative: [(r) => `SENTRY_DSN=https://${hex(r, 32)}@o123456.ingest.sentry.io/7654321`] },
  { id: 'grafana-token', positive: [simple((r) => `glsa_${withDigits(r, 32)}_${hex(r, 8)}`)], negative: [() => neutral('glsa_' + 'x'.repeat(32) + '_00000000')] },
  ...(
    [
      ['private-key-rsa', 'RSA PRIVATE KEY'],
      ['private-key-ec', 'EC PRIVATE KEY'],
      ['private-key-dsa', 'DSA PRIVATE KEY'],
      ['private-key-pkcs8', 'PRIVATE KEY'],
      ['private-key-pkcs8-encrypted', 'ENCRYPTED PRIVATE KEY'],
    ] as const
  ).map(([id, label]): Spec => ({
    id,
    positive: [(r) => { const s = pemBlock(r, label).trimEnd(); return { secret: s, text: s, file: 'certs/server.key' }; }],
    negative: [() => ({ file: 'docs/keys.md', text: `-----BEGIN ${label}-----\n...\n-----END ${label}-----` }), (r) => ({ file: 'certs/server.pub', text: pemBlock(r, 'PUBLIC KEY') })],
  })),
  { id: 'private-key-openssh', positive: [(r) => { const s = opensshKey(r, 'none').trimEnd(); return { secret: s, text: s, file: 'id_ed25519' }; }, (r) => { const s = opensshKey(r, 'aes256-ctr').trimEnd(); return { secret: s, text: s, file: 'id_rsa' }; }], negative: [(r) => ({ file: 'id_x', text: pemBlock(r, 'OPENSSH PRIVATE KEY') })] },
  { id: 'private-key-pgp', positive: [(r) => { const s = pemBlock(r, 'PGP PRIVATE KEY BLOCK', 'Version: GnuPG v2\n\n').trimEnd(); return { secret: s, text: s, file: 'keys/release.asc' }; }], negative: [() => ({ file: 'docs/pgp.md', text: '-----BEGIN PGP PRIVATE KEY BLOCK-----\n(your key here)\n-----END PGP PRIVATE KEY BLOCK-----' })] },
  { id: 'private-key-putty', positive: [(r) => { const s = puttyKey(r, 'none'); return { secret: s.slice(0, s.indexOf('\nPrivate-MAC')), text: s, file: 'keys/deploy.ppk' }; }], negative: [() => ({ file: 'docs/putty.md', text: 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\n...' })] },
  { id: 'jwt', positive: [simple((r) => jwt(r)), simple((r) => jwt(r, { alg: 'RS256', kid: chars(r, alnum, 8) }))], negative: [(r) => neutral(jwt(r, { typ: 'JWT' })), (r) => neutral(jwt(r, { alg: 'none' })), (r) => neutral(`eyJ${chars(r, alnum, 20)}.eyJ${chars(r, alnum, 20)}.${chars(r, alnum, 20)}`)] },
  ...(
    [
      ['connection-string-postgres', 'postgres', 'db.corp.internal:5432/app'],
      ['connection-string-mysql', 'mysql', 'mysql.corp.internal:3306/app'],
      ['connection-string-mongodb', 'mongodb+srv', 'cluster0.corp.internal/app'],
      ['connection-string-redis', 'rediss', 'cache.corp.internal:6380/0'],
      ['connection-string-amqp', 'amqps', 'mq.corp.internal:5671/vhost'],
      ['url-basic-auth', 'https', 'git.corp.internal/team/repo.git'],
    ] as const
  ).map(([id, scheme, rest]): Spec => ({
    id,
    positive: [(r) => { const s = withDigits(r, 20); return { secret: s, text: `DATABASE_URL=${scheme}://app:${s}@${rest}` }; }],
    negative: [() => `DATABASE_URL=${scheme}://user:password@localhost/app`, () => `DATABASE_URL=${scheme}://app:\${DB_PASSWORD}@${rest}`, () => `DATABASE_URL=${scheme}://app@${rest}`],
  })),
  {
    id: 'kubernetes-secret-data',
    positive: [
      (r) => { const s = Buffer.from(withDigits(r, 24)).toString('base64'); return { secret: s, file: 'k8s/db-secret.yaml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: ${s}\n` }; },
      (r) => { const s = withDigits(r, 24); return { secret: s, file: 'k8s/api-secret.yaml', text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  mode: fast\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: api\nstringData:\n  API_PASSWORD: "${s}"\n` }; },
    ],
    negative: [
      () => ({ file: 'k8s/cm.yaml', text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  mode: ${Buffer.from('fast-mode-enabled').toString('base64')}\n` }),
      () => ({ file: 'k8s/s.yaml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${Buffer.from('changeme').toString('base64')}\n` }),
    ],
  },
  {
    id: 'generic-secret',
    positive: [
      (r) => { const s = withDigits(r, 32); return { secret: s, text: `client_secret = "${s}"` }; },
      (r) => { const s = withDigits(r, 24); return { secret: s, text: `  api_key: ${s}` }; },
      (r) => { const s = withDigits(r, 18) + '!#'; return { secret: s, text: `db_password='${s}'` }; },
    ],
    negative: [
      () => 'password = "${PASSWORD}"',
      () => 'token = getTokenFromEnvironment()',
      () => 'secret_name = "database-password-prod"',
      () => 'api_key = "your_api_key_here"',
      () => 'token = "xxxxxxxxxxxxxxxxxxxx"',
      () => 'password: changeme',
      () => 'api_key: "{{ api_key }}"',
      () => 'const tokenizer = new Tokenizer("en_US.UTF-8");',
      () => 'password_file: /etc/secrets/db-password.txt',
      () => 'secretKeyRef: { name: app-secrets, key: db-password }',
      () => 'access_key = "<your-access-key>"',
      () => 'TOKEN_URL = "https://auth.corp.internal/oauth/token"',
    ],
  },
];

/** Builds the labelled corpus; the same seed gives the same corpus. */
export function buildCorpus(seed = 20261122, perGenerator = 3): DetectorCorpus[] {
  const rng = seeded(seed);
  return specs.map((spec) => {
    const positives: CorpusCase[] = [];
    for (const gen of spec.positive) {
      for (let i = 0; i < perGenerator; i++) {
        const g = gen(rng);
        positives.push({ file: g.file ?? pick(rng, ['src/config.ts', 'deploy/.env', 'settings.py', 'ci/deploy.yaml']), text: g.text ?? wrap(rng, g.secret), secret: g.secret });
      }
    }
    const negatives = spec.negative.map((gen) => {
      const n = gen(rng);
      return typeof n === 'string' ? { file: 'src/settings.yaml', text: n } : n;
    });
    return { id: spec.id, positives, negatives };
  });
}

/** One generated secret line per call, cycling through detectors: the benchmark plants these. */
export function plantableSecret(rng: Rng, index: number): { ruleId: string; text: string; secret: string } {
  // Formats that only count in their own file (.pgpass lines) are not planted into arbitrary source files.
  const plantable = specs.filter((s) => s.id !== 'pgpass-password');
  const spec = plantable[index % plantable.length]!;
  const g = pick(rng, spec.positive)(rng);
  return { ruleId: spec.id, text: g.text ?? wrap(rng, g.secret), secret: g.secret };
}

export const corpusDetectorIds = specs.map((s) => s.id);
