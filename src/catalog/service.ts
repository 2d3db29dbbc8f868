// The catalog's operations, without HTTP: reads in Backstage's shapes, writes through one path
// (ingest.ts) inside audited transactions, locations through the processor. Typed errors only.
import { randomUUID } from 'node:crypto';
import type { ChangeRunner, SystemContext } from '../kernel/changes.js';
import type { Db } from '../kernel/db/database.js';
import { ConflictError, InputError, NotFoundError, PreconditionFailedError } from '../kernel/errors.js';
import type { RequestContext } from '../kernel/http/context.js';
import type { Logger } from '../kernel/logger.js';
import { decodeCursor, encodeCursor } from '../kernel/pagination.js';
import { applyEntities, deleteEntities, normaliseEntity } from './ingest.js';
import { LEASE_SECONDS, LocationProcessor, readLocation, type ProcessResult } from './locations.js';
import { API_MANAGED, ANNOTATION_LOCATION, type CatalogSettings, type Entity } from './model.js';
import type { TextReader } from './parse.js';
import { fullTextQuery, parseFilters, pickFields, type FilterSet } from './query.js';
import { locationKey, normaliseLocation, parseLocationKey } from './reader.js';
import { parseEntityRef, stringifyEntityRef } from './refs.js';
import { present } from './present.js';
import { entityStore, locationStore, queryStore, type EntityRow, type LocationRow } from './store.js';
import { validateEntity } from './validation.js';

type Ctx = RequestContext | SystemContext;

export interface Location {
  id: string;
  type: string;
  target: string;
}

export interface QueryRequest {
  filter?: string | string[];
  fields?: string[];
  limit?: number;
  offset?: number;
  orderField?: string | string[];
  cursor?: string;
  fullTextFilterTerm?: string;
  totalItems?: boolean;
}

export interface QueryPage {
  items: Array<Partial<Entity>>;
  totalItems: number;
  pageInfo: { nextCursor?: string; prevCursor?: string };
}

/** What a by-query cursor carries: the whole query, so later pages need only the cursor. */
interface Cursor {
  f: string[];
  q?: string;
  o: string;
  d: boolean;
  k: [string, string];
  b: boolean;
  t: number;
}

const isCursor = (v: unknown): v is Cursor => {
  const c = v as Cursor;
  return !!c && Array.isArray(c.f) && typeof c.o === 'string' && Array.isArray(c.k) && c.k.length === 2 && typeof c.b === 'boolean';
};

const isLegacyCursor = (v: unknown): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string');

export function locationOf(row: LocationRow): Location & { problems: unknown[]; lastRefreshedAt: string | null } {
  return {
    id: row.id,
    type: row.type,
    target: row.target,
    problems: row.problems ?? [],
    lastRefreshedAt: row.last_refreshed_at ? new Date(row.last_refreshed_at).toISOString() : null,
  };
}

function parseOrder(raw: string | string[] | undefined): { key: string; descending: boolean } {
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (!first) return { key: 'metadata.name', descending: false };
  const [field, dir = 'asc'] = first.split(',').map((s) => s.trim());
  if (!field || !['asc', 'desc'].includes(dir.toLowerCase())) {
    throw new InputError(`orderField "${first}" must be <field>,asc or <field>,desc`, [{ path: 'query.orderField', message: 'invalid' }]);
  }
  return { key: field.toLocaleLowerCase('en-US'), descending: dir.toLowerCase() === 'desc' };
}

export class CatalogService {
  readonly processor: LocationProcessor;

  constructor(
    private readonly db: Db,
    private readonly change: ChangeRunner,
    private readonly logger: Logger,
    read?: TextReader,
  ) {
    this.processor = new LocationProcessor({ db, change, logger, settings: () => this.settings(), read });
    this.read = read;
  }

  private readonly read: TextReader | undefined;

  // ---- settings ----------------------------------------------------------------------------------

  async settings(): Promise<CatalogSettings> {
    const { rows } = await this.db.query<{ refresh_interval_seconds: number; orphan_policy: 'keep' | 'delete'; orphan_grace_minutes: number }>(
      'SELECT refresh_interval_seconds, orphan_policy, orphan_grace_minutes FROM catalog_settings',
    );
    const r = rows[0]!;
    return { refreshIntervalSeconds: r.refresh_interval_seconds, orphanPolicy: r.orphan_policy, orphanGraceMinutes: r.orphan_grace_minutes };
  }

  async updateSettings(ctx: Ctx, input: Partial<CatalogSettings>): Promise<CatalogSettings> {
    await this.change(ctx, { action: 'catalog:UpdateSettings', resource: 'Platform:paved', details: { ...input } }, async ({ tx }) => {
      await tx.query(
        `UPDATE catalog_settings SET refresh_interval_seconds = COALESCE($1, refresh_interval_seconds),
           orphan_policy = COALESCE($2, orphan_policy), orphan_grace_minutes = COALESCE($3, orphan_grace_minutes)`,
        [input.refreshIntervalSeconds ?? null, input.orphanPolicy ?? null, input.orphanGraceMinutes ?? null],
      );
    });
    return this.settings();
  }

  // ---- reads -------------------------------------------------------------------------------------

  /** The stored row for a ref (for access checks), or NotFoundError. */
  async row(ref: string): Promise<EntityRow> {
    const row = await entityStore.byRef(this.db, ref.toLocaleLowerCase('en-US'));
    if (!row) throw new NotFoundError(`no entity ${ref} in the catalog`);
    return row;
  }

  async rowByUid(uid: string): Promise<EntityRow> {
    const row = await entityStore.byUid(this.db, uid);
    if (!row) throw new NotFoundError(`no entity with uid ${uid}`);
    return row;
  }

  async entity(row: EntityRow): Promise<Entity> {
    return (await present(this.db, [row]))[0]!;
  }

  async getByName(kind: string, namespace: string, name: string): Promise<Entity> {
    return this.entity(await this.row(stringifyEntityRef({ kind, namespace, name })));
  }

  async getByRefs(refs: string[], filter?: string | string[], fields?: string[]): Promise<Array<Partial<Entity> | null>> {
    const canonical = refs.map((r) => {
      try {
        return stringifyEntityRef(parseEntityRef(r));
      } catch {
        return '';
      }
    });
    const rows = await entityStore.byRefs(this.db, canonical.filter(Boolean));
    let allowed: Set<string> | undefined;
    const filters = parseFilters(filter);
    if (filters.length && rows.length) {
      const matching = await queryStore.list(this.db, { filters: [...filters.map((f) => [...f, { key: 'metadata.uid', values: rows.map((r) => r.uid) }])], orderKey: 'ref', descending: false, limit: rows.length });
      allowed = new Set(matching.map((r) => r.uid));
    }
    const entities = await present(this.db, rows.filter((r) => !allowed || allowed.has(r.uid)));
    const byRef = new Map(entities.map((e) => [stringifyEntityRef(e), e]));
    return canonical.map((r) => {
      const e = byRef.get(r);
      return e ? pickFields(e, fields) : null;
    });
  }

  /** GET /entities: Backstage's original list, with offset/limit and an `after` keyset cursor. */
  async list(request: { filter?: string | string[]; fields?: string[]; limit?: number; offset?: number; after?: string; order?: string | string[] }) {
    const filters = parseFilters(request.filter);
    let orderKey = 'ref';
    let descending = false;
    const order = Array.isArray(request.order) ? request.order[0] : request.order;
    if (order) {
      const [dir, field] = order.split(':');
      if (!field || !['asc', 'desc'].includes(dir!)) throw new InputError(`order "${order}" must be asc:<field> or desc:<field>`, [{ path: 'query.order', message: 'invalid' }]);
      orderKey = field.toLocaleLowerCase('en-US');
      descending = dir === 'desc';
    }
    const after = decodeCursor(request.after, isLegacyCursor);
    const limit = request.limit ?? 10_000;
    const rows = await queryStore.list(this.db, { filters, orderKey, descending, after, offset: request.offset, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const items = (await present(this.db, page)).map((e) => pickFields(e, request.fields));
    const last = page[page.length - 1];
    return { items, next: rows.length > limit && last ? encodeCursor([last.sort_value, last.uid]) : undefined };
  }

  /** GET /entities/by-query: cursor pages with totals, Backstage's response shape. */
  async query(request: QueryRequest): Promise<QueryPage> {
    const limit = Math.min(Math.max(request.limit ?? 20, 0), 10_000);
    let cursor: Cursor | undefined;
    let filtersRaw: string[];
    let term: string | undefined;
    let order: { key: string; descending: boolean };
    if (request.cursor) {
      cursor = decodeCursor(request.cursor, isCursor)!;
      filtersRaw = cursor.f;
      term = cursor.q;
      order = { key: cursor.o, descending: cursor.d };
    } else {
      filtersRaw = request.filter === undefined ? [] : Array.isArray(request.filter) ? request.filter : [request.filter];
      term = request.fullTextFilterTerm?.trim() || undefined;
      order = parseOrder(request.orderField);
    }
    const filters = parseFilters(filtersRaw);
    const fullText = term ? fullTextQuery(term) : null;
    if (term && !fullText) return { items: [], totalItems: 0, pageInfo: {} };
    const backwards = cursor?.b ?? false;
    const rows = await queryStore.list(this.db, {
      filters,
      fullText,
      orderKey: order.key,
      descending: backwards ? !order.descending : order.descending,
      after: cursor?.k,
      offset: cursor ? undefined : request.offset,
      limit: limit + 1,
    });
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    if (backwards) page.reverse();
    const totalItems = cursor ? cursor.t : request.totalItems === false ? 0 : await queryStore.count(this.db, { filters, fullText });
    const base = { f: filtersRaw, q: term, o: order.key, d: order.descending, t: totalItems };
    const first = page[0];
    const last = page[page.length - 1];
    const pageInfo: QueryPage['pageInfo'] = {};
    if (last && (backwards || more)) pageInfo.nextCursor = encodeCursor({ ...base, k: [last.sort_value, last.uid], b: false } satisfies Cursor);
    if (first && (backwards ? more : !!cursor || !!request.offset)) pageInfo.prevCursor = encodeCursor({ ...base, k: [first.sort_value, first.uid], b: true } satisfies Cursor);
    const items = (await present(this.db, page)).map((e) => pickFields(e, request.fields));
    return { items, totalItems, pageInfo };
  }

  async facets(keys: string[], filter?: string | string[]) {
    return { facets: await queryStore.facets(this.db, keys, parseFilters(filter)) };
  }

  /** Validation as POST /validate-entity does it: every problem with its field path. */
  validate(entity: unknown): void {
    const problems = validateEntity(entity);
    if (problems.length) throw new InputError('the entity is not valid', problems.map((p) => ({ path: p.path ? `entity.${p.path}` : 'entity', message: p.message })));
  }

  // ---- writes through the API --------------------------------------------------------------------

  private readOnly(row: EntityRow): ConflictError {
    const file = (row.body.metadata.annotations ?? {})[ANNOTATION_LOCATION] ?? row.managed_by;
    const where = parseLocationKey(file)?.target ?? file;
    return new ConflictError(`${row.ref} is managed by the location ${row.managed_by}; edit ${where} instead (the catalog re-reads it)`, [
      { path: where, message: 'the source of this entity' },
    ]);
  }

  async createEntity(ctx: Ctx, input: unknown): Promise<Entity> {
    this.validate(input);
    const entity = normaliseEntity(input as Entity);
    const ref = stringifyEntityRef(entity);
    const row = await this.change(ctx, { action: 'catalog:CreateEntity', resource: `CatalogEntity:${ref}` }, async ({ tx, publish }) => {
      const existing = await entityStore.byRef(tx, ref, true);
      if (existing) {
        if (existing.managed_by !== API_MANAGED) throw this.readOnly(existing);
        throw new ConflictError(`${ref} already exists; edit it with PUT /api/catalog/entities/by-name/${ref.replace(':', '/')}`);
      }
      await applyEntities(tx, [entity], API_MANAGED, { publish });
      return (await entityStore.byRef(tx, ref))!;
    });
    return this.entity(row);
  }

  /** Replaces an API-managed entity; `ifMatch` is the etag the editor read (412 if it changed since). */
  async updateEntity(ctx: Ctx, ref: string, input: unknown, ifMatch?: string): Promise<Entity> {
    this.validate(input);
    const entity = normaliseEntity(input as Entity);
    if (stringifyEntityRef(entity) !== ref) {
      throw new InputError(`the entity is ${stringifyEntityRef(entity)} but the URL names ${ref}; kind, namespace and name cannot change`, [{ path: 'body.metadata.name', message: 'does not match the URL' }]);
    }
    const row = await this.change(ctx, { action: 'catalog:UpdateEntity', resource: `CatalogEntity:${ref}` }, async ({ tx, publish, note }) => {
      const current = await entityStore.byRef(tx, ref, true);
      if (!current) throw new NotFoundError(`no entity ${ref} in the catalog`);
      if (current.managed_by !== API_MANAGED && !current.orphaned_at) throw this.readOnly(current);
      if (ifMatch !== undefined && ifMatch !== current.etag) {
        throw new PreconditionFailedError(`${ref} changed since you read it (etag ${current.etag}, not ${ifMatch}); reload and retry`);
      }
      const result = await applyEntities(tx, [entity], API_MANAGED, { publish });
      note({ changed: result.updated.length > 0 });
      return (await entityStore.byRef(tx, ref))!;
    });
    return this.entity(row);
  }

  /** Deletes an API-managed entity or an orphan; location-managed entities come from their file. */
  async deleteByUid(ctx: Ctx, row: EntityRow): Promise<void> {
    if (row.managed_by !== API_MANAGED && !row.orphaned_at) throw this.readOnly(row);
    await this.change(ctx, { action: 'catalog:DeleteEntity', resource: `CatalogEntity:${row.ref}` }, async ({ tx, publish }) => {
      await deleteEntities(tx, [row.uid], publish);
    });
  }

  // ---- locations ---------------------------------------------------------------------------------

  async listLocations() {
    return (await locationStore.list(this.db)).map(locationOf);
  }

  async getLocation(id: string) {
    const row = await locationStore.byId(this.db, id);
    if (!row) throw new NotFoundError(`no location ${id}`);
    return locationOf(row);
  }

  async getLocationByEntity(ref: string) {
    const row = await this.row(ref);
    const key = parseLocationKey(row.managed_by);
    const loc = key ? await locationStore.byTarget(this.db, key.target) : undefined;
    if (!loc) throw new NotFoundError(`${ref} is not managed by a registered location`);
    return locationOf(loc);
  }

  /**
   * Registers a location and reads it at once, so the caller sees its entities (or its problems).
   * With dryRun nothing is stored: the entities it would produce come back.
   */
  async addLocation(ctx: Ctx, input: { type?: string; target: string }, dryRun: boolean) {
    const spec = normaliseLocation(input.type, input.target);
    const existing = await locationStore.byTarget(this.db, spec.target);
    if (dryRun) {
      const outcome = await readLocation(spec, this.read);
      return { location: { id: existing?.id ?? randomUUID(), ...spec }, entities: outcome.entities, exists: !!existing, problems: outcome.problems };
    }
    if (existing) throw new ConflictError(`the location ${locationKey(spec)} is already registered (id ${existing.id})`);
    const row = await this.change(ctx, { action: 'catalog:CreateLocation', resource: `CatalogLocation:${spec.target}` }, async ({ tx, note }) => {
      // Not due yet: this request reads it now; the loop would only read it a second time.
      const inserted = await locationStore.insert(tx, { id: randomUUID(), ...spec }, LEASE_SECONDS);
      note({ id: inserted.id });
      return inserted;
    });
    const result = await this.processor.process(row);
    const rows = await entityStore.byRefs(this.db, [...result.created, ...result.updated, ...result.unchanged]);
    return { location: { id: row.id, type: row.type, target: row.target }, entities: await present(this.db, rows), problems: result.problems };
  }

  /** Unregisters a location and deletes the entities it manages. */
  async deleteLocation(ctx: Ctx, id: string): Promise<void> {
    await this.change(ctx, { action: 'catalog:DeleteLocation', resource: `CatalogLocation:${id}` }, async ({ tx, publish, note }) => {
      const row = await locationStore.delete(tx, id);
      if (!row) throw new NotFoundError(`no location ${id}`);
      const managed = await entityStore.managedBy(tx, locationKey({ type: row.type as 'file' | 'url', target: row.target }));
      const refs = await deleteEntities(tx, managed.map((m) => m.uid), publish);
      note({ target: row.target, deletedEntities: refs.length });
    });
  }

  /**
   * Re-reads now: the location that manages `entityRef`, or every location when no ref is given.
   * API-managed entities have nothing to re-read.
   */
  async refresh(entityRef?: string): Promise<ProcessResult[]> {
    let targets: LocationRow[];
    if (entityRef) {
      const row = await this.row(stringifyEntityRef(parseEntityRef(entityRef)));
      const origin = (row.body.metadata.annotations ?? {})['backstage.io/managed-by-origin-location'] ?? row.managed_by;
      const key = parseLocationKey(origin);
      const loc = key ? await locationStore.byTarget(this.db, key.target) : undefined;
      targets = loc ? [loc] : [];
    } else {
      targets = await locationStore.list(this.db);
    }
    const results: ProcessResult[] = [];
    for (const t of targets) results.push(await this.processor.process(t));
    return results;
  }

  /** Loads entities as API-managed (the demo organisation, `paved catalog apply`). */
  async applyAsApi(ctx: Ctx, entities: Entity[]) {
    return this.change(ctx, { action: 'catalog:ApplyEntities', resource: 'Platform:paved', details: { count: entities.length } }, async ({ tx, publish }) =>
      applyEntities(tx, entities.map((e) => normaliseEntity(e)), API_MANAGED, { publish }),
    );
  }

  async isEmpty(): Promise<boolean> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT 1 FROM catalog_entities LIMIT 1) x');
    return Number(rows[0]?.n ?? 0) === 0;
  }

  parseFilters(filter: string | string[] | undefined): FilterSet[] {
    return parseFilters(filter);
  }
}
