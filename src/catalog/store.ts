// SQL for the catalog. Every function takes a Queryable so callers compose them in one transaction.
// Writes are set-based (unnest of arrays): one statement per table per batch, which is what makes
// ingest reach thousands of entities per second (docs/benchmarks.md, ## catalog).
import type { Queryable } from '../kernel/db/database.js';
import type { Entity, EntityRelation, StatusItem } from './model.js';
import { filterSql, Params, type FilterSet } from './query.js';
import type { Edge } from './relations.js';
import { searchDocument, searchRows } from './search.js';

export interface EntityRow {
  uid: string;
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  body: Entity;
  hash: string;
  etag: string;
  generation: number;
  managed_by: string;
  orphaned_at: Date | null;
  owner_group_id: string | null;
  status: StatusItem[];
}

/** What the write path knows about an entity before storing it. */
export interface EntityWrite {
  uid: string;
  ref: string;
  entity: Entity;
  hash: string;
  etag: string;
  managedBy: string;
  ownerGroupId: string | null;
  status: StatusItem[];
  edges: Edge[];
}

const cols = (a = '') =>
  `${a}uid::text AS uid, ${a}ref, ${a}kind, ${a}namespace, ${a}name, ${a}body, ${a}hash, ${a}etag, ${a}generation, ${a}managed_by, ${a}orphaned_at, ${a}owner_group_id, ${a}status`;
const COLUMNS = cols();

function parseBody(row: EntityRow): EntityRow {
  // pg returns jsonb parsed; PGlite too. Guard for drivers returning text.
  if (typeof row.body === 'string') row.body = JSON.parse(row.body) as Entity;
  if (typeof row.status === 'string') row.status = JSON.parse(row.status) as StatusItem[];
  return row;
}

async function writeIndex(q: Queryable, writes: EntityWrite[]): Promise<void> {
  const uids = writes.map((w) => w.uid);
  await q.query('DELETE FROM catalog_search WHERE entity_uid = ANY($1::uuid[])', [uids]);
  await q.query('DELETE FROM catalog_relations WHERE originator_uid = ANY($1::uuid[])', [uids]);
  const sUid: string[] = [];
  const sKey: string[] = [];
  const sVal: Array<string | null> = [];
  const sOrig: Array<string | null> = [];
  const rUid: string[] = [];
  const rSrc: string[] = [];
  const rType: string[] = [];
  const rTgt: string[] = [];
  for (const w of writes) {
    for (const row of searchRows(w.entity)) {
      sUid.push(w.uid);
      sKey.push(row.key);
      sVal.push(row.value);
      sOrig.push(row.original);
    }
    for (const e of w.edges) {
      rUid.push(w.uid);
      rSrc.push(e.source);
      rType.push(e.type);
      rTgt.push(e.target);
    }
  }
  if (sUid.length) {
    await q.query('INSERT INTO catalog_search (entity_uid, key, value, original_value) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])', [
      sUid,
      sKey,
      sVal,
      sOrig,
    ]);
  }
  if (rUid.length) {
    await q.query('INSERT INTO catalog_relations (originator_uid, source_ref, type, target_ref) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])', [
      rUid,
      rSrc,
      rType,
      rTgt,
    ]);
  }
}

function arrays(writes: EntityWrite[]) {
  const docs = writes.map((w) => searchDocument(w.entity));
  return [
    writes.map((w) => w.uid),
    writes.map((w) => w.ref),
    writes.map((w) => w.entity.kind.toLocaleLowerCase('en-US')),
    writes.map((w) => (w.entity.metadata.namespace ?? 'default').toLocaleLowerCase('en-US')),
    writes.map((w) => w.entity.metadata.name.toLocaleLowerCase('en-US')),
    writes.map((w) => JSON.stringify(w.entity)),
    writes.map((w) => w.hash),
    writes.map((w) => w.etag),
    writes.map((w) => w.managedBy),
    writes.map((w) => w.ownerGroupId),
    writes.map((w) => JSON.stringify(w.status)),
    docs.map((d) => d.a),
    docs.map((d) => d.b),
    docs.map((d) => d.c),
  ];
}

const UNNEST = `unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
  AS t(uid, ref, kind, namespace, name, body, hash, etag, managed_by, owner, status, a, b, c)`;
const TSV = `setweight(to_tsvector('simple', t.a), 'A') || setweight(to_tsvector('simple', t.b), 'B') || setweight(to_tsvector('simple', t.c), 'C')`;

export const entityStore = {
  /**
   * Inserts new entities and returns the ones actually inserted. A ref another transaction inserted
   * meanwhile (the refresh loop and an API request reading the same location at once, or two
   * locations yielding the same entity) is skipped rather than failing the whole write: the caller
   * re-reads those rows and treats them as existing.
   */
  async insertMany(q: Queryable, writes: EntityWrite[]): Promise<EntityWrite[]> {
    if (!writes.length) return [];
    const { rows } = await q.query<{ uid: string }>(
      `INSERT INTO catalog_entities (uid, ref, kind, namespace, name, body, hash, etag, managed_by, owner_group_id, status, search_text)
       SELECT t.uid, t.ref, t.kind, t.namespace, t.name, t.body::jsonb, t.hash, t.etag, t.managed_by, t.owner, t.status::jsonb, ${TSV} FROM ${UNNEST}
       ON CONFLICT DO NOTHING RETURNING uid::text AS uid`,
      arrays(writes),
    );
    const inserted = new Set(rows.map((r) => r.uid));
    const written = writes.filter((w) => inserted.has(w.uid));
    await writeIndex(q, written);
    return written;
  },

  /** Rewrites changed entities (and un-orphans them); generation goes up by one. */
  async updateMany(q: Queryable, writes: EntityWrite[]): Promise<void> {
    if (!writes.length) return;
    await q.query(
      `UPDATE catalog_entities e SET body = t.body::jsonb, hash = t.hash, etag = t.etag, managed_by = t.managed_by, owner_group_id = t.owner,
         status = t.status::jsonb, search_text = ${TSV}, generation = e.generation + 1, orphaned_at = NULL, updated_at = now()
       FROM ${UNNEST} WHERE e.uid = t.uid`,
      arrays(writes),
    );
    await writeIndex(q, writes);
  },

  /**
   * With `lock`, the rows stay locked until the transaction ends (in ref order, so two writers of
   * overlapping batches cannot deadlock), so the takeover check and the rewrite see the same row.
   */
  async byRefs(q: Queryable, refs: string[], lock = false): Promise<EntityRow[]> {
    if (!refs.length) return [];
    const { rows } = await q.query<EntityRow>(
      `SELECT ${COLUMNS} FROM catalog_entities WHERE ref = ANY($1::text[])${lock ? ' ORDER BY ref FOR UPDATE' : ''}`,
      [refs],
    );
    return rows.map(parseBody);
  },

  async byRef(q: Queryable, ref: string, lock = false): Promise<EntityRow | undefined> {
    const { rows } = await q.query<EntityRow>(`SELECT ${COLUMNS} FROM catalog_entities WHERE ref = $1${lock ? ' FOR UPDATE' : ''}`, [ref]);
    return rows[0] && parseBody(rows[0]);
  },

  async byUid(q: Queryable, uid: string): Promise<EntityRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(uid)) return undefined;
    const { rows } = await q.query<EntityRow>(`SELECT ${COLUMNS} FROM catalog_entities WHERE uid = $1`, [uid]);
    return rows[0] && parseBody(rows[0]);
  },

  /** Refs and uids of what a location manages (to find entities that disappeared). */
  async managedBy(q: Queryable, managedBy: string): Promise<Array<{ uid: string; ref: string; orphaned_at: Date | null }>> {
    const { rows } = await q.query<{ uid: string; ref: string; orphaned_at: Date | null }>(
      'SELECT uid::text AS uid, ref, orphaned_at FROM catalog_entities WHERE managed_by = $1',
      [managedBy],
    );
    return rows;
  },

  /** Flags entities as orphans, with Backstage's `backstage.io/orphan: "true"` annotation so filters find them. */
  async markOrphaned(q: Queryable, uids: string[]): Promise<void> {
    if (!uids.length) return;
    await q.query(
      `UPDATE catalog_entities SET orphaned_at = now(), updated_at = now(),
         body = jsonb_set(body, '{metadata,annotations}', COALESCE(body->'metadata'->'annotations', '{}'::jsonb) || '{"backstage.io/orphan":"true"}'::jsonb)
       WHERE uid = ANY($1::uuid[])`,
      [uids],
    );
    await q.query(
      `INSERT INTO catalog_search (entity_uid, key, value, original_value)
       SELECT u, 'metadata.annotations.backstage.io/orphan', 'true', 'true' FROM unnest($1::uuid[]) AS u`,
      [uids],
    );
  },

  async deleteByUids(q: Queryable, uids: string[]): Promise<Array<{ uid: string; ref: string }>> {
    if (!uids.length) return [];
    const { rows } = await q.query<{ uid: string; ref: string }>('DELETE FROM catalog_entities WHERE uid = ANY($1::uuid[]) RETURNING uid::text AS uid, ref', [uids]);
    return rows;
  },

  /** Orphans older than the grace period, for the delete policy. */
  async expiredOrphans(q: Queryable, graceMinutes: number, limit = 1000): Promise<Array<{ uid: string; ref: string }>> {
    const { rows } = await q.query<{ uid: string; ref: string }>(
      `SELECT uid::text AS uid, ref FROM catalog_entities WHERE orphaned_at IS NOT NULL AND orphaned_at <= now() - make_interval(mins => $1)
       ORDER BY orphaned_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [graceMinutes, limit],
    );
    return rows;
  },

  /** Relations of each entity (edges whose source it is), by ref. */
  async relationsOf(q: Queryable, refs: string[]): Promise<Map<string, EntityRelation[]>> {
    const out = new Map<string, EntityRelation[]>();
    if (!refs.length) return out;
    const { rows } = await q.query<{ source_ref: string; type: string; target_ref: string }>(
      'SELECT DISTINCT source_ref, type, target_ref FROM catalog_relations WHERE source_ref = ANY($1::text[]) ORDER BY source_ref, type, target_ref',
      [refs],
    );
    for (const r of rows) {
      const list = out.get(r.source_ref) ?? [];
      list.push({ type: r.type, targetRef: r.target_ref });
      out.set(r.source_ref, list);
    }
    return out;
  },

  /** Targets each entity's own spec refers to that do not exist (warnings in status.items). */
  async missingTargets(q: Queryable, uids: string[]): Promise<Map<string, Array<{ type: string; target: string }>>> {
    const out = new Map<string, Array<{ type: string; target: string }>>();
    if (!uids.length) return out;
    const { rows } = await q.query<{ uid: string; type: string; target_ref: string }>(
      `SELECT DISTINCT r.originator_uid::text AS uid, r.type, r.target_ref FROM catalog_relations r
       JOIN catalog_entities o ON o.uid = r.originator_uid AND o.ref = r.source_ref
       WHERE r.originator_uid = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM catalog_entities t WHERE t.ref = r.target_ref)`,
      [uids],
    );
    for (const r of rows) {
      const list = out.get(r.uid) ?? [];
      list.push({ type: r.type, target: r.target_ref });
      out.set(r.uid, list);
    }
    return out;
  },
};

export interface ListQuery {
  filters: FilterSet[];
  fullText?: string | null;
  /** A search key (`metadata.name`), sorted with uid as the tie-break. */
  orderKey: string;
  descending: boolean;
  /** Keyset position: rows strictly after (sortValue, uid) in the query's order. */
  after?: [string, string];
  offset?: number;
  limit: number;
}

const SORT_COLUMNS: Record<string, string> = {
  kind: 'e.kind',
  'metadata.name': 'e.name',
  'metadata.namespace': 'e.namespace',
  'metadata.uid': 'e.uid::text',
  ref: 'e.ref',
};

function whereOf(query: Pick<ListQuery, 'filters' | 'fullText'>, p: Params): string {
  const parts = [filterSql(query.filters, p, 'e')];
  if (query.fullText) parts.push(`e.search_text @@ to_tsquery('simple', ${p.add(query.fullText)})`);
  return parts.join(' AND ');
}

export const queryStore = {
  /** A page of entities with their sort values, in the requested order. */
  async list(q: Queryable, query: ListQuery): Promise<Array<EntityRow & { sort_value: string }>> {
    const p = new Params();
    const column = SORT_COLUMNS[query.orderKey];
    const sortExpr = column ?? `COALESCE((SELECT min(s.value) FROM catalog_search s WHERE s.entity_uid = e.uid AND s.key = ${p.add(query.orderKey)}), '')`;
    const where = [whereOf(query, p)];
    const dir = query.descending ? 'DESC' : 'ASC';
    if (query.after) where.push(`(${sortExpr}, e.uid::text) ${query.descending ? '<' : '>'} (${p.add(query.after[0])}, ${p.add(query.after[1])})`);
    const sql = `SELECT ${cols('e.')}, ${sortExpr} AS sort_value
      FROM catalog_entities e WHERE ${where.join(' AND ')}
      ORDER BY ${sortExpr} ${dir}, e.uid::text ${dir} LIMIT ${p.add(query.limit)}${query.offset ? ` OFFSET ${p.add(query.offset)}` : ''}`;
    const { rows } = await q.query<EntityRow & { sort_value: string }>(sql, p.values);
    return rows.map((r) => parseBody(r) as EntityRow & { sort_value: string });
  },

  async count(q: Queryable, query: Pick<ListQuery, 'filters' | 'fullText'>): Promise<number> {
    const p = new Params();
    const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM catalog_entities e WHERE ${whereOf(query, p)}`, p.values);
    return Number(rows[0]?.n ?? 0);
  },

  /** Counts of each value of each facet key among the entities matching the filters. */
  async facets(q: Queryable, keys: string[], filters: FilterSet[]): Promise<Record<string, Array<{ value: string; count: number }>>> {
    const out: Record<string, Array<{ value: string; count: number }>> = {};
    for (const key of keys) {
      const p = new Params();
      const lower = key.toLocaleLowerCase('en-US');
      const where = filters.length ? ` AND s.entity_uid IN (SELECT e.uid FROM catalog_entities e WHERE ${filterSql(filters, p, 'e')})` : '';
      let sql: string;
      if (lower.startsWith('relations.')) {
        const fp = filters.length ? ` AND e.uid IN (SELECT e2.uid FROM catalog_entities e2 WHERE ${filterSql(filters, p, 'e2')})` : '';
        sql = `SELECT r.target_ref AS value, count(DISTINCT e.uid)::int AS count FROM catalog_relations r JOIN catalog_entities e ON e.ref = r.source_ref
               WHERE lower(r.type) = ${p.add(lower.slice('relations.'.length))}${fp} GROUP BY r.target_ref ORDER BY count DESC, value`;
      } else {
        sql = `SELECT s.original_value AS value, count(*)::int AS count FROM catalog_search s
               WHERE s.key = ${p.add(lower)} AND s.original_value IS NOT NULL${where} GROUP BY s.original_value ORDER BY count DESC, value`;
      }
      const { rows } = await q.query<{ value: string; count: number }>(sql, p.values);
      out[key] = rows.map((r) => ({ value: r.value, count: Number(r.count) }));
    }
    return out;
  },
};

export interface LocationRow {
  id: string;
  type: string;
  target: string;
  next_refresh_at: Date;
  last_refreshed_at: Date | null;
  problems: unknown[];
}

const LOCATION_COLUMNS = 'id::text AS id, type, target, next_refresh_at, last_refreshed_at, problems';

export const locationStore = {
  /** `leaseSeconds`: the caller reads it now, so the refresh loop leaves it alone that long. */
  async insert(q: Queryable, l: { id: string; type: string; target: string }, leaseSeconds = 0): Promise<LocationRow> {
    const { rows } = await q.query<LocationRow>(
      `INSERT INTO catalog_locations (id, type, target, next_refresh_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING ${LOCATION_COLUMNS}`,
      [l.id, l.type, l.target, leaseSeconds],
    );
    return rows[0]!;
  },
  /** Locks a location for the rest of the transaction (one writer applies a location at a time); false when it is gone. */
  async lock(q: Queryable, id: string): Promise<boolean> {
    const { rows } = await q.query('SELECT 1 FROM catalog_locations WHERE id = $1 FOR UPDATE', [id]);
    return rows.length > 0;
  },
  async byTarget(q: Queryable, target: string): Promise<LocationRow | undefined> {
    const { rows } = await q.query<LocationRow>(`SELECT ${LOCATION_COLUMNS} FROM catalog_locations WHERE target = $1`, [target]);
    return rows[0];
  },
  async byId(q: Queryable, id: string, lock = false): Promise<LocationRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const { rows } = await q.query<LocationRow>(`SELECT ${LOCATION_COLUMNS} FROM catalog_locations WHERE id = $1${lock ? ' FOR UPDATE SKIP LOCKED' : ''}`, [id]);
    return rows[0];
  },
  async list(q: Queryable): Promise<LocationRow[]> {
    const { rows } = await q.query<LocationRow>(`SELECT ${LOCATION_COLUMNS} FROM catalog_locations ORDER BY created_at, id`);
    return rows;
  },
  async delete(q: Queryable, id: string): Promise<LocationRow | undefined> {
    const { rows } = await q.query<LocationRow>(`DELETE FROM catalog_locations WHERE id = $1 RETURNING ${LOCATION_COLUMNS}`, [id]);
    return rows[0];
  },
  /**
   * Claims one due location: the row stays locked for the claiming transaction, so another replica
   * running the same loop skips it (SKIP LOCKED) instead of reading the same files twice.
   */
  async claimDue(q: Queryable): Promise<LocationRow | undefined> {
    const { rows } = await q.query<LocationRow>(
      `SELECT ${LOCATION_COLUMNS} FROM catalog_locations WHERE next_refresh_at <= now() ORDER BY next_refresh_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    return rows[0];
  },
  async finish(q: Queryable, id: string, problems: unknown[], intervalSeconds: number): Promise<void> {
    await q.query(
      `UPDATE catalog_locations SET problems = $2::jsonb, last_refreshed_at = now(), next_refresh_at = now() + make_interval(secs => $3) WHERE id = $1`,
      [id, JSON.stringify(problems), intervalSeconds],
    );
  },
};
