// The webhook rotator: for any system Paved has no built-in rotator for. Paved POSTs each step to the
// configured URL, as AWS Secrets Manager invokes a rotation Lambda with {SecretId, ClientRequestToken,
// Step}. Because the webhook gets no Paved credentials, values travel in the body: CURRENT in every
// step, PENDING from setSecret on. createSecret may answer {"secretString": "…"} to choose the new
// value, or 204 to let Paved generate a random password. Any non-2xx answer fails the step.
//
// Each request is signed: X-Paved-Signature: sha256=HMAC-SHA256(key, "<timestamp>.<body>") with
// X-Paved-Timestamp, where the key is the CURRENT value of the secret named by config.signingSecret.
// Plain http:// is refused except to loopback addresses, since the body carries secret values.
import { createHmac } from 'node:crypto';
import { InputError } from '../../kernel/errors.js';
import { randomPassword } from './password.js';
import { passwordOptions, withNewPassword } from './random-rotator.js';
import { RotationStepError, type RotationContext, type Rotator, type SecretBytes } from './rotator.js';

const TIMEOUT_MS = 30_000;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function signBody(key: Buffer, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');
}

const asText = (v: SecretBytes | undefined) => (v ? (v.kind === 'string' ? { secretString: v.bytes.toString('utf8') } : { secretBinary: v.bytes.toString('base64') }) : null);

async function call(ctx: RotationContext, step: string, extra: Record<string, unknown>): Promise<Response> {
  const url = String(ctx.config.url);
  const key = await ctx.otherSecret(String(ctx.config.signingSecret));
  if (!key) throw new RotationStepError(`the signing secret ${String(ctx.config.signingSecret)} has no CURRENT value`);
  const body = JSON.stringify({ SecretId: ctx.secretName, ClientRequestToken: ctx.pendingVersionId, Step: step, current: asText(await ctx.current()), ...extra });
  const timestamp = String(Math.floor(Date.now() / 1000));
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-paved-timestamp': timestamp, 'x-paved-signature': signBody(key.bytes, timestamp, body), 'x-paved-step': step },
      body,
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(TIMEOUT_MS)]),
    });
  } catch (error) {
    throw new RotationStepError(`${step}: the webhook could not be reached: ${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message}`);
  }
  // The answer's body is never recorded: it may echo a value.
  if (!response.ok) throw new RotationStepError(`${step}: the webhook answered HTTP ${response.status}`);
  return response;
}

export const webhookRotator: Rotator = {
  name: 'webhook',
  validateConfig(config) {
    let url: URL;
    try {
      url = new URL(String(config.url ?? ''));
    } catch {
      throw new InputError('config.url must be an absolute https:// URL', [{ path: 'config.url', message: 'invalid' }]);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
      throw new InputError('config.url must use https:// (http:// only to a loopback address): the requests carry secret values', [{ path: 'config.url', message: url.protocol }]);
    }
    if (typeof config.signingSecret !== 'string' || !config.signingSecret) throw new InputError('config.signingSecret must name the secret that holds the HMAC key', [{ path: 'config.signingSecret', message: 'required' }]);
  },
  async createSecret(ctx) {
    const response = await call(ctx, 'createSecret', {});
    if (response.status === 204) return withNewPassword(await ctx.current(), randomPassword(passwordOptions(ctx.config)), 'password');
    let answer: { secretString?: unknown; secretBinary?: unknown };
    try {
      answer = (await response.json()) as typeof answer;
    } catch {
      throw new RotationStepError('createSecret: the webhook answered 2xx without a JSON body (answer 204 to let Paved generate a password)');
    }
    if (typeof answer.secretString === 'string' && answer.secretString) return { kind: 'string', bytes: Buffer.from(answer.secretString) };
    if (typeof answer.secretBinary === 'string' && answer.secretBinary) return { kind: 'binary', bytes: Buffer.from(answer.secretBinary, 'base64') };
    throw new RotationStepError('createSecret: the webhook answer has neither secretString nor secretBinary');
  },
  async setSecret(ctx) {
    await (await call(ctx, 'setSecret', { pending: asText(await ctx.pending()) })).body?.cancel();
  },
  async testSecret(ctx) {
    await (await call(ctx, 'testSecret', { pending: asText(await ctx.pending()) })).body?.cancel();
  },
  async finishSecret(ctx) {
    await (await call(ctx, 'finishSecret', { pending: asText(await ctx.pending()) })).body?.cancel();
  },
  async rollback(ctx) {
    await (await call(ctx, 'rollbackSecret', { pending: asText(await ctx.pending().catch(() => undefined)) })).body?.cancel();
  },
};

