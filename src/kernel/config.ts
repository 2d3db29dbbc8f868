// Server configuration: read once at start from flags and PAVED_* environment variables, validated with
// zod, then injected. Capabilities never read process.env themselves.
import { resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from './errors.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const boolish = z
  .union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])])
  .transform((v) => v === true || v === '1' || v === 'true' || v === 'yes' || v === 'on');

export const configSchema = z.object({
  home: z.string().min(1).describe('Folder for the embedded database, blobs, keys and the bootstrap token'),
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  logLevel: z.enum(logLevels),
  publicUrl: z.string().url().optional(),
  /** Requests per minute per client (principal or IP) before 429. 0 disables. */
  rateLimit: z.coerce.number().int().min(0),
  /** Largest accepted request body in bytes. */
  bodyLimit: z.coerce.number().int().min(1024),
  /** A signed audit digest every N records… */
  auditDigestEvery: z.coerce.number().int().min(1),
  /** …or every N seconds, whichever comes first. */
  auditDigestSeconds: z.coerce.number().int().min(1),
  /** Load the demo organisation into an empty catalog. */
  demo: boolish,
  /** Trust X-Forwarded-* from a proxy in front of Paved (for the client IP and Secure cookies). */
  trustProxy: boolish,
});

export type Config = z.infer<typeof configSchema>;

/** Environment variable for each setting, documented in the README. */
export const envNames: Record<keyof Config, string> = {
  home: 'PAVED_HOME',
  port: 'PAVED_PORT',
  host: 'PAVED_HOST',
  databaseUrl: 'PAVED_DATABASE_URL',
  logLevel: 'PAVED_LOG_LEVEL',
  publicUrl: 'PAVED_PUBLIC_URL',
  rateLimit: 'PAVED_RATE_LIMIT',
  bodyLimit: 'PAVED_BODY_LIMIT',
  auditDigestEvery: 'PAVED_AUDIT_DIGEST_EVERY',
  auditDigestSeconds: 'PAVED_AUDIT_DIGEST_SECONDS',
  demo: 'PAVED_DEMO',
  trustProxy: 'PAVED_TRUST_PROXY',
};

export const defaults: { [K in keyof Config]?: unknown } = {
  home: './.paved',
  port: 7007,
  host: '127.0.0.1',
  logLevel: 'info',
  rateLimit: 6000,
  bodyLimit: 10 * 1024 * 1024,
  auditDigestEvery: 100,
  auditDigestSeconds: 300,
  demo: true,
  trustProxy: false,
};

/**
 * Builds the configuration: explicit overrides (flags) win over environment variables, which win over
 * defaults. Throws InputError naming every bad setting and where it came from.
 */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: Partial<Record<keyof Config, unknown>> = {}): Config {
  const raw: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  for (const key of Object.keys(envNames) as Array<keyof Config>) {
    if (overrides[key] !== undefined) {
      raw[key] = overrides[key];
      origin[key] = `--${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`;
    } else if (env[envNames[key]] !== undefined && env[envNames[key]] !== '') {
      raw[key] = env[envNames[key]];
      origin[key] = envNames[key];
    } else if (defaults[key] !== undefined) {
      raw[key] = defaults[key];
      origin[key] = 'default';
    }
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(
      'invalid configuration',
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0]);
        return { path: origin[key] ?? key, message: issue.message };
      }),
    );
  }
  return { ...parsed.data, home: resolve(parsed.data.home) };
}
