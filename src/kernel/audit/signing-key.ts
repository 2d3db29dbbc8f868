// The Ed25519 key that signs audit digests. It lives in $PAVED_HOME/keys, outside the database, so
// someone who can rewrite the database cannot forge the digests. Replicas share the same key file.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyIdOf } from './chain.js';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

export function auditKeyPaths(home: string) {
  const dir = join(home, 'keys');
  return { dir, privatePath: join(dir, 'audit-signing.pem'), publicPath: join(dir, 'audit-signing.pub.pem') };
}

export function loadOrCreateSigningKey(home: string): SigningKey {
  const { dir, privatePath, publicPath } = auditKeyPaths(home);
  if (!existsSync(privatePath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    writeFileSync(publicPath, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  }
  const privateKey = createPrivateKey(readFileSync(privatePath));
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** The public keys a verifier trusts: the home's own key plus any extra PEM files given. */
export function loadTrustedKeys(home: string, extraPemFiles: string[] = []): KeyObject[] {
  const keys: KeyObject[] = [];
  const { publicPath } = auditKeyPaths(home);
  if (existsSync(publicPath)) keys.push(createPublicKey(readFileSync(publicPath)));
  for (const file of extraPemFiles) keys.push(createPublicKey(readFileSync(file)));
  return keys;
}
