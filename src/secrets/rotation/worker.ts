// Runs rotations durably. State lives in secret_rotations (one row per rotation in progress); the step
// is recorded after each step completes. A worker claims a due, unleased row with FOR UPDATE SKIP
// LOCKED (so replicas on one PostgreSQL never run the same rotation), holds a lease while it works, and:
//   - on success of finishSecret: CURRENT moves to the new version, PREVIOUS to the old, PENDING goes;
//   - on a failed step: the rotator's rollback runs, PENDING is removed, CURRENT is untouched, the error
//     is recorded, and the rotation is retried with exponential backoff (up to MAX_ATTEMPTS);
//   - when the server stops mid-step: the step is aborted and the lease released; the next server
//     resumes at the recorded step (steps are repeatable). A server that dies without stopping leaves a
//     lease that expires after LEASE_SECONDS, and then the same happens.
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../kernel/audit/audit-log.js';
import type { Db } from '../../kernel/db/database.js';
import type { Logger } from '../../kernel/logger.js';
import { CURRENT, PENDING } from '../model.js';
import type { SecretsService } from '../service.js';
import { labelStore, rotationStore, secretStore, versionStore, type RotationRow } from '../store.js';
import type { RotationContext, Rotator, SecretBytes } from './rotator.js';
import { nextRun } from './schedule.js';

const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
/** Long enough for a slow target system, short enough that a crashed server's rotation resumes soon. */
export const LEASE_SECONDS = 120;
export const MAX_ATTEMPTS = 5;
/** 30 s, 1 min, 2 min, 4 min … capped at an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export interface WorkerHooks {
  /** Called before each step runs (tests use it to stop a server between steps). */
  beforeStep?(secretName: string, step: string, signal: AbortSignal): Promise<void> | void;
}

export class RotationWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private readonly id = `worker-${randomUUID().slice(0, 8)}`;
  hooks: WorkerHooks = {};

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly secrets: SecretsService,
    private readonly rotators: Record<string, Rotator>,
    private readonly logger: Logger,
    private readonly pollMs = 1000,
  ) {}

  start(): void {
    this.kick();
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
  }

  /** Runs due work now unless a run is in progress (on-demand rotations call this). */
  kick(): void {
    if (this.running || this.abort.signal.aborted) return;
    this.running = this.runOnce()
      .then(() => undefined)
      .catch((err) => this.logger.warn({ err }, 'rotation run failed'))
      .finally(() => (this.running = undefined));
  }

  /** Stops: aborts a step in flight and releases its lease so the next server resumes it at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.abort.abort();
    await this.running;
  }

  /** Gives a rotation back (stopping mid-rotation) so the next server resumes it without waiting for the lease. */
  private async release(name: string): Promise<void> {
    // Stopping must not fail; if the release cannot be written the lease simply expires after LEASE_SECONDS,
    // so say so (a restarted server waiting that long would otherwise be a mystery).
    await this.db
      .query('UPDATE secret_rotations SET lease_until = NULL, leased_by = NULL WHERE secret_name = $1 AND leased_by = $2', [name, this.id])
      .catch((err) => this.logger.warn({ err, secret: name, leaseSeconds: LEASE_SECONDS }, 'could not release the rotation lease on stop; it resumes when the lease expires'));
  }

  /** Starts due scheduled rotations, purges expired deleted secrets, then runs claimable rotations. */
  async runOnce(): Promise<number> {
    await this.startScheduled();
    await this.secrets.purgeDue();
    let ran = 0;
    while (!this.abort.signal.aborted && ran < 20) {
      const claimed = await rotationStore.claim(this.db, this.id, LEASE_SECONDS);
      if (!claimed) break;
      await this.run(claimed);
      ran++;
    }
    return ran;
  }

  private async startScheduled(): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const row of await secretStore.claimDueRotations(tx, 20)) {
        await rotationStore.start(tx, { name: row.name, rotationId: randomUUID(), pendingVersionId: randomUUID() });
        let next: Date | null = null;
        try {
          next = row.rotation_schedule ? nextRun(row.rotation_schedule) : null;
        } catch {
          next = null; // validated on save; an unparsable schedule stops scheduling rather than looping
        }
        await secretStore.update(tx, row.name, { next_rotation_at: next });
        await this.audit.append({ actor: 'system:secrets-rotation', action: 'secrets:RotateSecret', resource: `Secret:${row.name}`, outcome: 'success', details: { scheduled: true, schedule: row.rotation_schedule } }, tx);
      }
    });
  }

  private context(row: RotationRow, config: Record<string, unknown>): RotationContext {
    const read = async (by: { label?: string; versionId?: string }): Promise<SecretBytes | undefined> => {
      const v = await this.secrets.readInternal(row.secret_name, by);
      return v ? { kind: v.kind, bytes: v.value } : undefined;
    };
    return {
      secretName: row.secret_name,
      rotationId: row.rotation_id,
      pendingVersionId: row.pending_version_id,
      config,
      current: () => read({ label: CURRENT }),
      pending: async () => {
        const v = await read({ versionId: row.pending_version_id });
        if (!v) throw new Error('the PENDING version does not exist');
        return v;
      },
      otherSecret: async (name) => {
        const v = await this.secrets.readInternal(name, { label: CURRENT });
        return v ? { kind: v.kind, bytes: v.value } : undefined;
      },
      signal: this.abort.signal,
    };
  }

  private async run(row: RotationRow): Promise<void> {
    const secret = await secretStore.get(this.db, row.secret_name);
    const rotator = secret?.rotator ? this.rotators[secret.rotator] : undefined;
    if (!secret || !rotator) {
      await rotationStore.finish(this.db, row.secret_name, row.rotation_id);
      return;
    }
    const ctx = this.context(row, secret.rotation_config ?? {});
    let step: (typeof STEPS)[number] = row.step;
    try {
      for (let i = STEPS.indexOf(row.step); i < STEPS.length; i++) {
        step = STEPS[i]!;
        await this.hooks.beforeStep?.(row.secret_name, step, this.abort.signal);
        if (this.abort.signal.aborted) return await this.release(row.secret_name); // stopping between steps: the next server resumes here
        await this.runStep(row, secret.name, rotator, ctx, step);
        if (this.abort.signal.aborted && step !== 'finishSecret') return await this.release(row.secret_name);
      }
      this.logger.info({ secret: row.secret_name, rotationId: row.rotation_id }, 'secret rotated');
    } catch (error) {
      if (this.abort.signal.aborted) return await this.release(row.secret_name); // aborted by stop(): not a failure, resume later
      await this.fail(row, rotator, ctx, step, error as Error);
    }
  }

  private async runStep(row: RotationRow, name: string, rotator: Rotator, ctx: RotationContext, step: (typeof STEPS)[number]): Promise<void> {
    if (step === 'createSecret') {
      // Repeated after a restart? The PENDING version may already exist.
      if (!(await versionStore.find(this.db, name, { versionId: row.pending_version_id }))) {
        const value = await rotator.createSecret(ctx);
        const sealed = await this.secrets.sealVersion((await secretStore.get(this.db, name))!, row.pending_version_id, value);
        await this.db.transaction(async (tx) => {
          await this.secrets.writeVersion(tx, name, sealed, [PENDING]);
          await rotationStore.advance(tx, name, row.rotation_id, 'setSecret', LEASE_SECONDS);
        });
      } else {
        await rotationStore.advance(this.db, name, row.rotation_id, 'setSecret', LEASE_SECONDS);
      }
      return;
    }
    if (step === 'setSecret') {
      await rotator.setSecret(ctx);
      await rotationStore.advance(this.db, name, row.rotation_id, 'testSecret', LEASE_SECONDS);
      return;
    }
    if (step === 'testSecret') {
      await rotator.testSecret(ctx);
      await rotationStore.advance(this.db, name, row.rotation_id, 'finishSecret', LEASE_SECONDS);
      return;
    }
    await rotator.finishSecret(ctx);
    await this.db.transaction(async (tx) => {
      await this.secrets.moveLabel(tx, name, CURRENT, row.pending_version_id);
      await labelStore.remove(tx, name, PENDING);
      await rotationStore.finish(tx, name, row.rotation_id);
      await rotationStore.history(tx, { name, rotationId: row.rotation_id, outcome: 'succeeded' });
      await secretStore.update(tx, name, { last_rotated_at: new Date(), last_rotation_error: null });
      await this.audit.append({ actor: 'system:secrets-rotation', action: 'secrets:FinishRotation', resource: `Secret:${name}`, outcome: 'success', details: { rotationId: row.rotation_id, versionId: row.pending_version_id } }, tx);
    });
  }

  /** Rolls back (CURRENT untouched), records why, and schedules a retry with backoff. */
  private async fail(row: RotationRow, rotator: Rotator, ctx: RotationContext, step: string, error: Error): Promise<void> {
    let message = redact(`${step} failed: ${error.message}`, await this.knownValues(ctx));
    if (step !== 'createSecret') {
      try {
        await rotator.rollback(ctx);
      } catch (rollbackError) {
        message += redact(`; rollback failed: ${(rollbackError as Error).message}`, await this.knownValues(ctx));
      }
    }
    const attempts = Number(row.attempts) + 1;
    const giveUp = attempts >= MAX_ATTEMPTS;
    await this.db.transaction(async (tx) => {
      const pendingHolder = await labelStore.get(tx, row.secret_name, PENDING);
      if (pendingHolder === row.pending_version_id) await labelStore.remove(tx, row.secret_name, PENDING);
      if ((await labelStore.get(tx, row.secret_name, CURRENT)) !== row.pending_version_id) await versionStore.delete(tx, row.secret_name, row.pending_version_id);
      if (giveUp) {
        await rotationStore.finish(tx, row.secret_name, row.rotation_id);
      } else {
        await tx.query(
          `UPDATE secret_rotations SET step = 'createSecret', pending_version_id = $3, attempts = $4, last_error = $5,
             next_attempt_at = now() + make_interval(secs => $6), lease_until = NULL, leased_by = NULL, updated_at = now()
           WHERE secret_name = $1 AND rotation_id = $2`,
          [row.secret_name, row.rotation_id, randomUUID(), attempts, message, backoffMs(attempts) / 1000],
        );
      }
      await rotationStore.history(tx, { name: row.secret_name, rotationId: row.rotation_id, outcome: giveUp ? 'failed' : 'rolled_back', step, error: message });
      await secretStore.update(tx, row.secret_name, { last_rotation_error: message });
      await this.audit.append({ actor: 'system:secrets-rotation', action: 'secrets:RotationFailed', resource: `Secret:${row.secret_name}`, outcome: 'failure', details: { rotationId: row.rotation_id, step, attempts, gaveUp: giveUp, error: message } }, tx);
    });
    this.logger.warn({ secret: row.secret_name, step, attempts, gaveUp: giveUp, error: message }, 'secret rotation failed; CURRENT unchanged');
  }

  private async knownValues(ctx: RotationContext): Promise<string[]> {
    const out: string[] = [];
    for (const read of [ctx.current, ctx.pending]) {
      try {
        const v = await read();
        if (v) out.push(...valuePieces(v));
      } catch {
        // no such version
      }
    }
    return out;
  }
}

/** The value itself and, for JSON objects, members that hold credentials (a password inside a JSON secret). */
function valuePieces(v: SecretBytes): string[] {
  if (v.kind !== 'string') return [v.bytes.toString('base64')];
  const text = v.bytes.toString('utf8');
  const pieces = [text];
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      for (const [k, m] of Object.entries(parsed)) if (typeof m === 'string' && /pass|secret|token|key|credential/i.test(k)) pieces.push(m);
    }
  } catch {
    // not JSON
  }
  return pieces;
}

/** Error messages from target systems could echo a value; make sure none is ever recorded. */
export function redact(message: string, values: string[]): string {
  let out = message;
  for (const v of values.filter((x) => x.length >= 4).sort((a, b) => b.length - a.length)) out = out.split(v).join('***');
  return out.slice(0, 1000);
}
