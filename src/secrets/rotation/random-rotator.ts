// The built-in random-password rotator: makes a new password and has no target system to update.
// A JSON CURRENT value keeps its other fields and gets a new "password" (or config.field) member.
import { InputError } from '../../kernel/errors.js';
import { checkPasswordOptions, randomPassword, type PasswordOptions } from './password.js';
import type { RotationContext, Rotator, SecretBytes } from './rotator.js';

export function passwordOptions(config: Record<string, unknown>): PasswordOptions {
  const o: PasswordOptions = {};
  if (config.length !== undefined) o.length = Number(config.length);
  if (config.excludeCharacters !== undefined) o.excludeCharacters = String(config.excludeCharacters);
  for (const k of ['excludePunctuation', 'excludeNumbers', 'excludeUppercase', 'excludeLowercase', 'requireEachIncludedType'] as const) {
    if (config[k] !== undefined) o[k] = config[k] === true;
  }
  return o;
}

/** Replaces the password in a JSON object value, or the whole value when it is not JSON. */
export function withNewPassword(current: SecretBytes | undefined, password: string, field: string): SecretBytes {
  if (current?.kind === 'string') {
    try {
      const parsed: unknown = JSON.parse(current.bytes.toString('utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return { kind: 'string', bytes: Buffer.from(JSON.stringify({ ...(parsed as object), [field]: password })) };
      }
    } catch {
      // not JSON: the value is the password itself
    }
  }
  return { kind: 'string', bytes: Buffer.from(password) };
}

export const randomPasswordRotator: Rotator = {
  name: 'random-password',
  validateConfig(config) {
    checkPasswordOptions(passwordOptions(config));
    if (config.field !== undefined && (typeof config.field !== 'string' || !config.field)) throw new InputError('config.field must be a non-empty string', [{ path: 'config.field', message: 'invalid' }]);
  },
  async createSecret(ctx: RotationContext) {
    return withNewPassword(await ctx.current(), randomPassword(passwordOptions(ctx.config)), typeof ctx.config.field === 'string' ? ctx.config.field : 'password');
  },
  async setSecret() {},
  async testSecret() {},
  async finishSecret() {},
  async rollback() {},
};
