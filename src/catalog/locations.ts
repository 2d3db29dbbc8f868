// Locations: reading a registered file or URL (and the Location entities inside it, recursively),
// applying what it yields, orphaning what it no longer yields, and the refresh loop that does this on
// a schedule on every replica without two replicas reading the same location at once.
import type { Db, Queryable } from '../kernel/db/database.js';
import type { ChangeRunner } from '../kernel/changes.js';
import { NotFoundError } from '../kernel/errors.js';
import type { Logger } from '../kernel/logger.js';
import { applyEntities, deleteEntities, normaliseEntity, type ApplyResult } from './ingest.js';
import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, type CatalogSettings, type Entity, type StatusItem } from './model.js';
import { parseEntities, resolveTarget, type ParseProblem, type TextReader } from './parse.js';
import { locationKey, normaliseLocation, readTarget, type LocationSpec } from './reader.js';
import { stringifyEntityRef } from './refs.js';
import { entityStore, locationStore, type LocationRow } from './store.js';

/** Nested Location entities are followed this deep; deeper ones are reported. */
const MAX_DEPTH = 5;
/** How long a claimed location is reserved for its reader before another replica may retry it. */
export const LEASE_SECONDS = 300;

export interface LocationProblem extends Partial<ParseProblem> {
  message: string;
}

export interface ReadOutcome {
  entities: Entity[];
  problems: LocationProblem[];
  /** Refs of documents that failed validation: kept as they are, never orphaned because of a typo. */
  protectedRefs: Set<string>;
  /** A file could not be read at all: nothing is orphaned on this pass. */
  incomplete: boolean;
  duplicates: Map<string, StatusItem[]>;
}

/** Reads a location and everything its Location entities point at. */
export async function readLocation(root: LocationSpec, read: TextReader = readTarget): Promise<ReadOutcome> {
  const out: ReadOutcome = { entities: [], problems: [], protectedRefs: new Set(), incomplete: false, duplicates: new Map() };
  const seen = new Set<string>();
  const byRef = new Map<string, string>();
  const rootKey = locationKey(root);
  const queue: Array<{ spec: LocationSpec; depth: number }> = [{ spec: root, depth: 0 }];
  while (queue.length) {
    const { spec, depth } = queue.shift()!;
    const key = locationKey(spec);
    if (seen.has(key)) continue;
    seen.add(key);
    let text: string;
    try {
      text = await read(spec.target);
    } catch (error) {
      out.incomplete = true;
      out.problems.push({ file: spec.target, message: `cannot read ${spec.target}: ${(error as Error).message}` });
      continue;
    }
    const parsed = await parseEntities(text, spec.target, read);
    for (const p of parsed.problems) {
      out.problems.push(p);
      // A document that does not parse may define anything: orphan nothing on this pass.
      if (p.fatal) out.incomplete = true;
      if (p.ref) out.protectedRefs.add(p.ref);
    }
    for (const { entity, document } of parsed.entities) {
      const stored = normaliseEntity(entity, { [ANNOTATION_LOCATION]: key, [ANNOTATION_ORIGIN_LOCATION]: rootKey });
      const ref = stringifyEntityRef(stored);
      const first = byRef.get(ref);
      if (first) {
        out.problems.push({ file: spec.target, document, message: `${ref} is defined again; the definition in ${first} wins` });
        continue;
      }
      byRef.set(ref, `${spec.target} (document ${document + 1})`);
      out.entities.push(stored);
      if (entity.kind === 'Location') {
        const targets = [entity.spec?.target, ...((entity.spec?.targets as unknown[]) ?? [])].filter((t): t is string => typeof t === 'string' && t.length > 0);
        if (depth + 1 > MAX_DEPTH) {
          out.problems.push({ file: spec.target, document, message: `Location ${ref} is nested more than ${MAX_DEPTH} deep; its targets were not read` });
          continue;
        }
        for (const t of targets) {
          try {
            const resolved = resolveTarget(spec.target, t);
            queue.push({ spec: normaliseLocation(/^https?:/i.test(resolved) ? 'url' : 'file', resolved), depth: depth + 1 });
          } catch (error) {
            out.problems.push({ file: spec.target, document, path: 'spec.target', message: (error as Error).message });
          }
        }
      }
    }
  }
  return out;
}

export interface ProcessResult extends ApplyResult {
  orphaned: string[];
  problems: LocationProblem[];
}

/**
 * Applies a read outcome for a location in the caller's transaction: upserts, refused takeovers,
 * orphans. Entities the location produced before and no longer does are flagged, not deleted; the
 * orphan policy deletes them later (or never).
 */
export async function applyLocation(tx: Queryable, location: LocationSpec, outcome: ReadOutcome, publish: (topic: string, payload: unknown) => Promise<void>): Promise<ProcessResult> {
  const key = locationKey(location);
  const applied = await applyEntities(tx, outcome.entities, key, { publish });
  const problems = [...outcome.problems];
  for (const c of applied.conflicts) {
    problems.push({
      ref: c.ref,
      message:
        c.managedBy === 'api'
          ? `${c.ref} was created through the API; this location did not take it over (delete it first to let the location manage it)`
          : `${c.ref} is managed by ${c.managedBy}; this location did not take it over`,
    });
  }
  const orphaned: string[] = [];
  if (!outcome.incomplete) {
    const produced = new Set([...outcome.entities.map((e) => stringifyEntityRef(e)), ...outcome.protectedRefs]);
    const gone = (await entityStore.managedBy(tx, key)).filter((e) => !produced.has(e.ref) && !e.orphaned_at);
    await entityStore.markOrphaned(tx, gone.map((e) => e.uid));
    orphaned.push(...gone.map((e) => e.ref));
  }
  return { ...applied, orphaned, problems };
}

export interface LocationProcessorDeps {
  db: Db;
  change: ChangeRunner;
  logger: Logger;
  settings: () => Promise<CatalogSettings>;
  read?: TextReader;
}

export class LocationProcessor {
  constructor(private readonly deps: LocationProcessorDeps) {}

  /** Reads and applies one location now (the caller holds its lease or just created it). */
  async process(row: Pick<LocationRow, 'id' | 'type' | 'target'>): Promise<ProcessResult> {
    const spec: LocationSpec = { type: row.type as LocationSpec['type'], target: row.target };
    // Read outside any transaction: a slow URL must not hold database locks (PGlite runs one
    // transaction at a time).
    const outcome = await readLocation(spec, this.deps.read);
    const settings = await this.deps.settings();
    return this.deps.change(
      { system: 'catalog-refresh' },
      { action: 'catalog:RefreshLocation', resource: `CatalogLocation:${row.id}`, details: { target: row.target } },
      async ({ tx, publish, note }) => {
        // The refresh loop, an API refresh and a registration may process the same location at once
        // (on PostgreSQL): applying one at a time keeps the orphan check consistent with the upserts.
        if (!(await locationStore.lock(tx, row.id))) throw new NotFoundError(`the location ${row.target} was unregistered while it was being read`);
        const result = await applyLocation(tx, spec, outcome, publish);
        await locationStore.finish(tx, row.id, result.problems, settings.refreshIntervalSeconds);
        note({ created: result.created.length, updated: result.updated.length, orphaned: result.orphaned.length, problems: result.problems.length });
        return result;
      },
    );
  }

  /**
   * Claims one due location by moving its next refresh a lease ahead (in a short transaction with
   * FOR UPDATE SKIP LOCKED, so replicas claim different rows), then processes it. A replica that dies
   * mid-read leaves the lease to expire and another one retries.
   */
  async processNextDue(): Promise<boolean> {
    const row = await this.deps.db.transaction(async (tx) => {
      const due = await locationStore.claimDue(tx);
      if (!due) return undefined;
      await tx.query(`UPDATE catalog_locations SET next_refresh_at = now() + make_interval(secs => ${LEASE_SECONDS}) WHERE id = $1`, [due.id]);
      return due;
    });
    if (!row) return false;
    try {
      await this.process(row);
    } catch (error) {
      this.deps.logger.warn({ err: error, location: row.target }, 'catalog location refresh failed');
    }
    return true;
  }

  /** Deletes orphans whose grace period has passed, when the policy says so. */
  async sweepOrphans(): Promise<number> {
    const settings = await this.deps.settings();
    if (settings.orphanPolicy !== 'delete') return 0;
    const expired = await this.deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM catalog_entities WHERE orphaned_at IS NOT NULL AND orphaned_at <= now() - make_interval(mins => $1)',
      [settings.orphanGraceMinutes],
    );
    if (!Number(expired.rows[0]?.n)) return 0;
    return this.deps.change({ system: 'catalog-refresh' }, { action: 'catalog:DeleteOrphans', resource: 'Platform:paved' }, async ({ tx, publish, note }) => {
      const rows = await entityStore.expiredOrphans(tx, settings.orphanGraceMinutes);
      const refs = await deleteEntities(tx, rows.map((r) => r.uid), publish);
      note({ deleted: refs });
      return refs.length;
    });
  }

  /** One pass of the loop: every due location, then the orphan sweep. */
  async tick(): Promise<void> {
    while (await this.processNextDue()) {
      // keep going until nothing is due
    }
    await this.sweepOrphans();
  }
}

/** Runs `tick` every `pollMs` until stopped; never overlaps itself. */
export function startLoop(tick: () => Promise<void>, pollMs: number, logger: Logger): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    if (stopped) return;
    running = tick()
      .catch((error) => logger.warn({ err: error }, 'catalog refresh tick failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(run, pollMs);
      });
  };
  timer = setTimeout(run, 0);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
