// The one write path for entities, used by locations and by the API: prepare (defaults, ref, hash,
// relations), refuse takeovers, then insert new and rewrite changed entities in set-based batches.
// Unchanged entities (same hash) are not touched, so a refresh of 100,000 unchanged entities is cheap.
import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from '../kernel/db/database.js';
import { randomBase62 } from '../kernel/ids.js';
import { DEFAULT_NAMESPACE, type Entity, type StatusItem } from './model.js';
import { ownerGroupId, stringifyEntityRef } from './refs.js';
import { relationsOf } from './relations.js';
import { entityStore, type EntityRow, type EntityWrite } from './store.js';

export const BATCH_SIZE = 500;
/** Rounds of lookup-then-insert before giving up on a batch that keeps losing insert races. */
const MAX_ROUNDS = 5;

export interface Conflict {
  ref: string;
  /** Who manages the entity already (a location key or `api`). */
  managedBy: string;
}

export interface ApplyResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  conflicts: Conflict[];
}

export type Publish = (topic: string, payload: unknown) => Promise<void>;

/** The stored form: defaults filled, generated fields dropped. */
export function normaliseEntity(input: Entity, extraAnnotations: Record<string, string> = {}): Entity {
  const { uid: _uid, etag: _etag, ...metadata } = input.metadata;
  const annotations = { ...(metadata.annotations ?? {}), ...extraAnnotations };
  delete annotations['backstage.io/orphan'];
  const out: Entity = {
    apiVersion: input.apiVersion,
    kind: input.kind,
    metadata: { ...metadata, namespace: metadata.namespace ?? DEFAULT_NAMESPACE, ...(Object.keys(annotations).length ? { annotations } : {}) },
  };
  if (input.spec !== undefined) out.spec = input.spec;
  return out;
}

export function hashOf(entity: Entity, managedBy: string): string {
  return createHash('sha256').update(managedBy).update('\n').update(JSON.stringify(entity)).digest('base64url');
}

export function newEtag(): string {
  return randomBase62(16);
}

function prepare(entity: Entity, managedBy: string, uid: string, status: StatusItem[]): EntityWrite {
  return {
    uid,
    ref: stringifyEntityRef(entity),
    entity,
    hash: hashOf(entity, managedBy),
    etag: newEtag(),
    managedBy,
    ownerGroupId: ownerGroupId(entity),
    status,
    edges: relationsOf(entity),
  };
}

export interface ApplyOptions {
  publish?: Publish;
  /** Status items to store on entities of this write (e.g. duplicate definitions in one location). */
  statusFor?: (ref: string) => StatusItem[];
}

/**
 * Writes entities as managed by `managedBy`. An entity another manager owns is left alone and reported
 * as a conflict, unless it is an orphan (its location dropped it), which may be adopted.
 */
export async function applyEntities(tx: Queryable, entities: Entity[], managedBy: string, options: ApplyOptions = {}): Promise<ApplyResult> {
  const result: ApplyResult = { created: [], updated: [], unchanged: [], conflicts: [] };
  for (let i = 0; i < entities.length; i += BATCH_SIZE) {
    let pending = entities.slice(i, i + BATCH_SIZE);
    const changed: EntityWrite[] = [];
    // Another transaction may insert one of our refs between the lookup and the insert (the refresh
    // loop and an API request processing the same location at once on PostgreSQL). Those inserts are
    // skipped and the entities go round again, now as existing rows (locked, so the check holds).
    for (let round = 0; pending.length; round += 1) {
      if (round === MAX_ROUNDS) throw new Error(`catalog write kept racing with concurrent writers for ${pending.map((e) => stringifyEntityRef(e)).join(', ')}`);
      const refs = pending.map((e) => stringifyEntityRef(e));
      const existing = new Map<string, EntityRow>((await entityStore.byRefs(tx, refs, true)).map((r) => [r.ref, r]));
      const inserts: EntityWrite[] = [];
      const updates: EntityWrite[] = [];
      pending.forEach((entity, j) => {
        const ref = refs[j]!;
        const status = options.statusFor?.(ref) ?? [];
        const current = existing.get(ref);
        if (!current) {
          inserts.push(prepare(entity, managedBy, randomUUID(), status));
          return;
        }
        if (current.managed_by !== managedBy && !current.orphaned_at) {
          result.conflicts.push({ ref, managedBy: current.managed_by });
          return;
        }
        const write = prepare(entity, managedBy, current.uid, status);
        if (write.hash === current.hash && !current.orphaned_at && JSON.stringify(status) === JSON.stringify(current.status ?? [])) {
          result.unchanged.push(ref);
          return;
        }
        updates.push(write);
      });
      const inserted = await entityStore.insertMany(tx, inserts);
      await entityStore.updateMany(tx, updates);
      result.created.push(...inserted.map((w) => w.ref));
      result.updated.push(...updates.map((w) => w.ref));
      changed.push(...inserted, ...updates);
      const done = new Set(inserted);
      const lost = new Set(inserts.filter((w) => !done.has(w)).map((w) => w.ref));
      pending = pending.filter((_, j) => lost.has(refs[j]!));
    }
    // One event per batch (up to BATCH_SIZE entities): an event per entity would double the cost of
    // a large ingest for subscribers that mostly want to know "these refs changed".
    if (changed.length && options.publish) {
      await options.publish('catalog.entity.upserted', { entities: changed.map((w) => ({ ref: w.ref, uid: w.uid, etag: w.etag, managedBy })) });
    }
  }
  return result;
}

export async function deleteEntities(tx: Queryable, uids: string[], publish?: Publish): Promise<string[]> {
  const deleted = await entityStore.deleteByUids(tx, uids);
  if (deleted.length && publish) await publish('catalog.entity.deleted', { entities: deleted });
  return deleted.map((d) => d.ref);
}
