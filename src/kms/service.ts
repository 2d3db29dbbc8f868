// KMS domain logic: keys, versions, aliases, states, and the cryptographic operations. Authorization
// happens at the routes (Cedar); this service enforces key state and usage, and audits every use.
import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../kernel/audit/audit-log.js';
import type { ChangeRunner, SystemContext } from '../kernel/changes.js';
import type { Db, Queryable } from '../kernel/db/database.js';
import { ConflictError, InputError, NotFoundError } from '../kernel/errors.js';
import { actorName, type RequestContext } from '../kernel/http/context.js';
import { newId } from '../kernel/ids.js';
import type { Logger } from '../kernel/logger.js';
import { blobHeader, contextAad, generateMaterial, materialAad, open, parseBlob, seal, signWith, verifyWith } from './envelope.js';
import { usageOf, type CreateKeyInput, type KeyMetadata, type KeySpec } from './model.js';
import { aliasStore, keyStore, type KeyRow } from './store.js';

type Ctx = RequestContext | SystemContext;
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const DAY_MS = 86_400_000;
/** Unwrapped key material kept in memory: bounded, so a flood of distinct keys cannot grow the heap. */
const MATERIAL_CACHE_SIZE = 1024;
/**
 * Key rows (state, current version) cached this long for the hot internal paths (a secret read
 * decrypts a data key). A key disabled on another replica stops working here within this time; on
 * the replica that disabled it, at once.
 */
const ROW_TTL_MS = 1000;

export interface DataKey {
  keyId: string;
  plaintext: Buffer;
  ciphertextBlob: Buffer;
}

export class KmsService {
  private readonly material = new Map<string, Buffer>();
  private readonly rows = new Map<string, { row: KeyRow; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly change: ChangeRunner,
    private readonly audit: AuditLog,
    private readonly rootKey: Buffer,
    private readonly logger: Logger,
  ) {}

  // ---- lookups -----------------------------------------------------------------------------------

  /** Resolves a key id or alias to a key id; NotFoundError when neither exists. */
  async resolve(ref: string, q: Queryable = this.db): Promise<string> {
    if (ref.startsWith('alias/')) {
      const id = await aliasStore.resolve(q, ref);
      if (!id) throw new NotFoundError(`alias ${ref} not found`);
      return id;
    }
    return ref;
  }

  async row(ref: string, q: Queryable = this.db): Promise<KeyRow> {
    const id = await this.resolve(ref, q);
    const row = await keyStore.get(q, id);
    if (!row) throw new NotFoundError(`key ${ref} not found`);
    return row;
  }

  private async cachedRow(id: string): Promise<KeyRow> {
    const hit = this.rows.get(id);
    if (hit && Date.now() - hit.at < ROW_TTL_MS) return hit.row;
    const row = await keyStore.get(this.db, id);
    if (!row) throw new NotFoundError(`key ${id} not found`);
    if (this.rows.size > MATERIAL_CACHE_SIZE) this.rows.clear();
    this.rows.set(id, { row, at: Date.now() });
    return row;
  }

  private forget(id: string): void {
    this.rows.delete(id);
    for (const k of this.material.keys()) if (k.startsWith(`${id}:`)) this.material.delete(k);
  }

  async describe(ref: string): Promise<KeyMetadata> {
    const row = await this.row(ref);
    const aliases = await aliasStore.forKeys(this.db, [row.id]);
    return this.toMetadata(row, aliases.get(row.id) ?? []);
  }

  async list(after: string | undefined, limit: number) {
    const rows = await keyStore.list(this.db, after, limit + 1);
    const page = rows.slice(0, limit);
    const aliases = await aliasStore.forKeys(this.db, page.map((r) => r.id));
    return { items: page.map((r) => this.toMetadata(r, aliases.get(r.id) ?? [])), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
  }

  async listAliases() {
    return (await aliasStore.list(this.db)).map((a) => ({ name: a.name, keyId: a.key_id, createdAt: iso(a.created_at)! }));
  }

  private toMetadata(r: KeyRow, aliases: string[]): KeyMetadata {
    return {
      keyId: r.id,
      description: r.description,
      keySpec: r.spec,
      keyUsage: usageOf(r.spec),
      keyState: r.state,
      owner: r.owner_group_id,
      currentVersion: Number(r.current_version),
      rotationPeriodDays: r.rotation_days === null ? null : Number(r.rotation_days),
      nextRotationAt: iso(r.next_rotation_at),
      deletionDate: iso(r.deletion_at),
      aliases,
      createdBy: r.created_by,
      createdAt: iso(r.created_at)!,
      updatedAt: iso(r.updated_at)!,
    };
  }

  // ---- administration ----------------------------------------------------------------------------

  async createKey(ctx: Ctx, input: CreateKeyInput): Promise<KeyMetadata> {
    const id = newId('key');
    const createdBy = 'system' in ctx ? `system:${ctx.system}` : actorName(ctx.principal);
    return this.change(ctx, { action: 'kms:CreateKey', resource: `KmsKey:${id}`, details: { keySpec: input.keySpec, alias: input.alias ?? null } }, async ({ tx, publish }) => {
      if (input.alias && (await aliasStore.resolve(tx, input.alias))) throw new ConflictError(`alias ${input.alias} already exists`);
      const row = await keyStore.insert(tx, { id, description: input.description, spec: input.keySpec, usage: usageOf(input.keySpec), owner: input.owner ?? null, rotationDays: input.rotationPeriodDays ?? null, createdBy });
      await this.addVersion(tx, id, input.keySpec, 1);
      if (input.alias) await aliasStore.upsert(tx, input.alias, id);
      await publish('kms.key.created', { keyId: id });
      return this.toMetadata(row, input.alias ? [input.alias] : []);
    });
  }

  private async addVersion(tx: Queryable, keyId: string, spec: KeySpec, version: number): Promise<void> {
    const { material, publicKeyPem } = generateMaterial(spec);
    await keyStore.insertVersion(tx, { keyId, version, wrapped: seal(this.rootKey, material, materialAad(keyId, version)), publicKey: publicKeyPem });
    material.fill(0);
  }

  async update(ctx: Ctx, ref: string, patch: { description?: string; enabled?: boolean; rotationPeriodDays?: number | null }): Promise<KeyMetadata> {
    const id = await this.resolve(ref);
    const action = patch.enabled === true ? 'kms:EnableKey' : patch.enabled === false ? 'kms:DisableKey' : 'kms:UpdateKey';
    const row = await this.change(ctx, { action, resource: `KmsKey:${id}`, details: { ...patch } }, async ({ tx }) => {
      const current = await keyStore.get(tx, id, true);
      if (!current) throw new NotFoundError(`key ${ref} not found`);
      if (current.state === 'PendingDeletion' && patch.enabled !== undefined) throw new ConflictError(`key ${id} is pending deletion; cancel the deletion first`);
      const set: Parameters<typeof keyStore.update>[2] = {};
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.enabled !== undefined) set.state = patch.enabled ? 'Enabled' : 'Disabled';
      if (patch.rotationPeriodDays !== undefined) {
        set.rotation_days = patch.rotationPeriodDays;
        set.next_rotation_at = patch.rotationPeriodDays === null ? null : new Date(Date.now() + patch.rotationPeriodDays * DAY_MS);
      }
      return (await keyStore.update(tx, id, set))!;
    });
    this.forget(id);
    return this.describe(row.id);
  }

  /** Adds a new key version and makes it current. Old versions keep decrypting and verifying. */
  async rotate(ctx: Ctx, ref: string): Promise<KeyMetadata> {
    const id = await this.resolve(ref);
    await this.change(ctx, { action: 'kms:RotateKey', resource: `KmsKey:${id}` }, async ({ tx, note, publish }) => {
      const row = await keyStore.get(tx, id, true);
      if (!row) throw new NotFoundError(`key ${ref} not found`);
      if (row.state !== 'Enabled') throw new ConflictError(`key ${id} is ${row.state}; only an enabled key can be rotated`);
      await this.rotateLocked(tx, row);
      note({ newVersion: Number(row.current_version) + 1 });
      await publish('kms.key.rotated', { keyId: id, version: Number(row.current_version) + 1 });
    });
    this.forget(id);
    return this.describe(id);
  }

  private async rotateLocked(tx: Queryable, row: KeyRow): Promise<void> {
    const next = Number(row.current_version) + 1;
    await this.addVersion(tx, row.id, row.spec, next);
    await keyStore.update(tx, row.id, {
      current_version: next,
      next_rotation_at: row.rotation_days === null ? null : new Date(Date.now() + Number(row.rotation_days) * DAY_MS),
    });
  }

  async scheduleDeletion(ctx: Ctx, ref: string, days: number): Promise<KeyMetadata> {
    const id = await this.resolve(ref);
    await this.change(ctx, { action: 'kms:ScheduleKeyDeletion', resource: `KmsKey:${id}`, details: { pendingWindowInDays: days } }, async ({ tx }) => {
      const row = await keyStore.get(tx, id, true);
      if (!row) throw new NotFoundError(`key ${ref} not found`);
      if (row.state === 'PendingDeletion') throw new ConflictError(`key ${id} is already pending deletion`);
      await keyStore.update(tx, id, { state: 'PendingDeletion', deletion_at: new Date(Date.now() + days * DAY_MS) });
    });
    this.forget(id);
    return this.describe(id);
  }

  /** Cancelling leaves the key Disabled, as AWS KMS does: enabling it again is a separate decision. */
  async cancelDeletion(ctx: Ctx, ref: string): Promise<KeyMetadata> {
    const id = await this.resolve(ref);
    await this.change(ctx, { action: 'kms:CancelKeyDeletion', resource: `KmsKey:${id}` }, async ({ tx }) => {
      const row = await keyStore.get(tx, id, true);
      if (!row) throw new NotFoundError(`key ${ref} not found`);
      if (row.state !== 'PendingDeletion') throw new ConflictError(`key ${id} is not pending deletion`);
      await keyStore.update(tx, id, { state: 'Disabled', deletion_at: null });
    });
    this.forget(id);
    return this.describe(id);
  }

  async createAlias(ctx: Ctx, name: string, ref: string): Promise<void> {
    const id = await this.resolve(ref);
    await this.change(ctx, { action: 'kms:CreateAlias', resource: `KmsKey:${id}`, details: { alias: name } }, async ({ tx }) => {
      if (!(await keyStore.get(tx, id))) throw new NotFoundError(`key ${ref} not found`);
      await aliasStore.upsert(tx, name, id);
    });
  }

  async deleteAlias(ctx: Ctx, name: string): Promise<void> {
    const id = await this.resolve(name);
    await this.change(ctx, { action: 'kms:DeleteAlias', resource: `KmsKey:${id}`, details: { alias: name } }, async ({ tx }) => {
      if (!(await aliasStore.delete(tx, name))) throw new NotFoundError(`alias ${name} not found`);
    });
  }

  // ---- cryptographic use -------------------------------------------------------------------------

  private async usable(id: string, usage: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY', fresh: boolean): Promise<KeyRow> {
    const row = fresh ? await keyStore.get(this.db, id) : await this.cachedRow(id);
    if (!row) throw new NotFoundError(`key ${id} not found`);
    if (row.state !== 'Enabled') throw new ConflictError(`key ${id} is ${row.state}`, [{ path: 'keyId', message: `key state is ${row.state}` }]);
    if (usageOf(row.spec) !== usage) throw new InputError(`key ${id} is a ${row.spec} key for ${usageOf(row.spec)}, not ${usage}`);
    return row;
  }

  private async materialOf(keyId: string, version: number): Promise<Buffer> {
    const cacheKey = `${keyId}:${version}`;
    const hit = this.material.get(cacheKey);
    if (hit) return hit;
    const row = await keyStore.getVersion(this.db, keyId, version);
    if (!row) throw new NotFoundError(`key ${keyId} has no version ${version}`);
    const material = open(this.rootKey, Buffer.from(row.wrapped_material), materialAad(keyId, version));
    if (this.material.size >= MATERIAL_CACHE_SIZE) this.material.delete(this.material.keys().next().value!);
    this.material.set(cacheKey, material);
    return material;
  }

  private async encryptWith(row: KeyRow, plaintext: Buffer, context?: Record<string, string>): Promise<{ blob: Buffer; version: number }> {
    const version = Number(row.current_version);
    const header = blobHeader(row.id, version);
    const key = await this.materialOf(row.id, version);
    return { blob: Buffer.concat([header, seal(key, plaintext, contextAad(header, context))]), version };
  }

  private async decryptBlob(blob: Buffer, context: Record<string, string> | undefined, fresh: boolean): Promise<{ plaintext: Buffer; keyId: string; version: number }> {
    const parsed = parseBlob(blob);
    await this.usable(parsed.keyId, 'ENCRYPT_DECRYPT', fresh);
    const key = await this.materialOf(parsed.keyId, parsed.version);
    try {
      return { plaintext: open(key, parsed.sealed, contextAad(parsed.header, context)), keyId: parsed.keyId, version: parsed.version };
    } catch {
      // Never say more: which of context, key or bytes is wrong is exactly what an attacker wants to learn.
      throw new InputError('the ciphertext cannot be decrypted with this key and encryption context', [{ path: 'ciphertextBlob', message: 'integrity check failed' }]);
    }
  }

  /** The key id a ciphertext blob was made with (routes authorize Decrypt on it). */
  keyIdOfBlob(blob: Buffer): string {
    return parseBlob(blob).keyId;
  }

  private async used<T>(ctx: Ctx, action: string, keyId: string, fn: () => Promise<T & { version?: number }>): Promise<T> {
    const result = await fn();
    // Every use is audited: who, which key and version, never the data.
    await this.audit.append({
      actor: 'system' in ctx ? `system:${ctx.system}` : actorName(ctx.principal),
      action,
      resource: `KmsKey:${keyId}`,
      outcome: 'success',
      requestId: 'system' in ctx ? null : ctx.requestId,
      sourceIp: 'system' in ctx ? null : ctx.sourceIp,
      details: result.version ? { keyVersion: result.version } : {},
    });
    return result;
  }

  async encrypt(ctx: Ctx, ref: string, plaintext: Buffer, context?: Record<string, string>) {
    if (plaintext.length > 4096) throw new InputError('Encrypt takes at most 4096 bytes; use GenerateDataKey for larger data (envelope encryption)', [{ path: 'plaintext', message: 'too large' }]);
    const row = await this.usable(await this.resolve(ref), 'ENCRYPT_DECRYPT', true);
    return this.used(ctx, 'kms:Encrypt', row.id, async () => {
      const { blob, version } = await this.encryptWith(row, plaintext, context);
      return { keyId: row.id, keyVersion: version, ciphertextBlob: blob, version };
    });
  }

  async decrypt(ctx: Ctx, blob: Buffer, context?: Record<string, string>) {
    const keyId = this.keyIdOfBlob(blob);
    return this.used(ctx, 'kms:Decrypt', keyId, async () => {
      const r = await this.decryptBlob(blob, context, true);
      return { keyId: r.keyId, keyVersion: r.version, plaintext: r.plaintext, version: r.version };
    });
  }

  async generateDataKey(ctx: Ctx, ref: string, context?: Record<string, string>) {
    const row = await this.usable(await this.resolve(ref), 'ENCRYPT_DECRYPT', true);
    return this.used(ctx, 'kms:GenerateDataKey', row.id, async () => {
      const plaintext = randomBytes(32);
      const { blob, version } = await this.encryptWith(row, plaintext, context);
      return { keyId: row.id, keyVersion: version, plaintext, ciphertextBlob: blob, version };
    });
  }

  async sign(ctx: Ctx, ref: string, message: Buffer) {
    if (message.length > 4096) throw new InputError('Sign takes a message of at most 4096 bytes; sign a digest of larger data', [{ path: 'message', message: 'too large' }]);
    const row = await this.usable(await this.resolve(ref), 'SIGN_VERIFY', true);
    return this.used(ctx, 'kms:Sign', row.id, async () => {
      const version = Number(row.current_version);
      const signature = signWith(row.spec, await this.materialOf(row.id, version), message);
      return { keyId: row.id, keyVersion: version, signature, signingAlgorithm: row.spec === 'ED25519' ? 'ED25519' : 'ECDSA_SHA_256', version };
    });
  }

  async verify(ctx: Ctx, ref: string, message: Buffer, signature: Buffer, keyVersion?: number) {
    const row = await this.usable(await this.resolve(ref), 'SIGN_VERIFY', true);
    return this.used(ctx, 'kms:Verify', row.id, async () => {
      const version = keyVersion ?? Number(row.current_version);
      const v = await keyStore.getVersion(this.db, row.id, version);
      if (!v) throw new NotFoundError(`key ${row.id} has no version ${version}`);
      return { keyId: row.id, keyVersion: version, signatureValid: verifyWith(row.spec, v.public_key!, message, signature), version };
    });
  }

  async publicKey(ref: string, keyVersion?: number) {
    const row = await this.row(ref);
    if (usageOf(row.spec) !== 'SIGN_VERIFY') throw new InputError(`key ${row.id} is symmetric and has no public key`);
    const version = keyVersion ?? Number(row.current_version);
    const v = await keyStore.getVersion(this.db, row.id, version);
    if (!v) throw new NotFoundError(`key ${row.id} has no version ${version}`);
    return { keyId: row.id, keyVersion: version, keySpec: row.spec, publicKey: v.public_key! };
  }

  // ---- for other capabilities (they authorize and audit their own operations) ---------------------

  /** A fresh data key under `ref` (the secrets and parameter stores envelope-encrypt with it). */
  async dataKeyFor(ref: string, context: Record<string, string>): Promise<DataKey> {
    const row = await this.usable(await this.resolve(ref), 'ENCRYPT_DECRYPT', false);
    const plaintext = randomBytes(32);
    const { blob } = await this.encryptWith(row, plaintext, context);
    return { keyId: row.id, plaintext, ciphertextBlob: blob };
  }

  /** Decrypts a data key made by `dataKeyFor`; fails when its key is disabled or pending deletion. */
  async openDataKey(blob: Buffer, context: Record<string, string>): Promise<Buffer> {
    return (await this.decryptBlob(blob, context, false)).plaintext;
  }

  /** Whether the key exists and can encrypt now (checked when a secret chooses its key). */
  async checkEncryptable(ref: string): Promise<string> {
    return (await this.usable(await this.resolve(ref), 'ENCRYPT_DECRYPT', true)).id;
  }

  // ---- background work ---------------------------------------------------------------------------

  /** Rotates keys whose period elapsed and deletes keys whose deletion window ended. Returns counts. */
  async runScheduled(): Promise<{ rotated: number; deleted: number }> {
    let rotated = 0;
    let deleted = 0;
    await this.db.transaction(async (tx) => {
      for (const row of await keyStore.claimDueRotations(tx, 20)) {
        await this.rotateLocked(tx, row);
        await this.audit.append({ actor: 'system:kms', action: 'kms:RotateKey', resource: `KmsKey:${row.id}`, outcome: 'success', details: { scheduled: true, newVersion: Number(row.current_version) + 1 } }, tx);
        this.forget(row.id);
        rotated++;
      }
      for (const row of await keyStore.claimDueDeletions(tx, 20)) {
        await keyStore.delete(tx, row.id);
        await this.audit.append({ actor: 'system:kms', action: 'kms:DeleteKey', resource: `KmsKey:${row.id}`, outcome: 'success', details: { scheduledAt: iso(row.deletion_at) } }, tx);
        this.forget(row.id);
        deleted++;
      }
    });
    if (rotated || deleted) this.logger.info({ rotated, deleted }, 'kms scheduled work done');
    return { rotated, deleted };
  }
}
