// Embedded PostgreSQL (PGlite). One process owns the data directory; PGlite runs one statement at a time,
// so transactions are serialised by PGlite's own transaction mutex.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Db, QueryResult, Queryable } from './database.js';

interface PGliteQuery {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

interface PGliteLike extends PGliteQuery {
  transaction<T>(fn: (tx: PGliteQuery) => Promise<T>): Promise<T>;
  dumpDataDir(compression?: 'none' | 'gzip' | 'auto'): Promise<Blob>;
  close(): Promise<void>;
}

function wrap(q: PGliteQuery): Queryable {
  return {
    async exec(sql: string) {
      await q.exec(sql);
    },
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const result = await q.query<T>(sql, params);
      // PGlite reports affectedRows 0 for a SELECT; count its rows instead, as node-postgres does.
      return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
    },
  };
}

// int8 as a JS number, as the PostgreSQL backend does: ids and sequence numbers stay below 2^53.
const parsers = { 20: (v: string) => Number(v) };

function pgliteVersion(): string {
  // The package does not export its package.json; find it above the resolved entry point.
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json')) || !readFileSync(join(dir, 'package.json'), 'utf8').includes('"@electric-sql/pglite"')) {
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * A new database starts from a snapshot of an empty cluster instead of running initdb: initdb in WASM
 * takes 5 s on an idle laptop core (20 s on a busy one), restoring the snapshot a fraction of that.
 * The snapshot is made once per PGlite version and kept in the temp folder.
 */
async function emptyClusterSnapshot(PGlite: { create(dir: string, o: object): Promise<PGliteLike> }): Promise<Blob | undefined> {
  const path = join(tmpdir(), `paved-pglite-${pgliteVersion()}-empty.tar`);
  try {
    if (existsSync(path)) return new Blob([readFileSync(path)]);
    const fresh = await PGlite.create('memory://', { parsers });
    const dump = await fresh.dumpDataDir('none');
    await fresh.close();
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, path); // atomic: concurrent test processes never read half a snapshot
    return dump;
  } catch {
    return undefined; // no snapshot: PGlite runs initdb itself
  }
}

/** Opens (creating on first use) an embedded database in `dataDir`; `memory://` keeps it in memory. */
export async function openPglite(dataDir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const isNew = inMemory || readdirSync(dataDir).length === 0;
  const loadDataDir = isNew ? await emptyClusterSnapshot(PGlite as never) : undefined;
  const pglite = (await PGlite.create(dataDir, { parsers, ...(loadDataDir ? { loadDataDir } : {}) })) as unknown as PGliteLike;
  const base = wrap(pglite);
  let active = 0;
  let waiting = 0;
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      waiting++;
      return pglite.transaction(async (tx) => {
        waiting--;
        active++;
        try {
          return await fn(wrap(tx));
        } finally {
          active--;
        }
      });
    },
    stats: () => ({ total: 1, idle: active ? 0 : 1, waiting }),
    close: () => pglite.close(),
  };
}
