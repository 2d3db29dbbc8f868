// Parameter store logic and SQL. SecureString values are sealed with a data key from KMS (context:
// parameter name + version) and stored only as ciphertext; reads without decryption never open them.
import type { AuditLog } from '../kernel/audit/audit-log.js';
import type { ChangeRunner, SystemContext } from '../kernel/changes.js';
import type { Db, Queryable } from '../kernel/db/database.js';
import type { EventBus } from '../kernel/events.js';
import { ConflictError, InputError, NotFoundError } from '../kernel/errors.js';
import { actorName, type RequestContext } from '../kernel/http/context.js';
import { open, seal } from '../kms/envelope.js';
import type { KmsService } from '../kms/service.js';
import { ReadAuditBatcher } from '../secrets/read-audit.js';
import type { Parameter, ParameterType, PutParameterInput } from './parameters-model.js';

type Ctx = RequestContext | SystemContext;
/** The KMS alias SecureStrings use when none is chosen; created on first use. */
export const DEFAULT_PARAMS_KEY = 'alias/paved/parameters';
const iso = (d: Date | string) => new Date(d).toISOString();

export interface ParameterRow {
  name: string;
  type: ParameterType;
  description: string;
  kms_key_id: string | null;
  owner_group_id: string | null;
  current_version: number;
  expires_at: Date | null;
  notify_before_days: number | null;
  updated_at: Date;
}
interface VersionRow {
  name: string;
  version: number;
  value: string | null;
  wrapped_key: Uint8Array | null;
  ciphertext: Uint8Array | null;
  created_at: Date;
  labels: string[];
}

const aad = (name: string, version: number) => Buffer.from(`parameter:${name}:${version}`);
const kmsContext = (name: string, version: number) => ({ parameter: name, version: String(version) });

export class ParameterService {
  private readonly reads: ReadAuditBatcher;

  constructor(
    private readonly db: Db,
    private readonly change: ChangeRunner,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    private readonly kms: KmsService,
  ) {
    this.reads = new ReadAuditBatcher(db, audit);
  }

  async row(name: string, q: Queryable = this.db): Promise<ParameterRow | undefined> {
    return (await q.query<ParameterRow>('SELECT * FROM parameters WHERE name = $1', [name])).rows[0];
  }

  private async defaultKey(): Promise<string> {
    try {
      return await this.kms.resolve(DEFAULT_PARAMS_KEY);
    } catch {
      return (await this.kms.createKey({ system: 'parameters' }, { description: 'Default key for SecureString parameters', keySpec: 'SYMMETRIC_DEFAULT', alias: DEFAULT_PARAMS_KEY }).catch(async () => ({ keyId: await this.kms.resolve(DEFAULT_PARAMS_KEY) }))).keyId;
    }
  }

  async put(ctx: Ctx, name: string, input: PutParameterInput): Promise<{ name: string; version: number }> {
    const existing = await this.row(name);
    if (existing && !input.overwrite) throw new ConflictError(`parameter ${name} exists; pass overwrite: true to add a version`);
    const type = input.type ?? existing?.type ?? 'String';
    if (existing && existing.type !== type) throw new InputError(`parameter ${name} is a ${existing.type}; its type cannot change`, [{ path: 'body.type', message: type }]);
    if (type === 'StringList' && input.value.split(',').some((v) => v.trim() === '')) throw new InputError('a StringList is comma-separated values without empty items', [{ path: 'body.value', message: 'empty item' }]);
    const version = (existing ? Number(existing.current_version) : 0) + 1;
    let stored: { value: string | null; wrapped: Buffer | null; ciphertext: Buffer | null; keyId: string | null } = { value: input.value, wrapped: null, ciphertext: null, keyId: null };
    if (type === 'SecureString') {
      // Sealed before the transaction: KMS reads its own tables (one connection on the embedded database).
      const keyId = input.kmsKeyId ? await this.kms.checkEncryptable(input.kmsKeyId) : existing?.kms_key_id ?? (await this.defaultKey());
      const dataKey = await this.kms.dataKeyFor(keyId, kmsContext(name, version));
      stored = { value: null, wrapped: dataKey.ciphertextBlob, ciphertext: seal(dataKey.plaintext, Buffer.from(input.value), aad(name, version)), keyId: dataKey.keyId };
      dataKey.plaintext.fill(0);
    }
    const by = 'system' in ctx ? `system:${ctx.system}` : actorName(ctx.principal);
    await this.change(ctx, { action: 'params:PutParameter', resource: `Parameter:${name}`, details: { type, version } }, async ({ tx, publish }) => {
      if (existing) {
        const { rowCount } = await tx.query(
          `UPDATE parameters SET current_version = $2, description = coalesce($3, description), kms_key_id = coalesce($4, kms_key_id), expires_at = coalesce($5, expires_at),
             notify_before_days = coalesce($6, notify_before_days), expiry_notified_at = NULL, updated_at = now() WHERE name = $1 AND current_version = $2 - 1`,
          [name, version, input.description ?? null, stored.keyId, input.expiresAt ?? null, input.notifyBeforeDays ?? null],
        );
        if (!rowCount) throw new ConflictError(`parameter ${name} changed meanwhile; retry`);
      } else {
        const { rowCount } = await tx.query(
          `INSERT INTO parameters (name, type, description, kms_key_id, owner_group_id, expires_at, notify_before_days) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (name) DO NOTHING`,
          [name, type, input.description ?? '', stored.keyId, input.owner ?? null, input.expiresAt ?? null, input.notifyBeforeDays ?? null],
        );
        if (!rowCount) throw new ConflictError(`parameter ${name} was created meanwhile; retry with overwrite`);
      }
      await tx.query('INSERT INTO parameter_versions (name, version, value, wrapped_key, ciphertext, modified_by) VALUES ($1, $2, $3, $4, $5, $6)', [name, version, stored.value, stored.wrapped, stored.ciphertext, by]);
      await publish('params.parameter.changed', { name, version, type });
    });
    return { name, version };
  }

  private async version(name: string, by: { version?: number; label?: string }): Promise<VersionRow | undefined> {
    const where = by.version ? 'v.version = $2' : by.label ? 'v.version = (SELECT version FROM parameter_labels WHERE name = $1 AND label = $2)' : 'v.version = (SELECT current_version FROM parameters WHERE name = $1)';
    const { rows } = await this.db.query<VersionRow>(
      `SELECT v.*, coalesce((SELECT array_agg(label ORDER BY label) FROM parameter_labels l WHERE l.name = v.name AND l.version = v.version), '{}') AS labels
       FROM parameter_versions v WHERE v.name = $1 AND ${where}`,
      by.version || by.label ? [name, by.version ?? by.label] : [name],
    );
    return rows[0];
  }

  private async toParameter(row: ParameterRow, v: VersionRow, decrypt: boolean): Promise<Parameter> {
    const p: Parameter = { name: row.name, type: row.type, version: Number(v.version), labels: v.labels, lastModifiedDate: iso(v.created_at) };
    if (row.type !== 'SecureString') p.value = v.value!;
    else if (decrypt) {
      const key = await this.kms.openDataKey(Buffer.from(v.wrapped_key!), kmsContext(row.name, Number(v.version)));
      p.value = open(key, Buffer.from(v.ciphertext!), aad(row.name, Number(v.version))).toString('utf8');
      key.fill(0);
    }
    return p;
  }

  /** Reads a parameter (current, by version, or by label). Decrypted SecureString reads are audited. */
  async get(ctx: Ctx, row: ParameterRow, by: { version?: number; label?: string }, decrypt: boolean): Promise<Parameter> {
    const v = await this.version(row.name, by);
    if (!v) throw new NotFoundError(`parameter ${row.name} has no ${by.version ? `version ${by.version}` : by.label ? `label ${by.label}` : 'value'}`);
    const p = await this.toParameter(row, v, decrypt);
    if (row.type === 'SecureString' && decrypt) await this.auditRead(ctx, row.name, p.version);
    return p;
  }

  private async auditRead(ctx: Ctx, name: string, version: number) {
    await this.reads.append({ actor: 'system' in ctx ? `system:${ctx.system}` : actorName(ctx.principal), action: 'params:GetParameter', resource: `Parameter:${name}`, outcome: 'success', requestId: 'system' in ctx ? null : ctx.requestId, details: { version, decrypted: true } });
  }

  /** Parameters under a path (one level, or all levels with recursive), filtered by `visible`. */
  async byPath(ctx: Ctx, path: string, recursive: boolean, decrypt: boolean, visible: (row: ParameterRow) => boolean): Promise<Parameter[]> {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const like = prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
    const { rows } = await this.db.query<ParameterRow>('SELECT * FROM parameters WHERE name LIKE $1 ORDER BY name LIMIT 1000', [like]);
    const out: Parameter[] = [];
    for (const row of rows) {
      if (!recursive && row.name.slice(prefix.length).includes('/')) continue;
      if (!visible(row)) continue;
      const v = await this.version(row.name, {});
      if (!v) continue;
      out.push(await this.toParameter(row, v, decrypt));
      if (row.type === 'SecureString' && decrypt) await this.auditRead(ctx, row.name, Number(v.version));
    }
    return out;
  }

  async history(row: ParameterRow): Promise<Array<Omit<Parameter, 'value'> & { modifiedBy: string }>> {
    const { rows } = await this.db.query<VersionRow & { modified_by: string }>(
      `SELECT v.*, coalesce((SELECT array_agg(label ORDER BY label) FROM parameter_labels l WHERE l.name = v.name AND l.version = v.version), '{}') AS labels
       FROM parameter_versions v WHERE v.name = $1 ORDER BY v.version`,
      [row.name],
    );
    // History shows values of String and StringList only; SecureString history is metadata.
    return rows.map((v) => ({ name: row.name, type: row.type, version: Number(v.version), labels: v.labels, lastModifiedDate: iso(v.created_at), modifiedBy: v.modified_by, ...(row.type !== 'SecureString' ? { value: v.value! } : {}) }));
  }

  async label(ctx: Ctx, row: ParameterRow, version: number | undefined, labels: string[]): Promise<{ version: number }> {
    const target = version ?? Number(row.current_version);
    await this.change(ctx, { action: 'params:LabelParameterVersion', resource: `Parameter:${row.name}`, details: { version: target, labels } }, async ({ tx }) => {
      const { rows } = await tx.query('SELECT 1 FROM parameter_versions WHERE name = $1 AND version = $2', [row.name, target]);
      if (!rows.length) throw new NotFoundError(`parameter ${row.name} has no version ${target}`);
      for (const label of labels) {
        await tx.query('INSERT INTO parameter_labels (name, label, version) VALUES ($1, $2, $3) ON CONFLICT (name, label) DO UPDATE SET version = EXCLUDED.version', [row.name, label, target]);
      }
    });
    return { version: target };
  }

  async delete(ctx: Ctx, name: string): Promise<void> {
    await this.change(ctx, { action: 'params:DeleteParameter', resource: `Parameter:${name}` }, async ({ tx, publish }) => {
      const { rowCount } = await tx.query('DELETE FROM parameters WHERE name = $1', [name]);
      if (!rowCount) throw new NotFoundError(`parameter ${name} not found`);
      await publish('params.parameter.deleted', { name });
    });
  }

  /**
   * Expiry: publishes `params.parameter.expiring` once when a parameter enters its notice period, and
   * `params.parameter.expired` when it expires (then deletes it, as SSM does). SKIP LOCKED: replicas
   * never notify twice.
   */
  async runExpiry(): Promise<{ notified: number; expired: number }> {
    return this.db.transaction(async (tx) => {
      const soon = await tx.query<ParameterRow>(
        `SELECT * FROM parameters WHERE expires_at IS NOT NULL AND expiry_notified_at IS NULL AND notify_before_days IS NOT NULL
           AND expires_at - make_interval(days => notify_before_days) <= now() AND expires_at > now() FOR UPDATE SKIP LOCKED`,
      );
      for (const p of soon.rows) {
        await this.events.publish(tx, 'params.parameter.expiring', { name: p.name, expiresAt: iso(p.expires_at!) }, 'system:parameters');
        await tx.query('UPDATE parameters SET expiry_notified_at = now() WHERE name = $1', [p.name]);
      }
      const gone = await tx.query<ParameterRow>('SELECT * FROM parameters WHERE expires_at <= now() FOR UPDATE SKIP LOCKED');
      for (const p of gone.rows) {
        await this.events.publish(tx, 'params.parameter.expired', { name: p.name, expiresAt: iso(p.expires_at!) }, 'system:parameters');
        await tx.query('DELETE FROM parameters WHERE name = $1', [p.name]);
        await this.audit.append({ actor: 'system:parameters', action: 'params:DeleteParameter', resource: `Parameter:${p.name}`, outcome: 'success', details: { expired: true } }, tx);
      }
      return { notified: soon.rows.length, expired: gone.rows.length };
    });
  }
}

