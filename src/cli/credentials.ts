// Where the CLI finds the server and the token: --url/--token, then PAVED_URL/PAVED_TOKEN, then the
// login saved by `paved login` in the user's config dir (mode 0600).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationError, InputError } from '../kernel/errors.js';

export interface Credentials {
  url: string;
  token: string;
}

export function configDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'paved');
}

export function credentialsPath(env: NodeJS.ProcessEnv): string {
  return join(configDir(env), 'credentials.json');
}

export function saveCredentials(env: NodeJS.ProcessEnv, credentials: Credentials): string {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = credentialsPath(env);
  writeFileSync(path, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  chmodSync(path, 0o600); // also when the file existed with wider rights
  return path;
}

function readSaved(env: NodeJS.ProcessEnv): Partial<Credentials> {
  const path = credentialsPath(env);
  if (!existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Credentials>;
    return { url: typeof parsed.url === 'string' ? parsed.url : undefined, token: typeof parsed.token === 'string' ? parsed.token : undefined };
  } catch {
    throw new InputError(`${path} is not valid JSON; run \`paved login\` again`);
  }
}

export function resolveCredentials(env: NodeJS.ProcessEnv, flags: { url?: string; token?: string }): Credentials {
  const saved = readSaved(env);
  const url = flags.url ?? env.PAVED_URL ?? saved.url;
  const token = flags.token ?? env.PAVED_TOKEN ?? saved.token;
  if (!url || !token) throw new AuthenticationError('not signed in: run `paved login --url URL --token TOKEN`, or set PAVED_URL and PAVED_TOKEN');
  return { url: url.replace(/\/+$/, ''), token };
}
