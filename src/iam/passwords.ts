// Password hashing with argon2id (OWASP's first choice), via @node-rs/argon2: a maintained native build
// shipped inside the npm package, so nothing downloads at install time.
import { hash, verify } from '@node-rs/argon2';

// OWASP's minimum for argon2id: m=19 MiB, t=2, p=1.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a random password: verifying against it costs the same time as a real check. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  return (dummy ??= hash('paved-no-such-user-' + Math.random(), options));
}
