// Messaging, payments and developer SaaS: Slack, Stripe, Twilio, SendGrid, Mailgun, Shopify, Square, PayPal,
// Telegram, Discord and others whose tokens have a recognisable prefix.
import { family, hasLettersAndDigits, rotate } from './define.js';

const prefixed = (
  id: string,
  title: string,
  description: string,
  keywords: string[],
  regex: RegExp,
  severity: 'critical' | 'high' | 'medium' = 'high',
  entropy = 3.0,
) => ({ id, title, description, keywords, regex, severity, entropy, remediation: rotate });

export const saasDetectors = family('saas', [
  {
    ...prefixed('slack-bot-token', 'Slack bot token', 'A Slack bot user OAuth token (xoxb-<team>-<bot>-<secret>).', ['xoxb-'], /\b(xoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24})\b/g, 'critical'),
    equivalents: { gitleaks: ['slack-bot-token'] },
  },
  {
    ...prefixed('slack-user-token', 'Slack user token', 'A Slack user OAuth token (xoxp-<team>-<user>-<app>-<32 hex>).', ['xoxp-'], /\b(xoxp-\d{10,13}-\d{10,13}-\d{10,13}-[a-f0-9]{32})\b/g, 'critical'),
    equivalents: { gitleaks: ['slack-user-token'] },
  },
  prefixed('slack-app-token', 'Slack app-level token', 'A Slack app-level token for Socket Mode (xapp-1-…).', ['xapp-'], /\b(xapp-\d-[A-Z0-9]{9,12}-\d{10,13}-[a-f0-9]{64})\b/g, 'high'),
  prefixed('slack-config-token', 'Slack configuration token', 'A Slack app configuration access or refresh token (xoxe.xoxp-/xoxe-).', ['xoxe'], /\b(xoxe(?:\.xox[bp])?-\d-[A-Za-z0-9]{146,})\b/g, 'high'),
  prefixed('slack-legacy-token', 'Slack legacy token', 'A Slack legacy workspace, refresh or app token (xoxa-/xoxr-/xoxs-).', ['xoxa-', 'xoxr-', 'xoxs-'], /\b(xox[ars]-\d+-[0-9A-Za-z-]{20,})(?![0-9A-Za-z-])/g, 'high'),
  {
    ...prefixed('slack-webhook-url', 'Slack incoming webhook', 'A Slack incoming-webhook URL; anyone with it can post to the channel.', ['hooks.slack.com'], /(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Z0-9]{8,12}\/[A-Z0-9]{8,12}\/[A-Za-z0-9]{24,})/g, 'medium'),
    equivalents: { gitleaks: ['slack-webhook-url'] },
  },
  {
    ...prefixed('stripe-secret-key', 'Stripe live secret key', 'A Stripe live-mode secret or restricted key (sk_live_/rk_live_).', ['sk_live_', 'rk_live_'], /\b([sr]k_live_[A-Za-z0-9]{24,99})\b/g, 'critical', 3.5),
    equivalents: { gitleaks: ['stripe-access-token'] },
  },
  prefixed('stripe-webhook-secret', 'Stripe webhook signing secret', 'A Stripe webhook endpoint signing secret (whsec_…).', ['whsec_'], /\b(whsec_[A-Za-z0-9+/=]{32,})(?![A-Za-z0-9+/=])/g, 'high', 3.5),
  prefixed('twilio-api-key', 'Twilio API key', 'A Twilio API key SID with its secret nearby (SK + 32 hex, in a file mentioning Twilio).', ['twilio'], /\b(SK[0-9a-fA-F]{32})\b/g, 'high'),
  {
    ...prefixed('twilio-auth-token', 'Twilio auth token', 'A Twilio account auth token (32 hex) assigned to a twilio-named variable.', ['twilio'], /twilio[\w.-]{0,20}(?:auth|token|secret)[\w.-]{0,10}["']?\s*[:=]\s*["']?([a-f0-9]{32})\b/gi, 'critical'),
    priority: 60,
  },
  prefixed('sendgrid-api-key', 'SendGrid API key', 'A SendGrid API key (SG.<22>.<43>).', ['sg.'], /\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g, 'high', 4.0),
  prefixed('mailgun-api-key', 'Mailgun API key', 'A Mailgun private API key (key-<32 hex>).', ['key-'], /\b(key-[a-f0-9]{32})\b/g, 'high'),
  prefixed('mailchimp-api-key', 'Mailchimp API key', 'A Mailchimp API key (<32 hex>-us<N>).', ['-us'], /\b([a-f0-9]{32}-us\d{1,2})\b/g, 'high'),
  prefixed('shopify-access-token', 'Shopify access token', 'A Shopify admin, custom-app, private-app or shared secret (shpat_/shpca_/shppa_/shpss_).', ['shpat_', 'shpca_', 'shppa_', 'shpss_'], /\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b/g, 'critical'),
  prefixed('square-access-token', 'Square access token', 'A Square production access token (EAAA… or sq0atp-…).', ['eaaa', 'sq0atp-'], /\b((?:EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22}))(?![A-Za-z0-9_-])/g, 'critical', 3.5),
  prefixed('square-oauth-secret', 'Square OAuth secret', 'A Square application OAuth secret (sq0csp-…).', ['sq0csp-'], /\b(sq0csp-[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g, 'high', 3.5),
  prefixed('paypal-braintree-access-token', 'PayPal Braintree access token', 'A PayPal/Braintree production access token (access_token$production$…).', ['access_token$production'], /(access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})/g, 'critical'),
  {
    ...prefixed('paypal-client-secret', 'PayPal client secret', 'A PayPal REST client secret (80 characters starting with E) assigned to a paypal-named variable.', ['paypal'], /paypal[\w.-]{0,20}(?:secret|client_?secret)["']?\s*[:=]\s*["']?(E[A-Za-z0-9_-]{79})(?![A-Za-z0-9_-])/gi, 'high', 4.0),
    priority: 60,
  },
  prefixed('telegram-bot-token', 'Telegram bot token', 'A Telegram Bot API token (<bot id>:AA…).', [':aa'], /\b(\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/g, 'high'),
  {
    ...prefixed('discord-bot-token', 'Discord bot token', 'A Discord bot token (base64 user id . timestamp . HMAC) in a file mentioning Discord.', ['discord'], /\b([MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?![A-Za-z0-9_-])/g, 'high', 4.0),
    verify: (secret: string) => /^\d{17,20}$/.test(Buffer.from(secret.split('.')[0]!, 'base64').toString('latin1')),
  },
  prefixed('discord-webhook-url', 'Discord webhook URL', 'A Discord webhook URL; anyone with it can post to the channel.', ['discord'], /(https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,68})/g, 'medium'),
  prefixed('twitter-bearer-token', 'X (Twitter) bearer token', 'An X/Twitter API app bearer token (AAAAAAAAAAAAAAAAAAAAA…).', ['aaaaaaaaaaaaaaaaaaaa'], /\b(A{20,22}[A-Za-z0-9%]{60,120})\b/g, 'high', 3.5),
  prefixed('linear-api-key', 'Linear API key', 'A Linear personal API key (lin_api_…).', ['lin_api_'], /\b(lin_api_[A-Za-z0-9]{40})\b/g, 'high', 3.5),
  prefixed('postman-api-key', 'Postman API key', 'A Postman API key (PMAK-…).', ['pmak-'], /\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b/g, 'high'),
  prefixed('doppler-token', 'Doppler token', 'A Doppler personal, service or CLI token (dp.pt./dp.st./dp.ct.).', ['dp.pt.', 'dp.st.', 'dp.ct.', 'dp.scim.'], /\b(dp\.(?:pt|st|ct|scim)\.[A-Za-z0-9_.-]{40,})(?![A-Za-z0-9_.-])/g, 'critical', 3.5),
  prefixed('planetscale-token', 'PlanetScale token or password', 'A PlanetScale service token, OAuth token or database password (pscale_…).', ['pscale_'], /\b(pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64})(?![A-Za-z0-9_.-])/g, 'critical', 3.5),
  prefixed('supabase-access-token', 'Supabase access token', 'A Supabase management API token (sbp_…).', ['sbp_'], /\b(sbp_[a-f0-9]{40})\b/g, 'high'),
  prefixed('flyio-token', 'Fly.io token', 'A Fly.io access token (fo1_… or FlyV1 fm2_…).', ['fo1_', 'fm2_'], /\b((?:fo1_[A-Za-z0-9_-]{43}|fm2_[A-Za-z0-9+/]{100,}={0,2}))(?![A-Za-z0-9_-])/g, 'high', 3.5),
  prefixed('databricks-token', 'Databricks personal access token', 'A Databricks personal access token (dapi + 32 hex).', ['dapi'], /\b(dapi[a-f0-9]{32}(?:-\d)?)\b/g, 'high'),
  prefixed('jfrog-api-key', 'JFrog Artifactory API key', 'A JFrog Artifactory API key (AKCp…).', ['akcp'], /\b(AKCp[A-Za-z0-9]{69})\b/g, 'high', 4.0),
  prefixed('mapbox-secret-token', 'Mapbox secret token', 'A Mapbox secret access token (sk.eyJ…).', ['sk.eyj'], /\b(sk\.eyJ[A-Za-z0-9_-]{50,}\.[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g, 'high', 4.0),
  prefixed('age-secret-key', 'age secret key', 'An age encryption secret key (AGE-SECRET-KEY-1…).', ['age-secret-key-1'], /\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b/g, 'critical'),
  {
    ...prefixed('okta-api-token', 'Okta API token', 'An Okta API token (00 + 40 characters) assigned to an okta-named variable.', ['okta'], /okta[\w.-]{0,20}(?:token|key|secret)["']?\s*[:=]\s*["']?(00[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])/gi, 'high', 3.5),
    verify: (secret: string) => hasLettersAndDigits(secret),
  },
  {
    ...prefixed('heroku-api-key', 'Heroku API key', 'A Heroku API key or OAuth token (HRKU-… or a UUID assigned to a heroku-named variable).', ['heroku', 'hrku-'], /(?:\b(HRKU-[A-Za-z0-9_-]{60})(?![A-Za-z0-9_-])|heroku[\w.-]{0,20}(?:key|token)["']?\s*[:=]\s*["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b)/gi, 'high', 3.0),
  },
]);
