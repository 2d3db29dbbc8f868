// SQL for secrets. Functions take a Queryable so the service composes them in one transaction.
import type { Queryable } from '../kernel/db/database.js';

export interface SecretRow {
  name: string;
  description: string;
  kms_key_id: string;
  owner_group_id: string | null;
  tags: Record<string, string>;
  policy: string | null;
  policy_version: number;
  rotator: string | null;
  rotation_config: Record<string, unknown> | null;
  rotation_schedule: string | null;
  next_rotation_at: Date | null;
  last_rotated_at: Date | null;
  last_rotation_error: string | null;
  deleted_at: Date | null;
  purge_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export interface VersionRow {
  secret_name: string;
  version_id: string;
  kind: 'string' | 'binary';
  wrapped_key: Buffer | Uint8Array;
  ciphertext: Buffer | Uint8Array;
  created_at: Date;
}

export interface RotationRow {
  secret_name: string;
  rotation_id: string;
  pending_version_id: string;
  step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  lease_until: Date | null;
  leased_by: string | null;
}

type SecretUpdate = Partial<Omit<SecretRow, 'name' | 'created_by' | 'created_at' | 'updated_at' | 'version'>>;

export const secretStore = {
  async insert(q: Queryable, s: { name: string; description: string; kmsKeyId: string; owner: string | null; tags: Record<string, string>; createdBy: string }) {
    const { rows } = await q.query<SecretRow>(
      `INSERT INTO secrets (name, description, kms_key_id, owner_group_id, tags, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (name) DO NOTHING RETURNING *`,
      [s.name, s.description, s.kmsKeyId, s.owner, JSON.stringify(s.tags), s.createdBy],
    );
    return rows[0];
  },
  async get(q: Queryable, name: string, forUpdate = false): Promise<SecretRow | undefined> {
    const { rows } = await q.query<SecretRow>(`SELECT * FROM secrets WHERE name = $1${forUpdate ? ' FOR UPDATE' : ''}`, [name]);
    return rows[0];
  },
  async list(q: Queryable, after: string | undefined, limit: number, includeDeleted: boolean): Promise<SecretRow[]> {
    const { rows } = await q.query<SecretRow>(
      `SELECT * FROM secrets WHERE ($1::text IS NULL OR name > $1) AND ($3 OR deleted_at IS NULL) ORDER BY name LIMIT $2`,
      [after ?? null, limit, includeDeleted],
    );
    return rows;
  },
  async update(q: Queryable, name: string, set: SecretUpdate): Promise<SecretRow | undefined> {
    const keys = Object.keys(set) as Array<keyof SecretUpdate>;
    const assignments = keys.map((k, i) => `${k} = $${i + 2}`).join(', ');
    const values = keys.map((k) => (k === 'tags' || k === 'rotation_config' ? (set[k] === null ? null : JSON.stringify(set[k])) : set[k]));
    const { rows } = await q.query<SecretRow>(
      `UPDATE secrets SET ${assignments}${keys.length ? ', ' : ''}updated_at = now(), version = version + 1 WHERE name = $1 RETURNING *`,
      [name, ...values],
    );
    return rows[0];
  },
  async delete(q: Queryable, name: string): Promise<void> {
    await q.query('DELETE FROM secrets WHERE name = $1', [name]);
  },
  async claimDuePurges(q: Queryable, limit: number): Promise<string[]> {
    const { rows } = await q.query<{ name: string }>('SELECT name FROM secrets WHERE purge_at <= now() ORDER BY purge_at LIMIT $1 FOR UPDATE SKIP LOCKED', [limit]);
    return rows.map((r) => r.name);
  },
  /** Secrets whose scheduled rotation is due and that have no rotation in progress. */
  async claimDueRotations(q: Queryable, limit: number): Promise<SecretRow[]> {
    const { rows } = await q.query<SecretRow>(
      `SELECT s.* FROM secrets s WHERE s.next_rotation_at <= now() AND s.deleted_at IS NULL AND s.rotator IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM secret_rotations r WHERE r.secret_name = s.name)
       ORDER BY s.next_rotation_at LIMIT $1 FOR UPDATE OF s SKIP LOCKED`,
      [limit],
    );
    return rows;
  },
};

export const versionStore = {
  async insert(q: Queryable, v: { name: string; versionId: string; kind: 'string' | 'binary'; wrappedKey: Buffer; ciphertext: Buffer }) {
    await q.query('INSERT INTO secret_versions (secret_name, version_id, kind, wrapped_key, ciphertext) VALUES ($1, $2, $3, $4, $5)', [v.name, v.versionId, v.kind, v.wrappedKey, v.ciphertext]);
  },
  /** One query for the hot read path: the version by id, or the version a label points at. */
  async find(q: Queryable, name: string, by: { versionId?: string; label?: string }): Promise<(VersionRow & { labels: string[] }) | undefined> {
    const where = by.versionId ? 'v.version_id = $2' : 'v.version_id = (SELECT version_id FROM secret_labels WHERE secret_name = $1 AND label = $2)';
    const { rows } = await q.query<VersionRow & { labels: string[] }>(
      `SELECT v.*, coalesce((SELECT array_agg(label ORDER BY label) FROM secret_labels l WHERE l.secret_name = v.secret_name AND l.version_id = v.version_id), '{}') AS labels
       FROM secret_versions v WHERE v.secret_name = $1 AND ${where}`,
      [name, by.versionId ?? by.label],
    );
    return rows[0];
  },
  async list(q: Queryable, name: string): Promise<Array<{ version_id: string; created_at: Date; labels: string[] }>> {
    const { rows } = await q.query<{ version_id: string; created_at: Date; labels: string[] }>(
      `SELECT v.version_id, v.created_at, coalesce(array_agg(l.label ORDER BY l.label) FILTER (WHERE l.label IS NOT NULL), '{}') AS labels
       FROM secret_versions v LEFT JOIN secret_labels l ON l.secret_name = v.secret_name AND l.version_id = v.version_id
       WHERE v.secret_name = $1 GROUP BY v.version_id, v.created_at ORDER BY v.created_at DESC, v.version_id`,
      [name],
    );
    return rows;
  },
  async delete(q: Queryable, name: string, versionId: string): Promise<void> {
    await q.query('DELETE FROM secret_versions WHERE secret_name = $1 AND version_id = $2', [name, versionId]);
  },
  /** Versions without labels are deprecated; keep the newest few for get-by-id, drop the rest. */
  async pruneUnlabelled(q: Queryable, name: string, keep: number): Promise<void> {
    await q.query(
      `DELETE FROM secret_versions WHERE secret_name = $1 AND version_id IN (
         SELECT v.version_id FROM secret_versions v WHERE v.secret_name = $1
           AND NOT EXISTS (SELECT 1 FROM secret_labels l WHERE l.secret_name = v.secret_name AND l.version_id = v.version_id)
         ORDER BY v.created_at DESC OFFSET $2)`,
      [name, keep],
    );
  },
};

export const labelStore = {
  async get(q: Queryable, name: string, label: string): Promise<string | undefined> {
    const { rows } = await q.query<{ version_id: string }>('SELECT version_id FROM secret_labels WHERE secret_name = $1 AND label = $2', [name, label]);
    return rows[0]?.version_id;
  },
  async set(q: Queryable, name: string, label: string, versionId: string): Promise<void> {
    await q.query(
      `INSERT INTO secret_labels (secret_name, label, version_id) VALUES ($1, $2, $3)
       ON CONFLICT (secret_name, label) DO UPDATE SET version_id = EXCLUDED.version_id, moved_at = now()`,
      [name, label, versionId],
    );
  },
  async remove(q: Queryable, name: string, label: string): Promise<void> {
    await q.query('DELETE FROM secret_labels WHERE secret_name = $1 AND label = $2', [name, label]);
  },
};

export const rotationStore = {
  async get(q: Queryable, name: string): Promise<RotationRow | undefined> {
    const { rows } = await q.query<RotationRow>('SELECT * FROM secret_rotations WHERE secret_name = $1', [name]);
    return rows[0];
  },
  async start(q: Queryable, r: { name: string; rotationId: string; pendingVersionId: string }): Promise<boolean> {
    const { rowCount } = await q.query(
      `INSERT INTO secret_rotations (secret_name, rotation_id, pending_version_id, step) VALUES ($1, $2, $3, 'createSecret') ON CONFLICT (secret_name) DO NOTHING`,
      [r.name, r.rotationId, r.pendingVersionId],
    );
    return rowCount > 0;
  },
  /**
   * Claims one rotation that is due and not leased (or whose lease expired because its worker died).
   * SKIP LOCKED: replicas running this loop on one PostgreSQL never claim the same rotation.
   */
  async claim(q: Queryable, worker: string, leaseSeconds: number): Promise<RotationRow | undefined> {
    const { rows } = await q.query<RotationRow>(
      `WITH due AS (
         SELECT secret_name FROM secret_rotations
         WHERE next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
         ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       UPDATE secret_rotations r SET lease_until = now() + make_interval(secs => $2), leased_by = $1, updated_at = now()
       FROM due WHERE r.secret_name = due.secret_name RETURNING r.*`,
      [worker, leaseSeconds],
    );
    return rows[0];
  },
  async advance(q: Queryable, name: string, rotationId: string, step: RotationRow['step'], leaseSeconds: number): Promise<void> {
    await q.query(
      `UPDATE secret_rotations SET step = $3, lease_until = now() + make_interval(secs => $4), updated_at = now() WHERE secret_name = $1 AND rotation_id = $2`,
      [name, rotationId, step, leaseSeconds],
    );
  },
  async finish(q: Queryable, name: string, rotationId: string): Promise<void> {
    await q.query('DELETE FROM secret_rotations WHERE secret_name = $1 AND rotation_id = $2', [name, rotationId]);
  },
  async history(q: Queryable, h: { name: string; rotationId: string; outcome: 'succeeded' | 'rolled_back' | 'failed'; step?: string; error?: string }): Promise<void> {
    await q.query('INSERT INTO secret_rotation_history (secret_name, rotation_id, outcome, step, error) VALUES ($1, $2, $3, $4, $5)', [h.name, h.rotationId, h.outcome, h.step ?? null, h.error ?? null]);
  },
  async recentHistory(q: Queryable, name: string, limit: number) {
    const { rows } = await q.query<{ rotation_id: string; outcome: string; step: string | null; error: string | null; at: Date }>(
      'SELECT rotation_id, outcome, step, error, at FROM secret_rotation_history WHERE secret_name = $1 ORDER BY id DESC LIMIT $2',
      [name, limit],
    );
    return rows;
  },
};
