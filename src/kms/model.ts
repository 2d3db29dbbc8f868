// KMS contract: zod schemas for the API, types for the service.
//
// Glossary
//   key          a customer key: a name for a series of key versions, with a state and an owner group.
//   key version  one piece of key material. Rotation adds a version; old versions still decrypt/verify.
//   root key     the key that wraps every key version's material (src/kms/root-key.ts). Never stored in the DB.
//   data key     a fresh AES-256 key returned in the clear AND encrypted under a customer key, for
//                envelope encryption by callers (the secrets and parameter stores use it).
//   alias        `alias/<name>`, a movable name pointing at one key.
import { z } from 'zod';

export const keySpecs = ['SYMMETRIC_DEFAULT', 'ED25519', 'ECC_NIST_P256'] as const;
export type KeySpec = (typeof keySpecs)[number];
export const keyStates = ['Enabled', 'Disabled', 'PendingDeletion'] as const;
export type KeyState = (typeof keyStates)[number];
export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY';

export const usageOf = (spec: KeySpec): KeyUsage => (spec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY');

/** A key id (`key_…`) or an alias (`alias/…`). */
export const keyRefSchema = z.string().min(1).max(256).regex(/^(key_[A-Za-z0-9]{16}|alias\/[A-Za-z0-9/_-]{1,200})$/, 'must be a key id (key_…) or an alias (alias/…)');
export const aliasNameSchema = z.string().regex(/^alias\/[A-Za-z0-9/_-]{1,200}$/, 'must look like alias/my-app/key (letters, digits, / _ -)');
const groupIdSchema = z.string().min(1).max(100);
const contextSchema = z.record(z.string().max(256), z.string().max(1024)).optional();
const b64 = z.string().max(200_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

export const createKeySchema = z.object({
  description: z.string().max(1000).default(''),
  keySpec: z.enum(keySpecs).default('SYMMETRIC_DEFAULT'),
  owner: groupIdSchema.optional(),
  /** Rotate automatically every N days (symmetric and asymmetric keys alike). */
  rotationPeriodDays: z.number().int().min(1).max(2560).optional(),
  alias: aliasNameSchema.optional(),
});
export type CreateKeyInput = z.infer<typeof createKeySchema>;

export const keySchema = z.object({
  keyId: z.string(),
  description: z.string(),
  keySpec: z.enum(keySpecs),
  keyUsage: z.enum(['ENCRYPT_DECRYPT', 'SIGN_VERIFY']),
  keyState: z.enum(keyStates),
  owner: z.string().nullable(),
  currentVersion: z.number(),
  rotationPeriodDays: z.number().nullable(),
  nextRotationAt: z.string().nullable(),
  deletionDate: z.string().nullable(),
  aliases: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type KeyMetadata = z.infer<typeof keySchema>;

export const updateKeySchema = z.object({
  description: z.string().max(1000).optional(),
  enabled: z.boolean().optional(),
  /** null turns automatic rotation off. */
  rotationPeriodDays: z.number().int().min(1).max(2560).nullable().optional(),
});

export const scheduleDeletionSchema = z.object({ pendingWindowInDays: z.number().int().min(7).max(30).default(30) });

export const encryptSchema = z.object({ plaintext: b64, encryptionContext: contextSchema });
export const decryptSchema = z.object({ ciphertextBlob: b64, encryptionContext: contextSchema });
export const dataKeySchema = z.object({ encryptionContext: contextSchema, withoutPlaintext: z.boolean().default(false) });
export const signSchema = z.object({ message: b64 });
export const verifySchema = z.object({ message: b64, signature: b64, keyVersion: z.number().int().min(1).optional() });
export const aliasSchema = z.object({ name: aliasNameSchema, keyId: keyRefSchema });
