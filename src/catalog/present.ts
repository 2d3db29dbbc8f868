// Rows to API entities: the stored body plus what the catalog computes (uid, etag, relations, and
// status warnings for references to entities that don't exist), in Backstage's shape.
import type { Queryable } from '../kernel/db/database.js';
import type { Entity, StatusItem } from './model.js';
import { entityStore, type EntityRow } from './store.js';

export async function present(q: Queryable, rows: EntityRow[], options: { relations?: boolean; status?: boolean } = {}): Promise<Entity[]> {
  const withRelations = options.relations ?? true;
  const withStatus = options.status ?? true;
  const relations = withRelations ? await entityStore.relationsOf(q, rows.map((r) => r.ref)) : new Map();
  const missing = withStatus ? await entityStore.missingTargets(q, rows.map((r) => r.uid)) : new Map();
  return rows.map((row) => {
    const body = row.body;
    const items: StatusItem[] = [...(row.status ?? [])];
    for (const m of missing.get(row.uid) ?? []) {
      items.push({
        type: 'paved.dev/missing-reference',
        level: 'warning',
        message: `${m.type} refers to ${m.target}, which is not in the catalog`,
      });
    }
    const entity: Entity = {
      apiVersion: body.apiVersion,
      kind: body.kind,
      metadata: { ...body.metadata, uid: row.uid, etag: row.etag },
      ...(body.spec !== undefined ? { spec: body.spec } : {}),
      relations: relations.get(row.ref) ?? [],
    };
    if (items.length) entity.status = { items };
    return entity;
  });
}
