// Parameter store contract (the SSM Parameter Store model).
//
// Glossary
//   parameter     a named value; names are hierarchical paths (`/app/prod/db-url`) or plain names.
//   type          String, StringList (comma-separated) or SecureString (encrypted with a KMS key).
//   version       every put makes version n+1; old versions stay readable (history).
//   label         a movable name on one version (`prod-ready`); read with `name:label`, as in SSM.
//   expiry        a parameter may expire: an event is published N days before, and it is deleted at expiry.
import { z } from 'zod';

export const parameterTypes = ['String', 'StringList', 'SecureString'] as const;
export type ParameterType = (typeof parameterTypes)[number];
export const MAX_VALUE = 8192;

export const parameterNameSchema = z
  .string()
  .min(1)
  .max(1011)
  .regex(/^(\/[A-Za-z0-9_.-]+)+$|^[A-Za-z0-9_.-]+$/, 'must be a path like /app/env/key (letters, digits, _ . -) or a plain name')
  .refine((n) => n.split('/').length <= 16, 'at most 15 levels')
  .refine((n) => !/^\/?(aws|ssm|paved)(\/|$)/i.test(n), 'names may not start with aws, ssm or paved');
export const paramLabelSchema = z.string().min(1).max(100).regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'must start with a letter; letters, digits, _ . -');

export const putParameterSchema = z.object({
  value: z.string().min(1).max(MAX_VALUE),
  type: z.enum(parameterTypes).optional(),
  description: z.string().max(1024).optional(),
  kmsKeyId: z.string().min(1).max(256).optional(),
  owner: z.string().min(1).max(100).optional(),
  overwrite: z.boolean().default(false),
  /** ISO date-time when the parameter expires (is deleted). */
  expiresAt: z.iso.datetime().optional(),
  /** Publish `params.parameter.expiring` this many days before expiry. */
  notifyBeforeDays: z.number().int().min(1).max(365).optional(),
});
export type PutParameterInput = z.infer<typeof putParameterSchema>;

export const getParameterQuerySchema = z.object({
  withDecryption: z.enum(['true', 'false']).optional(),
  version: z.coerce.number().int().min(1).optional(),
  label: paramLabelSchema.optional(),
});
export const byPathQuerySchema = z.object({
  path: z.string().min(1).max(1011).regex(/^\/([A-Za-z0-9_.-]+\/?)*$/, 'must be a path starting with /'),
  recursive: z.enum(['true', 'false']).optional(),
  withDecryption: z.enum(['true', 'false']).optional(),
});
export const labelBodySchema = z.object({ version: z.number().int().min(1).optional(), labels: z.array(paramLabelSchema).min(1).max(10) });

export interface Parameter {
  name: string;
  type: ParameterType;
  /** Absent for a SecureString read without decryption. */
  value?: string;
  version: number;
  labels: string[];
  lastModifiedDate: string;
  description?: string;
}
