// A real PostgreSQL through node-postgres' pool.
import type { Db, QueryResult, Queryable } from './database.js';

export async function openPostgres(url: string, { max = 10 }: { max?: number } = {}): Promise<Db> {
  const pg = (await import('pg')).default;
  // BIGINT (int8) columns come back as strings by default; our ids and sequence numbers fit in a JS number.
  pg.types.setTypeParser(20, (v: string) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection the server closes (restart, failover, pg_terminate_backend) is dropped from the
  // pool and replaced on next use; without a listener node-postgres would crash the process.
  pool.on('error', () => undefined);
  // Fail fast at start with a clear message when the database cannot be reached.
  const probe = await pool.connect();
  probe.release();
  const run = async <T>(client: { query: typeof pool.query }, sql: string, params?: unknown[]): Promise<QueryResult<T>> => {
    const result = await client.query(sql, params as unknown[]);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
  };
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          query: (sql, params) => run(client as never, sql, params),
          exec: async (sql) => {
            await client.query(sql);
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}
