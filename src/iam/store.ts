// SQL for identity. Every function takes a Queryable so services can compose them in one transaction.
import type { Queryable } from '../kernel/db/database.js';
import type { Group, Member, ServiceAccount, Token, User } from './model.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

interface UserRow {
  id: string;
  name: string;
  display_name: string | null;
  email: string | null;
  password_hash: string | null;
  disabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    name: r.name,
    displayName: r.display_name,
    email: r.email,
    disabled: r.disabled,
    hasPassword: Boolean(r.password_hash),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    version: Number(r.version),
  };
}

export const userStore = {
  async insert(q: Queryable, u: { id: string; name: string; displayName?: string; email?: string; passwordHash?: string }) {
    const { rows } = await q.query<UserRow>(
      `INSERT INTO users (id, name, display_name, email, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [u.id, u.name, u.displayName ?? null, u.email ?? null, u.passwordHash ?? null],
    );
    return rows[0]!;
  },
  async get(q: Queryable, id: string) {
    const { rows } = await q.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0];
  },
  async list(q: Queryable, after: string | undefined, limit: number) {
    const { rows } = await q.query<UserRow>('SELECT * FROM users WHERE id > $1 ORDER BY id LIMIT $2', [after ?? '', limit]);
    return rows;
  },
  async update(q: Queryable, id: string, fields: Record<string, unknown>, expectedVersion?: number) {
    const sets = Object.keys(fields).map((k, i) => `${k} = $${i + 3}`);
    const { rows } = await q.query<UserRow>(
      `UPDATE users SET ${[...sets, 'updated_at = now()', 'version = version + 1'].join(', ')}
       WHERE id = $1 AND ($2::int IS NULL OR version = $2) RETURNING *`,
      [id, expectedVersion ?? null, ...Object.values(fields)],
    );
    return rows[0];
  },
  async recordLogin(q: Queryable, id: string, ok: boolean, lockedUntil: Date | null) {
    await q.query(
      ok
        ? 'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1'
        : 'UPDATE users SET failed_logins = failed_logins + 1, locked_until = $2 WHERE id = $1',
      ok ? [id] : [id, lockedUntil],
    );
  },
  async delete(q: Queryable, id: string) {
    await q.query(`DELETE FROM group_members WHERE member_type = 'user' AND member_id = $1`, [id]);
    await q.query(`DELETE FROM api_tokens WHERE principal_type = 'user' AND principal_id = $1`, [id]);
    const { rowCount } = await q.query('DELETE FROM users WHERE id = $1', [id]);
    return rowCount > 0;
  },
  async count(q: Queryable) {
    const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    return Number(rows[0]!.n);
  },
};

interface GroupRow {
  id: string;
  name: string;
  description: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export function toGroup(r: GroupRow, members?: Member[]): Group {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    ...(members ? { members } : {}),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    version: Number(r.version),
  };
}

export const groupStore = {
  async insert(q: Queryable, g: { id: string; description?: string }) {
    const { rows } = await q.query<GroupRow>('INSERT INTO groups (id, name, description) VALUES ($1, $1, $2) RETURNING *', [g.id, g.description ?? null]);
    return rows[0]!;
  },
  async get(q: Queryable, id: string) {
    const { rows } = await q.query<GroupRow>('SELECT * FROM groups WHERE id = $1', [id]);
    return rows[0];
  },
  async list(q: Queryable, after: string | undefined, limit: number) {
    const { rows } = await q.query<GroupRow>('SELECT * FROM groups WHERE id > $1 ORDER BY id LIMIT $2', [after ?? '', limit]);
    return rows;
  },
  async update(q: Queryable, id: string, description: string | null, expectedVersion?: number) {
    const { rows } = await q.query<GroupRow>(
      `UPDATE groups SET description = $3, updated_at = now(), version = version + 1
       WHERE id = $1 AND ($2::int IS NULL OR version = $2) RETURNING *`,
      [id, expectedVersion ?? null, description],
    );
    return rows[0];
  },
  async delete(q: Queryable, id: string) {
    await q.query(`DELETE FROM group_members WHERE member_type = 'group' AND member_id = $1`, [id]);
    const { rowCount } = await q.query('DELETE FROM groups WHERE id = $1', [id]);
    return rowCount > 0;
  },
  async members(q: Queryable, id: string): Promise<Member[]> {
    const { rows } = await q.query<{ member_type: Member['type']; member_id: string }>(
      'SELECT member_type, member_id FROM group_members WHERE group_id = $1 ORDER BY member_type, member_id',
      [id],
    );
    return rows.map((r) => ({ type: r.member_type, id: r.member_id }));
  },
  async addMember(q: Queryable, groupId: string, m: Member) {
    await q.query('INSERT INTO group_members (group_id, member_type, member_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [groupId, m.type, m.id]);
  },
  async removeMember(q: Queryable, groupId: string, m: Member) {
    const { rowCount } = await q.query('DELETE FROM group_members WHERE group_id = $1 AND member_type = $2 AND member_id = $3', [groupId, m.type, m.id]);
    return rowCount > 0;
  },
  /** Every group a member is in, directly or through nested groups. UNION (not ALL) stops at cycles. */
  async transitiveGroups(q: Queryable, type: Member['type'], id: string): Promise<string[]> {
    const { rows } = await q.query<{ id: string }>(
      `WITH RECURSIVE g(id) AS (
         SELECT group_id FROM group_members WHERE member_type = $1 AND member_id = $2
         UNION
         SELECT gm.group_id FROM group_members gm JOIN g ON gm.member_type = 'group' AND gm.member_id = g.id
       ) SELECT id FROM g ORDER BY id`,
      [type, id],
    );
    return rows.map((r) => r.id);
  },
};

interface ServiceAccountRow {
  id: string;
  name: string;
  description: string | null;
  owner_group_id: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export function toServiceAccount(r: ServiceAccountRow): ServiceAccount {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    owner: r.owner_group_id,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    version: Number(r.version),
  };
}

export const serviceAccountStore = {
  async insert(q: Queryable, s: { id: string; description?: string; owner?: string }) {
    const { rows } = await q.query<ServiceAccountRow>(
      'INSERT INTO service_accounts (id, name, description, owner_group_id) VALUES ($1, $1, $2, $3) RETURNING *',
      [s.id, s.description ?? null, s.owner ?? null],
    );
    return rows[0]!;
  },
  async get(q: Queryable, id: string) {
    const { rows } = await q.query<ServiceAccountRow>('SELECT * FROM service_accounts WHERE id = $1', [id]);
    return rows[0];
  },
  async list(q: Queryable, after: string | undefined, limit: number) {
    const { rows } = await q.query<ServiceAccountRow>('SELECT * FROM service_accounts WHERE id > $1 ORDER BY id LIMIT $2', [after ?? '', limit]);
    return rows;
  },
  async delete(q: Queryable, id: string) {
    await q.query(`DELETE FROM group_members WHERE member_type = 'service' AND member_id = $1`, [id]);
    await q.query(`DELETE FROM api_tokens WHERE principal_type = 'service' AND principal_id = $1`, [id]);
    const { rowCount } = await q.query('DELETE FROM service_accounts WHERE id = $1', [id]);
    return rowCount > 0;
  },
};

export interface TokenRow {
  id: string;
  token_hash: string;
  principal_type: 'user' | 'service';
  principal_id: string;
  description: string;
  prefix: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_at: Date;
}

export function toToken(r: TokenRow): Token {
  return {
    id: r.id,
    principal: `${r.principal_type}:${r.principal_id}`,
    description: r.description,
    prefix: r.prefix,
    createdAt: iso(r.created_at)!,
    expiresAt: iso(r.expires_at),
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
  };
}

export const tokenStore = {
  async insert(q: Queryable, t: Omit<TokenRow, 'revoked_at' | 'last_used_at' | 'created_at'>) {
    const { rows } = await q.query<TokenRow>(
      `INSERT INTO api_tokens (id, token_hash, principal_type, principal_id, description, prefix, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [t.id, t.token_hash, t.principal_type, t.principal_id, t.description, t.prefix, t.expires_at],
    );
    return rows[0]!;
  },
  /** The token and its principal, when the token is live and its principal enabled. */
  async findLive(q: Queryable, tokenHash: string) {
    const { rows } = await q.query<TokenRow & { principal_name: string }>(
      `SELECT t.*, COALESCE(u.name, s.name) AS principal_name FROM api_tokens t
       LEFT JOIN users u ON t.principal_type = 'user' AND u.id = t.principal_id AND NOT u.disabled
       LEFT JOIN service_accounts s ON t.principal_type = 'service' AND s.id = t.principal_id
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
         AND COALESCE(u.id, s.id) IS NOT NULL`,
      [tokenHash],
    );
    return rows[0];
  },
  async listFor(q: Queryable, type: string, id: string) {
    const { rows } = await q.query<TokenRow>('SELECT * FROM api_tokens WHERE principal_type = $1 AND principal_id = $2 ORDER BY created_at, id', [type, id]);
    return rows;
  },
  async get(q: Queryable, id: string) {
    const { rows } = await q.query<TokenRow>('SELECT * FROM api_tokens WHERE id = $1', [id]);
    return rows[0];
  },
  async revoke(q: Queryable, id: string) {
    const { rows } = await q.query<TokenRow>('UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING *', [id]);
    return rows[0];
  },
  async touch(q: Queryable, id: string) {
    await q.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [id]);
  },
};

export const sessionStore = {
  async insert(q: Queryable, s: { idHash: string; userId: string; csrfToken: string; expiresAt: Date }) {
    await q.query('INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [s.idHash, s.userId, s.csrfToken, s.expiresAt]);
  },
  async findLive(q: Queryable, idHash: string) {
    const { rows } = await q.query<{ user_id: string; csrf_token: string; name: string }>(
      `SELECT s.user_id, s.csrf_token, u.name FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
      [idHash],
    );
    return rows[0];
  },
  async delete(q: Queryable, idHash: string) {
    await q.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  },
  async deleteForUser(q: Queryable, userId: string) {
    await q.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  },
};

interface PolicyRow {
  id: string;
  description: string;
  body: string;
  created_by: string;
  updated_at: Date;
  version: number;
}

export const policyStore = {
  async all(q: Queryable) {
    const { rows } = await q.query<PolicyRow>('SELECT * FROM policies ORDER BY id');
    return rows;
  },
  async get(q: Queryable, id: string) {
    const { rows } = await q.query<PolicyRow>('SELECT * FROM policies WHERE id = $1', [id]);
    return rows[0];
  },
  async upsert(q: Queryable, p: { id: string; description: string; body: string; createdBy: string }, expectedVersion?: number) {
    const { rows } = await q.query<PolicyRow>(
      `INSERT INTO policies (id, description, body, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET description = EXCLUDED.description, body = EXCLUDED.body,
         updated_at = now(), version = policies.version + 1
       WHERE $5::int IS NULL OR policies.version = $5
       RETURNING *`,
      [p.id, p.description, p.body, p.createdBy, expectedVersion ?? null],
    );
    return rows[0];
  },
  async delete(q: Queryable, id: string) {
    const { rowCount } = await q.query('DELETE FROM policies WHERE id = $1', [id]);
    return rowCount > 0;
  },
  /** A number that changes whenever any policy changes, so replicas notice each other's edits. */
  async fingerprint(q: Queryable) {
    const { rows } = await q.query<{ f: string }>(`SELECT COALESCE(string_agg(id || ':' || version, ',' ORDER BY id), '') AS f FROM policies`);
    return rows[0]!.f;
  },
};

export { iso };
export type { UserRow, GroupRow, ServiceAccountRow, PolicyRow };
