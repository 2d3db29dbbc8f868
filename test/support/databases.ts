// Test databases: every test server gets its own database. PGlite always; PostgreSQL too when
// PAVED_TEST_DATABASE_URL is set (CI sets it), as a fresh database created for the test and dropped after.
import { randomBytes } from 'node:crypto';

export type Backend = 'pglite' | 'postgres';

/** The backends integration tests run on: `describe.each(backends())`. */
export function backends(): Backend[] {
  return process.env.PAVED_TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty PostgreSQL database next to PAVED_TEST_DATABASE_URL's. */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const base = process.env.PAVED_TEST_DATABASE_URL;
  if (!base) throw new Error('PAVED_TEST_DATABASE_URL is not set');
  const pg = (await import('pg')).default;
  const name = `paved_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
