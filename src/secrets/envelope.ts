// Envelope encryption of secret values: each version gets a fresh data key from the secret's KMS key;
// the value is sealed with it (AES-256-GCM, AAD = name + version id, so a ciphertext cannot be moved to
// another secret or version) and only the KMS-wrapped data key is stored.
import { createHash } from 'node:crypto';
import { open, seal } from '../kms/envelope.js';
import type { KmsService } from '../kms/service.js';

/**
 * Unwrapped data keys kept in memory so a hot secret is not unwrapped on every read. The trade-off
 * (docs/secrets.md): a data key stays usable in this process for up to TTL after its KMS key is
 * disabled, and a memory dump of the server could reveal up to SIZE data keys. Both are bounded.
 */
const DATA_KEY_TTL_MS = 60_000;
const DATA_KEY_CACHE_SIZE = 10_000;

export interface Sealed {
  wrappedKey: Buffer;
  ciphertext: Buffer;
  keyId: string;
}

const aad = (name: string, versionId: string) => Buffer.from(`secret:${name}:${versionId}`, 'utf8');
const context = (name: string, versionId: string) => ({ secret: name, version: versionId });

export class SecretEnvelope {
  private readonly keys = new Map<string, { key: Buffer; at: number }>();

  constructor(private readonly kms: KmsService) {}

  async seal(keyRef: string, name: string, versionId: string, value: Buffer): Promise<Sealed> {
    const dataKey = await this.kms.dataKeyFor(keyRef, context(name, versionId));
    try {
      return { wrappedKey: dataKey.ciphertextBlob, ciphertext: seal(dataKey.plaintext, value, aad(name, versionId)), keyId: dataKey.keyId };
    } finally {
      dataKey.plaintext.fill(0);
    }
  }

  async open(name: string, versionId: string, wrappedKey: Buffer, ciphertext: Buffer): Promise<Buffer> {
    const cacheKey = createHash('sha256').update(wrappedKey).digest('base64');
    let hit = this.keys.get(cacheKey);
    if (!hit || Date.now() - hit.at > DATA_KEY_TTL_MS) {
      hit = { key: await this.kms.openDataKey(wrappedKey, context(name, versionId)), at: Date.now() };
      if (this.keys.size >= DATA_KEY_CACHE_SIZE) this.keys.delete(this.keys.keys().next().value!);
      this.keys.set(cacheKey, hit);
    }
    return open(hit.key, ciphertext, aad(name, versionId));
  }

  /** Forget every cached data key (a KMS key was disabled on this replica, tests). */
  clear(): void {
    for (const { key } of this.keys.values()) key.fill(0);
    this.keys.clear();
  }
}
