// One way to make a change: in a transaction that also writes its audit record (and, when the change
// publishes one, its domain event). Services call `change(...)` instead of repeating that in each method.
import type { Db, Queryable } from './db/database.js';
import type { AuditLog } from './audit/audit-log.js';
import type { EventBus } from './events.js';
import { actorName, type RequestContext } from './http/context.js';

export interface ChangeDescription {
  /** The Cedar action name, also the audit action (`iam:CreateUser`). */
  action: string;
  /** `Type:id` of what changed (`User:alice`). */
  resource: string;
  /** Extra audit fields. Never put secret values here. */
  details?: Record<string, unknown>;
}

export interface ChangeTools {
  tx: Queryable;
  /** Publishes a domain event in the same transaction. */
  publish(topic: string, payload: unknown): Promise<void>;
  /** Adds fields to the audit record (e.g. the id the change created). */
  note(details: Record<string, unknown>): void;
}

export type ChangeRunner = <T>(ctx: RequestContext | SystemContext, what: ChangeDescription, fn: (tools: ChangeTools) => Promise<T>) => Promise<T>;

/** Changes Paved makes by itself (bootstrap, schedulers) are audited as `system:<component>`. */
export interface SystemContext {
  system: string;
}

export function createChangeRunner(db: Db, audit: AuditLog, events: EventBus): ChangeRunner {
  return (ctx, what, fn) =>
    db.transaction(async (tx) => {
      const actor = 'system' in ctx ? `system:${ctx.system}` : actorName(ctx.principal);
      const details: Record<string, unknown> = { ...(what.details ?? {}) };
      const result = await fn({
        tx,
        publish: (topic, payload) => events.publish(tx, topic, payload, actor),
        note: (more) => Object.assign(details, more),
      });
      await audit.append(
        {
          actor,
          action: what.action,
          resource: what.resource,
          outcome: 'success',
          requestId: 'system' in ctx ? null : ctx.requestId,
          sourceIp: 'system' in ctx ? null : ctx.sourceIp,
          details,
        },
        tx,
      );
      return result;
    });
}
