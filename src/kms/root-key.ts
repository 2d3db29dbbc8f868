// The root key: the one key that wraps every other key's material. It comes from PAVED_MASTER_KEY
// (base64 of 32 bytes, e.g. from a hardware-backed secret store or the orchestrator) or, when that is
// unset, from `$PAVED_HOME/keys/master.key`, created on first start with mode 0600. Every replica of a
// scaled-out installation must use the same root key (set PAVED_MASTER_KEY on all of them).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../kernel/errors.js';

export const MASTER_KEY_ENV = 'PAVED_MASTER_KEY';

export interface RootKeySource {
  key: Buffer;
  /** Where it came from, for the start-up log (never the key itself). */
  origin: 'env' | 'file-created' | 'file';
  path?: string;
}

function decode(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) {
    throw new InputError(`${where} must be the base64 encoding of exactly 32 random bytes (got ${key.length} bytes); create one with \`openssl rand -base64 32\``);
  }
  return key;
}

/** Reads the root key from the environment value given, or from (or into) the key file in `home`. */
export function loadRootKey(home: string, envValue: string | undefined): RootKeySource {
  if (envValue) return { key: decode(envValue, MASTER_KEY_ENV), origin: 'env' };
  const dir = join(home, 'keys');
  const path = join(dir, 'master.key');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails when the file exists, so two servers starting on one home never write two keys.
    writeFileSync(path, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600);
    return { key: decode(readFileSync(path, 'utf8'), path), origin: 'file-created', path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { key: decode(readFileSync(path, 'utf8'), path), origin: 'file', path };
}
