// Identity and access: the contract (zod schemas) for users, groups, service accounts, tokens, policies.
// Glossary:
//   principal        who makes a request: a user or a service account
//   group            a named set of users, service accounts and other groups (nesting)
//   API token        a bearer credential of one principal; shown once, stored as a hash
//   session          a portal sign-in, carried by an HttpOnly cookie plus a CSRF token for writes
//   policy           a Cedar policy stored by an administrator, on top of the built-in ones
import { z } from 'zod';

/** Names double as ids (`Paved::Group::"payments"` in policies): lowercase, DNS-label-like, immutable. */
export const nameSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/, 'lowercase letters, digits, ".", "_" and "-"; starting and ending with a letter or digit');

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.string().nullable(),
  email: z.string().nullable(),
  disabled: z.boolean(),
  hasPassword: z.boolean(),
  groups: z.array(z.string()).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type User = z.infer<typeof userSchema>;

export const createUserSchema = z.object({
  name: nameSchema,
  displayName: z.string().max(200).optional(),
  email: z.string().email().optional(),
  password: z.string().min(12, 'at least 12 characters').max(1024).optional(),
  groups: z.array(nameSchema).optional(),
});

export const updateUserSchema = z.object({
  displayName: z.string().max(200).nullable().optional(),
  email: z.string().email().nullable().optional(),
  disabled: z.boolean().optional(),
  password: z.string().min(12, 'at least 12 characters').max(1024).optional(),
});

export const memberSchema = z.object({
  type: z.enum(['user', 'service', 'group']),
  id: nameSchema,
});
export type Member = z.infer<typeof memberSchema>;

export const groupSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  members: z.array(memberSchema).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type Group = z.infer<typeof groupSchema>;

export const createGroupSchema = z.object({
  name: nameSchema,
  description: z.string().max(2000).optional(),
  members: z.array(memberSchema).optional(),
});

export const updateGroupSchema = z.object({
  description: z.string().max(2000).nullable().optional(),
});

export const serviceAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  owner: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type ServiceAccount = z.infer<typeof serviceAccountSchema>;

export const createServiceAccountSchema = z.object({
  name: nameSchema,
  description: z.string().max(2000).optional(),
  owner: nameSchema.optional().describe('The owning group: its members manage the account and its tokens'),
});

export const tokenSchema = z.object({
  id: z.string(),
  principal: z.string().describe('`user:NAME` or `service:NAME`'),
  description: z.string(),
  prefix: z.string().describe('The first characters of the token, to recognise it'),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type Token = z.infer<typeof tokenSchema>;

export const createTokenSchema = z.object({
  description: z.string().max(200).default(''),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const createdTokenSchema = tokenSchema.extend({
  token: z.string().describe('The secret; shown only in this response'),
});

export const policySchema = z.object({
  id: z.string(),
  description: z.string(),
  body: z.string(),
  builtin: z.boolean(),
  createdBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  version: z.number(),
});
export type StoredPolicy = z.infer<typeof policySchema>;

export const putPolicySchema = z.object({
  description: z.string().max(2000).default(''),
  body: z.string().min(1).max(100_000),
});

export const policyIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-"');

export const loginSchema = z.union([
  z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1024) }),
  z.object({ token: z.string().min(1).max(200) }),
]);

export const whoamiSchema = z.object({
  type: z.enum(['user', 'service']),
  id: z.string(),
  name: z.string(),
  groups: z.array(z.string()),
  via: z.enum(['token', 'session']),
  csrfToken: z.string().optional(),
});

export function pageSchema<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
