// Secrets domain logic: metadata, encrypted versions, staging labels, deletion with a recovery window,
// resource policies. Values are only ever in memory here: never in logs, errors, lists or audit records.
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../kernel/audit/audit-log.js';
import type { Authorizer } from '../kernel/authz/authorizer.js';
import type { ChangeRunner, SystemContext } from '../kernel/changes.js';
import type { Db, Queryable } from '../kernel/db/database.js';
import { ConflictError, InputError, NotAllowedError, NotFoundError, PayloadTooLargeError } from '../kernel/errors.js';
import { actorName, principalEntityType, type RequestContext } from '../kernel/http/context.js';
import type { KmsService } from '../kms/service.js';
import { SecretEnvelope } from './envelope.js';
import { CURRENT, MAX_VALUE_BYTES, PENDING, PREVIOUS, type CreateSecretInput, type SecretMetadata, type SecretValue } from './model.js';
import { SecretPolicies } from './policy.js';
import { ReadAuditBatcher } from './read-audit.js';
import { labelStore, rotationStore, secretStore, versionStore, type SecretRow } from './store.js';

type Ctx = RequestContext | SystemContext;
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const DAY_MS = 86_400_000;
/** Deprecated (unlabelled) versions kept for get-by-id after their labels moved on. */
const KEEP_UNLABELLED = 10;
/** The KMS alias of the key secrets use when none is chosen; created on first start. */
export const DEFAULT_SECRETS_KEY = 'alias/paved/secrets';
/** Actions a secret's resource policy does not govern, so an owner can always repair the policy. */
const POLICY_ACTIONS = new Set(['secrets:GetResourcePolicy', 'secrets:PutResourcePolicy', 'secrets:DeleteResourcePolicy']);

export interface SecretInput {
  secretString?: string;
  secretBinary?: string;
}

/** Checks and encodes a value; the error messages name the field and the limit, never the value. */
export function valueOf(input: SecretInput, required: boolean): { kind: 'string' | 'binary'; bytes: Buffer } | undefined {
  const has = (v: unknown) => v !== undefined;
  if (has(input.secretString) && has(input.secretBinary)) throw new InputError('give either secretString or secretBinary, not both', [{ path: 'body', message: 'both given' }]);
  if (!has(input.secretString) && !has(input.secretBinary)) {
    if (required) throw new InputError('a value is required: secretString or secretBinary', [{ path: 'body.secretString', message: 'required' }]);
    return undefined;
  }
  const kind = has(input.secretString) ? 'string' : 'binary';
  const bytes = kind === 'string' ? Buffer.from(input.secretString!, 'utf8') : Buffer.from(input.secretBinary!, 'base64');
  if (bytes.length > MAX_VALUE_BYTES) throw new PayloadTooLargeError(`a secret value may be at most ${MAX_VALUE_BYTES} bytes (this one is ${bytes.length})`, [{ path: `body.${kind === 'string' ? 'secretString' : 'secretBinary'}`, message: 'too large' }]);
  if (bytes.length === 0) throw new InputError('a secret value may not be empty', [{ path: `body.${kind === 'string' ? 'secretString' : 'secretBinary'}`, message: 'empty' }]);
  return { kind, bytes };
}

export class SecretsService {
  readonly envelope: SecretEnvelope;
  readonly policies: SecretPolicies;
  private readonly reads: ReadAuditBatcher;

  constructor(
    private readonly db: Db,
    private readonly change: ChangeRunner,
    private readonly audit: AuditLog,
    private readonly kms: KmsService,
    private readonly authz: Authorizer,
  ) {
    this.envelope = new SecretEnvelope(kms);
    this.policies = new SecretPolicies(authz);
    this.reads = new ReadAuditBatcher(db, audit);
  }

  // ---- access -------------------------------------------------------------------------------------

  async row(name: string, q: Queryable = this.db): Promise<SecretRow> {
    const row = await secretStore.get(q, name);
    if (!row) throw new NotFoundError(`secret ${name} not found`);
    return row;
  }

  /**
   * The second gate: the secret's own resource policy (the kernel checked identity policies at the
   * route). A denial is audited and answers as the kernel would: 404 for reads, 403 for writes.
   */
  async gate(ctx: Ctx, row: SecretRow, action: string, read: boolean): Promise<void> {
    if ('system' in ctx || !row.policy || POLICY_ACTIONS.has(action)) return;
    if (this.policies.isPermitted({ name: row.name, policy: row.policy, policyVersion: Number(row.policy_version), owner: row.owner_group_id }, ctx.principal, action)) return;
    await this.audit.append({ actor: actorName(ctx.principal), action, resource: `Secret:${row.name}`, outcome: 'denied', requestId: ctx.requestId, sourceIp: ctx.sourceIp, details: { by: 'resource-policy' } });
    if (read) throw new NotFoundError(`secret ${row.name} not found`);
    throw new NotAllowedError(`the resource policy of secret ${row.name} does not permit ${action}`);
  }

  private live(row: SecretRow): void {
    if (row.deleted_at) throw new ConflictError(`secret ${row.name} is scheduled for deletion on ${iso(row.purge_at)}; restore it first`);
  }

  // ---- metadata -----------------------------------------------------------------------------------

  async toMetadata(row: SecretRow, withVersions: boolean, q: Queryable = this.db): Promise<SecretMetadata> {
    const rotation = await rotationStore.get(q, row.name);
    const meta: SecretMetadata = {
      name: row.name,
      description: row.description,
      kmsKeyId: row.kms_key_id,
      owner: row.owner_group_id,
      tags: row.tags ?? {},
      hasResourcePolicy: Boolean(row.policy),
      rotationEnabled: Boolean(row.rotator),
      rotator: row.rotator,
      rotationSchedule: row.rotation_schedule,
      nextRotationAt: iso(row.next_rotation_at),
      lastRotatedAt: iso(row.last_rotated_at),
      lastRotationError: row.last_rotation_error,
      rotationInProgress: rotation ? { step: rotation.step, attempts: Number(rotation.attempts), lastError: rotation.last_error, nextAttemptAt: iso(rotation.next_attempt_at)! } : null,
      deletedDate: iso(row.deleted_at),
      purgeDate: iso(row.purge_at),
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
    };
    if (withVersions) meta.versions = (await versionStore.list(q, row.name)).map((v) => ({ versionId: v.version_id, versionStages: v.labels, createdAt: iso(v.created_at)! }));
    return meta;
  }

  async describe(ctx: Ctx, row: SecretRow): Promise<SecretMetadata> {
    await this.gate(ctx, row, 'secrets:DescribeSecret', true);
    return this.toMetadata(row, true);
  }

  async list(after: string | undefined, limit: number, includeDeleted: boolean) {
    const rows = await secretStore.list(this.db, after, limit + 1, includeDeleted);
    const page = rows.slice(0, limit);
    return { items: await Promise.all(page.map((r) => this.toMetadata(r, false))), next: rows.length > limit ? page.at(-1)!.name : null };
  }

  async rotationHistory(name: string) {
    return (await rotationStore.recentHistory(this.db, name, 20)).map((h) => ({ rotationId: h.rotation_id, outcome: h.outcome, step: h.step, error: h.error, at: iso(h.at)! }));
  }

  // ---- writes -------------------------------------------------------------------------------------

  /** The caller must be allowed to make data keys with the KMS key it chooses for a secret. */
  private async chooseKey(ctx: Ctx, ref: string | undefined): Promise<string> {
    const keyId = await this.kms.checkEncryptable(ref ?? DEFAULT_SECRETS_KEY);
    if (ref && !('system' in ctx)) {
      const row = await this.kms.row(keyId);
      const p = ctx.principal;
      const decision = this.authz.isAuthorized({ type: principalEntityType(p), id: p.id, name: p.name, groups: p.groups }, 'kms:GenerateDataKey', { type: 'KmsKey', id: keyId, owner: row.owner_group_id });
      if (!decision.allowed) throw new NotAllowedError(`you may not use KMS key ${ref} (kms:GenerateDataKey) for a secret`);
    }
    return keyId;
  }

  async create(ctx: Ctx, input: CreateSecretInput): Promise<{ name: string; versionId: string | null }> {
    const value = valueOf(input, false);
    const kmsKeyId = await this.chooseKey(ctx, input.kmsKeyId);
    const createdBy = 'system' in ctx ? `system:${ctx.system}` : actorName(ctx.principal);
    const versionId = value ? randomUUID() : null;
    const sealed = value ? await this.envelope.seal(kmsKeyId, input.name, versionId!, value.bytes) : undefined;
    return this.change(ctx, { action: 'secrets:CreateSecret', resource: `Secret:${input.name}`, details: { kmsKeyId, versionId } }, async ({ tx, publish }) => {
      const row = await secretStore.insert(tx, { name: input.name, description: input.description, kmsKeyId, owner: input.owner ?? null, tags: input.tags, createdBy });
      if (!row) {
        const existing = await secretStore.get(tx, input.name);
        throw new ConflictError(existing?.deleted_at ? `secret ${input.name} exists and is scheduled for deletion; restore it or wait for the purge` : `secret ${input.name} already exists`);
      }
      if (value && sealed) {
        await versionStore.insert(tx, { name: input.name, versionId: versionId!, kind: value.kind, wrappedKey: sealed.wrappedKey, ciphertext: sealed.ciphertext });
        await labelStore.set(tx, input.name, CURRENT, versionId!);
      }
      await publish('secrets.secret.created', { name: input.name, versionId });
      return { name: input.name, versionId };
    });
  }

  /**
   * Encrypts a value for a new version. Runs BEFORE the transaction that stores it: KMS reads its own
   * tables, and on the embedded database (one connection) a query outside an open transaction would wait
   * for that transaction forever.
   */
  async sealVersion(row: SecretRow, versionId: string, value: { kind: 'string' | 'binary'; bytes: Buffer }) {
    return { versionId, kind: value.kind, ...(await this.envelope.seal(row.kms_key_id, row.name, versionId, value.bytes)) };
  }

  /** Stores a sealed version. With the CURRENT label (the default), the previous CURRENT becomes PREVIOUS. */
  async writeVersion(tx: Queryable, name: string, sealed: Awaited<ReturnType<SecretsService['sealVersion']>>, labels: string[]): Promise<void> {
    await versionStore.insert(tx, { name, versionId: sealed.versionId, kind: sealed.kind, wrappedKey: sealed.wrappedKey, ciphertext: sealed.ciphertext });
    for (const label of labels) await this.moveLabel(tx, name, label, sealed.versionId);
    await versionStore.pruneUnlabelled(tx, name, KEEP_UNLABELLED);
  }

  /** Moves a label; moving CURRENT hands PREVIOUS to the version that held CURRENT. */
  async moveLabel(tx: Queryable, name: string, label: string, versionId: string): Promise<void> {
    if (label === CURRENT) {
      const old = await labelStore.get(tx, name, CURRENT);
      if (old === versionId) return;
      if (old) await labelStore.set(tx, name, PREVIOUS, old);
    }
    await labelStore.set(tx, name, label, versionId);
  }

  async putValue(ctx: Ctx, row: SecretRow, input: SecretInput & { versionStages?: string[] }): Promise<{ name: string; versionId: string; versionStages: string[] }> {
    await this.gate(ctx, row, 'secrets:PutSecretValue', false);
    this.live(row);
    const value = valueOf(input, true)!;
    const stages = input.versionStages ?? [CURRENT];
    if (stages.includes(PENDING) && (await rotationStore.get(this.db, row.name))) throw new ConflictError(`secret ${row.name} is being rotated; PENDING belongs to the rotation`);
    const versionId = randomUUID();
    const sealed = await this.sealVersion(row, versionId, value);
    await this.change(ctx, { action: 'secrets:PutSecretValue', resource: `Secret:${row.name}`, details: { versionId, versionStages: stages, kmsKeyId: row.kms_key_id } }, async ({ tx, publish }) => {
      const locked = await secretStore.get(tx, row.name, true);
      if (!locked) throw new NotFoundError(`secret ${row.name} not found`);
      this.live(locked);
      if (locked.kms_key_id !== row.kms_key_id) throw new ConflictError(`the KMS key of ${row.name} changed meanwhile; retry`);
      await this.writeVersion(tx, row.name, sealed, stages);
      await secretStore.update(tx, row.name, {});
      await publish('secrets.secret.value-changed', { name: row.name, versionId, versionStages: stages });
    });
    return { name: row.name, versionId, versionStages: stages };
  }

  async updateLabel(ctx: Ctx, row: SecretRow, input: { versionStage: string; moveToVersionId?: string; removeFromVersionId?: string }): Promise<void> {
    await this.gate(ctx, row, 'secrets:UpdateSecretVersionStage', false);
    this.live(row);
    await this.change(ctx, { action: 'secrets:UpdateSecretVersionStage', resource: `Secret:${row.name}`, details: { ...input } }, async ({ tx }) => {
      const holder = await labelStore.get(tx, row.name, input.versionStage);
      if (holder && holder !== input.removeFromVersionId && input.moveToVersionId && holder !== input.moveToVersionId) {
        throw new InputError(`${input.versionStage} is on version ${holder}; name it in removeFromVersionId to move it`, [{ path: 'body.removeFromVersionId', message: 'required' }]);
      }
      if (input.moveToVersionId) {
        if (!(await versionStore.find(tx, row.name, { versionId: input.moveToVersionId }))) throw new NotFoundError(`version ${input.moveToVersionId} of ${row.name} not found`);
        await this.moveLabel(tx, row.name, input.versionStage, input.moveToVersionId);
      } else if (input.removeFromVersionId && holder === input.removeFromVersionId) {
        if (input.versionStage === CURRENT) throw new InputError('CURRENT can be moved but not removed', [{ path: 'body.versionStage', message: 'CURRENT' }]);
        await labelStore.remove(tx, row.name, input.versionStage);
      }
      await versionStore.pruneUnlabelled(tx, row.name, KEEP_UNLABELLED);
    });
  }

  /** Reads and decrypts a value. Every read is audited with who and which version (never the value). */
  async getValue(ctx: Ctx, row: SecretRow, by: { versionId?: string; versionStage?: string }): Promise<SecretValue> {
    await this.gate(ctx, row, 'secrets:GetSecretValue', true);
    this.live(row);
    const version = await versionStore.find(this.db, row.name, by.versionId ? { versionId: by.versionId } : { label: by.versionStage ?? CURRENT });
    if (!version) throw new NotFoundError(by.versionId ? `version ${by.versionId} of secret ${row.name} not found` : `secret ${row.name} has no version labelled ${by.versionStage ?? CURRENT}`);
    const plain = await this.envelope.open(row.name, version.version_id, Buffer.from(version.wrapped_key), Buffer.from(version.ciphertext));
    // Audited before the value is returned; reads arriving together share one commit (read-audit.ts).
    await this.reads.append({
      actor: 'system' in ctx ? `system:${ctx.system}` : actorName(ctx.principal),
      action: 'secrets:GetSecretValue',
      resource: `Secret:${row.name}`,
      outcome: 'success',
      requestId: 'system' in ctx ? null : ctx.requestId,
      sourceIp: 'system' in ctx ? null : ctx.sourceIp,
      details: { versionId: version.version_id, versionStages: version.labels },
    });
    return {
      name: row.name,
      versionId: version.version_id,
      versionStages: version.labels,
      ...(version.kind === 'string' ? { secretString: plain.toString('utf8') } : { secretBinary: plain.toString('base64') }),
      createdAt: iso(version.created_at)!,
    };
  }

  /** For rotators: the value of a version, without an audit record per call (the rotation is audited). */
  async readInternal(name: string, by: { versionId?: string; label?: string }): Promise<{ versionId: string; value: Buffer; kind: 'string' | 'binary' } | undefined> {
    const version = await versionStore.find(this.db, name, by);
    if (!version) return undefined;
    return { versionId: version.version_id, kind: version.kind, value: await this.envelope.open(name, version.version_id, Buffer.from(version.wrapped_key), Buffer.from(version.ciphertext)) };
  }

  async update(ctx: Ctx, row: SecretRow, patch: { description?: string; kmsKeyId?: string }): Promise<SecretMetadata> {
    await this.gate(ctx, row, 'secrets:UpdateSecret', false);
    this.live(row);
    // A new key applies to versions written from now on; existing versions keep their wrapped data keys.
    const kmsKeyId = patch.kmsKeyId ? await this.chooseKey(ctx, patch.kmsKeyId) : undefined;
    const updated = await this.change(ctx, { action: 'secrets:UpdateSecret', resource: `Secret:${row.name}`, details: { description: patch.description, kmsKeyId } }, async ({ tx }) =>
      secretStore.update(tx, row.name, { ...(patch.description !== undefined ? { description: patch.description } : {}), ...(kmsKeyId ? { kms_key_id: kmsKeyId } : {}) }),
    );
    return this.toMetadata(updated!, false);
  }

  async tag(ctx: Ctx, row: SecretRow, tags: Record<string, string>, remove: string[] = []): Promise<SecretMetadata> {
    await this.gate(ctx, row, 'secrets:TagResource', false);
    const updated = await this.change(ctx, { action: 'secrets:TagResource', resource: `Secret:${row.name}`, details: { set: Object.keys(tags), removed: remove } }, async ({ tx }) => {
      const locked = (await secretStore.get(tx, row.name, true))!;
      const next: Record<string, string> = { ...(locked.tags ?? {}), ...tags };
      for (const k of remove) delete next[k];
      if (Object.keys(next).length > 50) throw new InputError('a secret may have at most 50 tags', [{ path: 'body.tags', message: 'too many' }]);
      return secretStore.update(tx, row.name, { tags: next });
    });
    return this.toMetadata(updated!, false);
  }

  async delete(ctx: Ctx, row: SecretRow, options: { recoveryWindowInDays?: number; force?: boolean }): Promise<SecretMetadata | { name: string; deleted: true }> {
    await this.gate(ctx, row, 'secrets:DeleteSecret', false);
    if (options.force && options.recoveryWindowInDays) throw new InputError('give either a recovery window or forceDeleteWithoutRecovery, not both', [{ path: 'query', message: 'both given' }]);
    if (options.force) {
      await this.change(ctx, { action: 'secrets:DeleteSecret', resource: `Secret:${row.name}`, details: { force: true } }, async ({ tx, publish }) => {
        await secretStore.delete(tx, row.name);
        await publish('secrets.secret.deleted', { name: row.name });
      });
      return { name: row.name, deleted: true };
    }
    this.live(row);
    const days = options.recoveryWindowInDays ?? 30;
    const updated = await this.change(ctx, { action: 'secrets:DeleteSecret', resource: `Secret:${row.name}`, details: { recoveryWindowInDays: days } }, async ({ tx, publish }) => {
      await rotationStore.finish(tx, row.name, (await rotationStore.get(tx, row.name))?.rotation_id ?? '');
      const r = await secretStore.update(tx, row.name, { deleted_at: new Date(), purge_at: new Date(Date.now() + days * DAY_MS) });
      await publish('secrets.secret.scheduled-deletion', { name: row.name, purgeAt: iso(r!.purge_at) });
      return r;
    });
    return this.toMetadata(updated!, false);
  }

  async restore(ctx: Ctx, row: SecretRow): Promise<SecretMetadata> {
    await this.gate(ctx, row, 'secrets:RestoreSecret', false);
    if (!row.deleted_at) throw new ConflictError(`secret ${row.name} is not scheduled for deletion`);
    const updated = await this.change(ctx, { action: 'secrets:RestoreSecret', resource: `Secret:${row.name}` }, async ({ tx }) => secretStore.update(tx, row.name, { deleted_at: null, purge_at: null }));
    return this.toMetadata(updated!, false);
  }

  async putPolicy(ctx: Ctx, row: SecretRow, policy: string): Promise<void> {
    this.policies.validate(row.name, policy);
    await this.change(ctx, { action: 'secrets:PutResourcePolicy', resource: `Secret:${row.name}`, details: { policy } }, async ({ tx }) => {
      const locked = (await secretStore.get(tx, row.name, true))!;
      await secretStore.update(tx, row.name, { policy, policy_version: Number(locked.policy_version) + 1 });
    });
  }

  async deletePolicy(ctx: Ctx, row: SecretRow): Promise<void> {
    if (!row.policy) throw new NotFoundError(`secret ${row.name} has no resource policy`);
    await this.change(ctx, { action: 'secrets:DeleteResourcePolicy', resource: `Secret:${row.name}` }, async ({ tx }) => {
      const locked = (await secretStore.get(tx, row.name, true))!;
      await secretStore.update(tx, row.name, { policy: null, policy_version: Number(locked.policy_version) + 1 });
    });
  }

  /** Removes secrets whose recovery window ended (the background loop calls this). */
  async purgeDue(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const names = await secretStore.claimDuePurges(tx, 50);
      for (const name of names) {
        await secretStore.delete(tx, name);
        await this.audit.append({ actor: 'system:secrets', action: 'secrets:DeleteSecret', resource: `Secret:${name}`, outcome: 'success', details: { purged: true } }, tx);
      }
      return names.length;
    });
  }
}
