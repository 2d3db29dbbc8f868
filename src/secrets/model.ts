// Secrets contract: zod schemas for the API, types for the service.
//
// Glossary
//   secret         a named, versioned value (`prod/payments/db`) encrypted under a KMS key.
//   version        one value of a secret, with an id (UUID). Versions are immutable.
//   staging label  a movable name on one version: CURRENT (what applications read), PREVIOUS (the one
//                  before), PENDING (the one a rotation is creating). Custom labels are allowed.
//   rotation       four steps run by a rotator: createSecret (make PENDING), setSecret (change the
//                  credential in the target system), testSecret (use it), finishSecret (move CURRENT).
//   rotator        the code that knows the target system: random-password, postgres, webhook.
//   resource policy Cedar policies stored with one secret; see docs/secrets.md for how they combine.
import { z } from 'zod';

export const MAX_VALUE_BYTES = 65_536;
export const CURRENT = 'CURRENT';
export const PREVIOUS = 'PREVIOUS';
export const PENDING = 'PENDING';

export const secretNameSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[A-Za-z0-9/_+=.@-]+$/, 'may contain letters, digits and / _ + = . @ -');
export const labelSchema = z.string().min(1).max(256).regex(/^[A-Za-z0-9_.-]+$/, 'may contain letters, digits and _ . -');
const tagsSchema = z.record(z.string().min(1).max(128), z.string().max(256)).refine((t) => Object.keys(t).length <= 50, 'at most 50 tags');
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

/** A value: exactly one of a string or base64 binary, at most 64 KiB either way. */
const valueFields = {
  secretString: z.string().optional(),
  secretBinary: base64.optional(),
};

export const createSecretSchema = z.object({
  name: secretNameSchema,
  description: z.string().max(2048).default(''),
  kmsKeyId: z.string().min(1).max(256).optional(),
  owner: z.string().min(1).max(100).optional(),
  tags: tagsSchema.default({}),
  ...valueFields,
});
export type CreateSecretInput = z.infer<typeof createSecretSchema>;

export const putValueSchema = z.object({
  ...valueFields,
  versionStages: z.array(labelSchema).min(1).max(20).optional(),
});

export const updateSecretSchema = z.object({
  description: z.string().max(2048).optional(),
  kmsKeyId: z.string().min(1).max(256).optional(),
});

export const tagSchema = z.object({ tags: tagsSchema });
export const untagSchema = z.object({ keys: z.array(z.string().min(1).max(128)).min(1).max(50) });
export const deleteQuerySchema = z.object({
  recoveryWindowInDays: z.coerce.number().int().min(7).max(30).optional(),
  forceDeleteWithoutRecovery: z.enum(['true', 'false']).optional(),
});
export const getValueQuerySchema = z.object({
  versionId: z.string().min(1).max(64).optional(),
  versionStage: labelSchema.optional(),
});
export const policyBodySchema = z.object({ policy: z.string().min(1).max(20_480) });
export const moveLabelSchema = z.object({
  versionStage: labelSchema,
  moveToVersionId: z.string().min(1).max(64).optional(),
  removeFromVersionId: z.string().min(1).max(64).optional(),
});

export const rotators = ['random-password', 'postgres', 'webhook'] as const;
export type RotatorName = (typeof rotators)[number];

export const rotationConfigSchema = z.object({
  rotator: z.enum(rotators),
  /** `rate(30 days)`, `rate(12 hours)`, or `cron(0 4 * * *)` (UTC). Omit for on-demand only. */
  schedule: z.string().max(200).optional(),
  /** Rotator settings (never secret values): password length, webhook URL, test query, … */
  config: z.record(z.string(), z.unknown()).default({}),
  rotateImmediately: z.boolean().default(false),
});
export type RotationConfigInput = z.infer<typeof rotationConfigSchema>;

export interface SecretVersionInfo {
  versionId: string;
  versionStages: string[];
  createdAt: string;
}

export interface SecretMetadata {
  name: string;
  description: string;
  kmsKeyId: string;
  owner: string | null;
  tags: Record<string, string>;
  hasResourcePolicy: boolean;
  rotationEnabled: boolean;
  rotator: string | null;
  rotationSchedule: string | null;
  nextRotationAt: string | null;
  lastRotatedAt: string | null;
  lastRotationError: string | null;
  rotationInProgress: { step: string; attempts: number; lastError: string | null; nextAttemptAt: string } | null;
  deletedDate: string | null;
  purgeDate: string | null;
  createdAt: string;
  updatedAt: string;
  versions?: SecretVersionInfo[];
}

export interface SecretValue {
  name: string;
  versionId: string;
  versionStages: string[];
  secretString?: string;
  secretBinary?: string;
  createdAt: string;
}
