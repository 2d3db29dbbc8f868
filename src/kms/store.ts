// SQL for KMS. Functions take a Queryable so the service composes them in one transaction.
import type { Queryable } from '../kernel/db/database.js';
import type { KeySpec, KeyState } from './model.js';

export interface KeyRow {
  id: string;
  description: string;
  spec: KeySpec;
  usage: string;
  state: KeyState;
  owner_group_id: string | null;
  current_version: number;
  rotation_days: number | null;
  next_rotation_at: Date | null;
  deletion_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export interface VersionRow {
  key_id: string;
  version: number;
  wrapped_material: Buffer | Uint8Array;
  public_key: string | null;
}

export const keyStore = {
  async insert(q: Queryable, k: { id: string; description: string; spec: KeySpec; usage: string; owner: string | null; rotationDays: number | null; createdBy: string }) {
    const { rows } = await q.query<KeyRow>(
      `INSERT INTO kms_keys (id, description, spec, usage, owner_group_id, rotation_days, next_rotation_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::integer, CASE WHEN $6::integer IS NULL THEN NULL ELSE now() + make_interval(days => $6::integer) END, $7) RETURNING *`,
      [k.id, k.description, k.spec, k.usage, k.owner, k.rotationDays, k.createdBy],
    );
    return rows[0]!;
  },
  async get(q: Queryable, id: string, forUpdate = false): Promise<KeyRow | undefined> {
    const { rows } = await q.query<KeyRow>(`SELECT * FROM kms_keys WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0];
  },
  async list(q: Queryable, after: string | undefined, limit: number): Promise<KeyRow[]> {
    const { rows } = await q.query<KeyRow>('SELECT * FROM kms_keys WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2', [after ?? null, limit]);
    return rows;
  },
  async update(q: Queryable, id: string, set: Partial<{ description: string; state: KeyState; rotation_days: number | null; next_rotation_at: Date | null; deletion_at: Date | null; current_version: number }>) {
    const keys = Object.keys(set) as Array<keyof typeof set>;
    const assignments = keys.map((k, i) => `${k} = $${i + 2}`).join(', ');
    const { rows } = await q.query<KeyRow>(
      `UPDATE kms_keys SET ${assignments}${keys.length ? ', ' : ''}updated_at = now(), version = version + 1 WHERE id = $1 RETURNING *`,
      [id, ...keys.map((k) => set[k])],
    );
    return rows[0];
  },
  async delete(q: Queryable, id: string) {
    await q.query('DELETE FROM kms_keys WHERE id = $1', [id]);
  },
  async insertVersion(q: Queryable, v: { keyId: string; version: number; wrapped: Buffer; publicKey: string | null }) {
    await q.query('INSERT INTO kms_key_versions (key_id, version, wrapped_material, public_key) VALUES ($1, $2, $3, $4)', [v.keyId, v.version, v.wrapped, v.publicKey]);
  },
  async getVersion(q: Queryable, keyId: string, version: number): Promise<VersionRow | undefined> {
    const { rows } = await q.query<VersionRow>('SELECT * FROM kms_key_versions WHERE key_id = $1 AND version = $2', [keyId, version]);
    return rows[0];
  },
  /**
   * Claims keys whose automatic rotation is due. SKIP LOCKED lets several replicas run this loop
   * against one PostgreSQL without rotating the same key twice; the caller rotates in the same transaction.
   */
  async claimDueRotations(q: Queryable, limit: number): Promise<KeyRow[]> {
    const { rows } = await q.query<KeyRow>(
      `SELECT * FROM kms_keys WHERE state = 'Enabled' AND next_rotation_at <= now() ORDER BY next_rotation_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows;
  },
  async claimDueDeletions(q: Queryable, limit: number): Promise<KeyRow[]> {
    const { rows } = await q.query<KeyRow>(
      `SELECT * FROM kms_keys WHERE state = 'PendingDeletion' AND deletion_at <= now() ORDER BY deletion_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows;
  },
};

export const aliasStore = {
  async resolve(q: Queryable, name: string): Promise<string | undefined> {
    const { rows } = await q.query<{ key_id: string }>('SELECT key_id FROM kms_aliases WHERE name = $1', [name]);
    return rows[0]?.key_id;
  },
  async forKeys(q: Queryable, keyIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!keyIds.length) return out;
    const { rows } = await q.query<{ name: string; key_id: string }>('SELECT name, key_id FROM kms_aliases WHERE key_id = ANY($1::text[]) ORDER BY name', [keyIds]);
    for (const r of rows) out.set(r.key_id, [...(out.get(r.key_id) ?? []), r.name]);
    return out;
  },
  async upsert(q: Queryable, name: string, keyId: string) {
    await q.query('INSERT INTO kms_aliases (name, key_id) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET key_id = EXCLUDED.key_id', [name, keyId]);
  },
  async delete(q: Queryable, name: string): Promise<boolean> {
    const { rowCount } = await q.query('DELETE FROM kms_aliases WHERE name = $1', [name]);
    return rowCount > 0;
  },
  async list(q: Queryable) {
    const { rows } = await q.query<{ name: string; key_id: string; created_at: Date }>('SELECT * FROM kms_aliases ORDER BY name');
    return rows;
  },
};
