// SQL for git hosting. Functions take a Queryable so a service composes them in one transaction.
import type { Queryable } from '../kernel/db/database.js';
import type { ProtectionRule, Visibility } from './model.js';

export interface RepositoryRow {
  owner: string;
  name: string;
  description: string;
  visibility: Visibility;
  default_branch: string;
  created_by: string;
  created_at: Date | string;
}

export interface OverrideRow {
  id: string;
  owner: string;
  name: string;
  token_hash: string;
  reason: string;
  created_by: string;
  expires_at: Date | string;
  used_at: Date | string | null;
}

export const repositoryStore = {
  async insert(q: Queryable, row: Omit<RepositoryRow, 'created_at'>): Promise<RepositoryRow> {
    const { rows } = await q.query<RepositoryRow>(
      `INSERT INTO git_repositories (owner, name, description, visibility, default_branch, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING *`,
      [row.owner, row.name, row.description, row.visibility, row.default_branch, row.created_by],
    );
    return rows[0]!;
  },
  async get(q: Queryable, owner: string, name: string): Promise<RepositoryRow | undefined> {
    const { rows } = await q.query<RepositoryRow>('SELECT * FROM git_repositories WHERE owner = $1 AND name = $2', [owner, name]);
    return rows[0];
  },
  /** A page in (owner, name) order after the cursor key. */
  async list(q: Queryable, after: [string, string] | undefined, limit: number, owner?: string): Promise<RepositoryRow[]> {
    const params: unknown[] = [after?.[0] ?? '', after?.[1] ?? '', limit];
    let where = '(owner, name) > ($1, $2)';
    if (owner) {
      params.push(owner);
      where += ' AND owner = $4';
    }
    const { rows } = await q.query<RepositoryRow>(`SELECT * FROM git_repositories WHERE ${where} ORDER BY owner, name LIMIT $3`, params);
    return rows;
  },
  async delete(q: Queryable, owner: string, name: string): Promise<boolean> {
    const { rowCount } = await q.query('DELETE FROM git_repositories WHERE owner = $1 AND name = $2', [owner, name]);
    return rowCount > 0;
  },
};

export const protectionStore = {
  async list(q: Queryable, owner: string, name: string): Promise<ProtectionRule[]> {
    const { rows } = await q.query<{ pattern: string; allow_force_push: boolean; allow_deletion: boolean }>(
      'SELECT pattern, allow_force_push, allow_deletion FROM git_branch_protection WHERE owner = $1 AND name = $2 ORDER BY pattern',
      [owner, name],
    );
    return rows.map((r) => ({ pattern: r.pattern, allowForcePush: r.allow_force_push, allowDeletion: r.allow_deletion }));
  },
  async replace(q: Queryable, owner: string, name: string, rules: ProtectionRule[]): Promise<void> {
    await q.query('DELETE FROM git_branch_protection WHERE owner = $1 AND name = $2', [owner, name]);
    for (const r of rules) {
      await q.query(
        'INSERT INTO git_branch_protection (owner, name, pattern, allow_force_push, allow_deletion) VALUES ($1, $2, $3, $4, $5)',
        [owner, name, r.pattern, r.allowForcePush, r.allowDeletion],
      );
    }
  },
};

export const overrideStore = {
  async insert(q: Queryable, row: Omit<OverrideRow, 'used_at'>): Promise<void> {
    await q.query(
      'INSERT INTO git_push_overrides (id, owner, name, token_hash, reason, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [row.id, row.owner, row.name, row.token_hash, row.reason, row.created_by, row.expires_at],
    );
  },
  /** Overrides of a repository that are unused and not expired. */
  async usable(q: Queryable, owner: string, name: string): Promise<OverrideRow[]> {
    const { rows } = await q.query<OverrideRow>(
      'SELECT * FROM git_push_overrides WHERE owner = $1 AND name = $2 AND used_at IS NULL AND expires_at > now()',
      [owner, name],
    );
    return rows;
  },
  /** Marks an override used; false when another push used it first. */
  async use(q: Queryable, id: string): Promise<OverrideRow | undefined> {
    const { rows } = await q.query<OverrideRow>('UPDATE git_push_overrides SET used_at = now() WHERE id = $1 AND used_at IS NULL RETURNING *', [id]);
    return rows[0];
  },
};
