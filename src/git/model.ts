// The git hosting contract: zod schemas for validation, types and OpenAPI.
// Glossary:
//   repository   a bare git repository `owner/name`; owner is the Paved group that may push
//   visibility   private (owning group reads), internal (every signed-in principal reads), public (anyone reads)
//   protection   rules per branch pattern: may a push rewrite history (force) or delete the branch
//   override     a one-time, ten-minute permission from an admin to push past the secrets check
import { z } from 'zod';

/** Group names and repository names: lowercase slugs, no dots at the ends (nothing path-like). */
export const slugSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/, 'use lowercase letters, digits, ".", "_" and "-", starting and ending with a letter or digit')
  .refine((s) => !s.includes('..') && !s.endsWith('.git'), 'must not contain ".." or end in ".git"');

/** A branch name as git accepts it (`git check-ref-format --branch`), kept simple and safe. */
export const branchSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._/-]+$/, 'use letters, digits, ".", "_", "-" and "/"')
  .refine((s) => !s.startsWith('/') && !s.endsWith('/') && !s.includes('..') && !s.includes('//') && !s.endsWith('.lock') && !s.startsWith('-'), 'is not a valid branch name');

export const visibilitySchema = z.enum(['private', 'internal', 'public']);
export type Visibility = z.infer<typeof visibilitySchema>;

export const createRepositorySchema = z.object({
  owner: slugSchema.describe('The Paved group that owns the repository; its members push.'),
  name: slugSchema,
  description: z.string().max(500).optional(),
  visibility: visibilitySchema.default('private'),
  defaultBranch: branchSchema.default('main'),
});
export type CreateRepository = z.infer<typeof createRepositorySchema>;

export const protectionRuleSchema = z.object({
  pattern: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9._/*-]+$/, 'a branch name or a glob with * (one path segment) and ** (any depth)'),
  allowForcePush: z.boolean().default(false),
  allowDeletion: z.boolean().default(false),
});
export type ProtectionRule = z.infer<typeof protectionRuleSchema>;
export const putProtectionSchema = z.object({ rules: z.array(protectionRuleSchema).max(100) });

export const repositorySchema = z.object({
  owner: z.string(),
  name: z.string(),
  fullName: z.string(),
  description: z.string(),
  visibility: visibilitySchema,
  defaultBranch: z.string(),
  cloneUrl: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  protection: z.array(protectionRuleSchema),
});
export type Repository = z.infer<typeof repositorySchema>;

export const createOverrideSchema = z.object({
  reason: z.string().trim().min(3).max(500).describe('Why the push may carry what the secrets check found; recorded in the audit log.'),
});
export const overrideSchema = z.object({
  id: z.string(),
  token: z.string().describe('Pass once with `git push -o paved-override=TOKEN`; shown only now.'),
  expiresAt: z.string(),
  reason: z.string(),
});

export const repoParams = z.object({ owner: slugSchema, name: slugSchema });

/** Minutes an override stays usable. */
export const OVERRIDE_MINUTES = 10;
