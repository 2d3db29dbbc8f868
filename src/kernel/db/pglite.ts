// Embedded PostgreSQL (PGlite). One process owns the data directory; PGlite runs one statement at a time,
// so transactions are serialised by PGlite's own transaction mutex.
import { mkdirSync } from 'node:fs';
import type { Db, QueryResult, Queryable } from './database.js';

interface PGliteQuery {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

interface PGliteLike extends PGliteQuery {
  transaction<T>(fn: (tx: PGliteQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function wrap(q: PGliteQuery): Queryable {
  return {
    async exec(sql: string) {
      await q.exec(sql);
    },
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const result = await q.query<T>(sql, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  };
}

/** Opens (creating on first use) an embedded database in `dataDir`; `memory://` keeps it in memory. */
export async function openPglite(dataDir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // int8 as a JS number, as the PostgreSQL backend does: ids and sequence numbers stay below 2^53.
  const pglite = (await PGlite.create(dataDir, { parsers: { 20: (v: string) => Number(v) } })) as unknown as PGliteLike;
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
