// Configuring and starting rotations (the worker runs them).
import { randomUUID } from 'node:crypto';
import type { ChangeRunner, SystemContext } from '../../kernel/changes.js';
import type { Db } from '../../kernel/db/database.js';
import { ConflictError, InputError } from '../../kernel/errors.js';
import type { RequestContext } from '../../kernel/http/context.js';
import { CURRENT, type RotationConfigInput } from '../model.js';
import type { SecretsService } from '../service.js';
import { labelStore, rotationStore, secretStore, type SecretRow } from '../store.js';
import type { Rotator } from './rotator.js';
import { nextRun } from './schedule.js';

type Ctx = RequestContext | SystemContext;

export class RotationService {
  /** Set by the capability; tests call `worker.runOnce()` to run due rotations without waiting. */
  wake: () => void = () => undefined;

  constructor(
    private readonly db: Db,
    private readonly change: ChangeRunner,
    private readonly secrets: SecretsService,
    readonly rotators: Record<string, Rotator>,
  ) {}

  async configure(ctx: Ctx, row: SecretRow, input: RotationConfigInput) {
    await this.secrets.gate(ctx, row, 'secrets:RotateSecret', false);
    if (row.deleted_at) throw new ConflictError(`secret ${row.name} is scheduled for deletion`);
    const rotator = this.rotators[input.rotator];
    if (!rotator) throw new InputError(`unknown rotator ${input.rotator}`, [{ path: 'body.rotator', message: 'unknown' }]);
    rotator.validateConfig(input.config);
    if (input.rotator === 'webhook' && !(await secretStore.get(this.db, String(input.config.signingSecret)))) {
      throw new InputError(`the signing secret ${String(input.config.signingSecret)} does not exist`, [{ path: 'body.config.signingSecret', message: 'not found' }]);
    }
    const next = input.schedule ? nextRun(input.schedule) : null;
    await this.change(ctx, { action: 'secrets:RotateSecret', resource: `Secret:${row.name}`, details: { configure: true, rotator: input.rotator, schedule: input.schedule ?? null, rotateImmediately: input.rotateImmediately } }, async ({ tx }) => {
      await secretStore.update(tx, row.name, { rotator: input.rotator, rotation_config: input.config, rotation_schedule: input.schedule ?? null, next_rotation_at: next });
      if (input.rotateImmediately) await this.begin(tx, row.name);
    });
    if (input.rotateImmediately) this.wake();
    return this.secrets.toMetadata((await secretStore.get(this.db, row.name))!, false);
  }

  /** Starts a rotation now (on demand). ConflictError when one is already in progress. */
  async rotateNow(ctx: Ctx, row: SecretRow) {
    await this.secrets.gate(ctx, row, 'secrets:RotateSecret', false);
    if (row.deleted_at) throw new ConflictError(`secret ${row.name} is scheduled for deletion`);
    if (!row.rotator) throw new InputError(`secret ${row.name} has no rotator; configure rotation first (PUT …/rotation)`, [{ path: 'rotator', message: 'not configured' }]);
    const rotationId = await this.change(ctx, { action: 'secrets:RotateSecret', resource: `Secret:${row.name}`, details: { onDemand: true } }, async ({ tx, note }) => {
      const id = await this.begin(tx, row.name);
      note({ rotationId: id });
      return id;
    });
    this.wake();
    return { name: row.name, rotationId };
  }

  private async begin(tx: import('../../kernel/db/database.js').Queryable, name: string): Promise<string> {
    if (!(await labelStore.get(tx, name, CURRENT))) throw new InputError(`secret ${name} has no CURRENT value to rotate`, [{ path: 'name', message: 'no CURRENT' }]);
    const rotationId = randomUUID();
    if (!(await rotationStore.start(tx, { name, rotationId, pendingVersionId: randomUUID() }))) throw new ConflictError(`secret ${name} is already being rotated`);
    return rotationId;
  }

  async cancelSchedule(ctx: Ctx, row: SecretRow) {
    await this.secrets.gate(ctx, row, 'secrets:RotateSecret', false);
    if (await rotationStore.get(this.db, row.name)) throw new ConflictError(`secret ${row.name} is being rotated; cancel the schedule when it has finished`);
    await this.change(ctx, { action: 'secrets:CancelRotateSecret', resource: `Secret:${row.name}` }, async ({ tx }) => {
      await secretStore.update(tx, row.name, { rotator: null, rotation_config: null, rotation_schedule: null, next_rotation_at: null });
    });
  }
}
