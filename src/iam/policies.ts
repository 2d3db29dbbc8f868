// Administrator-managed Cedar policies. A policy is validated against the Paved schema before it is
// saved; a bad one is refused with Cedar's message and nothing changes. Saved policies take effect on
// this replica at once and on others within the reload interval.
import type { Db } from '../kernel/db/database.js';
import type { Authorizer } from '../kernel/authz/authorizer.js';
import { builtinPolicies } from '../kernel/authz/builtin-policies.js';
import type { ChangeRunner, SystemContext } from '../kernel/changes.js';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../kernel/errors.js';
import type { RequestContext } from '../kernel/http/context.js';
import type { StoredPolicy } from './model.js';
import { actorName } from '../kernel/http/context.js';
import { iso, policyStore, type PolicyRow } from './store.js';

function toPolicy(r: PolicyRow): StoredPolicy {
  return { id: r.id, description: r.description, body: r.body, builtin: false, createdBy: r.created_by, updatedAt: iso(r.updated_at), version: Number(r.version) };
}

export class PolicyService {
  private fingerprint = '';

  constructor(
    private readonly db: Db,
    private readonly authorizer: Authorizer,
    private readonly change: ChangeRunner,
  ) {}

  /** Loads the stored policies into the authorizer when they changed since the last load. */
  async reload(): Promise<boolean> {
    const fingerprint = await policyStore.fingerprint(this.db);
    if (fingerprint === this.fingerprint) return false;
    const rows = await policyStore.all(this.db);
    this.authorizer.load(Object.fromEntries(rows.map((r) => [r.id, r.body])));
    this.fingerprint = fingerprint;
    return true;
  }

  async list(): Promise<StoredPolicy[]> {
    const builtins = Object.entries(builtinPolicies).map(([id, body]) => ({
      id,
      description: body.split('\n')[0]!.replace(/^\/\/\s*/, ''),
      body,
      builtin: true,
      createdBy: null,
      updatedAt: null,
      version: 1,
    }));
    return [...builtins, ...(await policyStore.all(this.db)).map(toPolicy)];
  }

  async get(id: string): Promise<StoredPolicy> {
    const found = (await this.list()).find((p) => p.id === id);
    if (!found) throw new NotFoundError(`policy ${id} not found`);
    return found;
  }

  async put(ctx: RequestContext | SystemContext, id: string, input: { description: string; body: string }, expectedVersion?: number): Promise<StoredPolicy> {
    if (id in builtinPolicies) throw new ConflictError(`${id} is a built-in policy; add a forbid policy to restrict it`);
    // Validate the new policy together with every other stored one: ids must stay unique and the whole set valid.
    const others = Object.fromEntries((await policyStore.all(this.db)).filter((r) => r.id !== id).map((r) => [r.id, r.body]));
    this.authorizer.validate({ ...others, [id]: input.body });
    const saved = await this.change(ctx, { action: 'iam:PutPolicy', resource: `Policy:${id}`, details: { body: input.body } }, async ({ tx, publish }) => {
      const row = await policyStore.upsert(tx, { id, ...input, createdBy: 'system' in ctx ? `system:${ctx.system}` : actorName(ctx.principal) }, expectedVersion);
      if (!row) throw new PreconditionFailedError(`policy ${id} is not at version ${expectedVersion}; reload and retry`);
      await publish('iam.policy.changed', { id });
      return toPolicy(row);
    });
    await this.reload();
    return saved;
  }

  async delete(ctx: RequestContext | SystemContext, id: string): Promise<void> {
    if (id in builtinPolicies) throw new ConflictError(`${id} is a built-in policy and cannot be deleted`);
    await this.change(ctx, { action: 'iam:DeletePolicy', resource: `Policy:${id}` }, async ({ tx, publish }) => {
      if (!(await policyStore.delete(tx, id))) throw new NotFoundError(`policy ${id} not found`);
      await publish('iam.policy.changed', { id });
    });
    await this.reload();
  }
}
