// The shapes of the identity and audit API as the portal reads them (the server's zod schemas in
// src/iam/model.ts are the contract; these mirror the fields the pages use).

export interface User {
  id: string;
  name: string;
  displayName: string | null;
  email: string | null;
  disabled: boolean;
  hasPassword: boolean;
  groups?: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type MemberType = 'user' | 'service' | 'group';

export interface Member {
  type: MemberType;
  id: string;
}

export interface Group {
  id: string;
  name: string;
  description: string | null;
  members?: Member[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Policy {
  id: string;
  description: string;
  body: string;
  builtin: boolean;
  createdBy: string | null;
  updatedAt: string | null;
  version: number;
}

export interface PolicyList {
  items: Policy[];
  /** The Cedar schema policies are validated against, shown to authors. */
  schema?: string;
}

export interface AuditRecord {
  seq: number | string;
  at: string;
  actor: string;
  action: string;
  resource: string | null;
  outcome: string;
  requestId: string | null;
  sourceIp: string | null;
  details?: unknown;
}

/** Names double as ids: the same rule as the server's nameSchema, checked early for a friendlier form. */
export const NAME_PATTERN = '[a-z0-9]([a-z0-9._\\-]*[a-z0-9])?';
export const NAME_HINT = 'Lowercase letters, digits, ".", "_" and "-"; start and end with a letter or digit; at most 63 characters.';

export const memberTypeLabels: Record<MemberType, string> = { user: 'User', service: 'Service account', group: 'Group' };

export interface ApiToken {
  id: string;
  /** `user:NAME` or `service:NAME`. */
  principal: string;
  description: string;
  /** The first characters of the secret, to recognise it. */
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedToken extends ApiToken {
  /** The secret: in the create response only, never again. */
  token: string;
}

export interface ServiceAccount {
  id: string;
  name: string;
  description: string | null;
  /** The owning group: its members manage the account and its tokens. */
  owner: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}
