import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backends, createPostgresDatabase } from '../../../test/support/databases.js';
import { migrate } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

function migrationsDir(files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'paved-mig-')), 'migrations');
  mkdirSync(dir);
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

describe('migrations', { timeout: 120_000 }, () => {
  it('applies each migration once and refuses one that was edited after it ran', async () => {
    const db = await openPglite('memory://');
    const dir = migrationsDir({ '0001_a.sql': 'CREATE TABLE a (id int);', '0002_b.sql': 'CREATE TABLE b (id int); CREATE TABLE c (id int);' });
    expect((await migrate(db, [{ capability: 'x', dir }])).applied).toEqual(['x/1_a', 'x/2_b']);
    expect((await migrate(db, [{ capability: 'x', dir }])).applied).toEqual([]);
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE a (id bigint);');
    await expect(migrate(db, [{ capability: 'x', dir }])).rejects.toThrow(/changed after it was applied/);
    await db.close();
  });

  it('rolls a failed migration back completely', async () => {
    const db = await openPglite('memory://');
    const dir = migrationsDir({ '0001_ok.sql': 'CREATE TABLE ok (id int);', '0002_bad.sql': 'CREATE TABLE t (id int); SELECT no_such_function();' });
    await expect(migrate(db, [{ capability: 'x', dir }])).rejects.toThrow(/no_such_function/);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('ok', 't')`);
    expect(rows[0]!.n).toBe(0);
    await db.close();
  });

  it.runIf(backends().includes('postgres'))('lets two servers migrate the same PostgreSQL at once', async () => {
    const database = await createPostgresDatabase();
    const dir = migrationsDir({ '0001_a.sql': 'CREATE TABLE a (id int);', '0002_b.sql': 'SELECT pg_sleep(0.2); CREATE TABLE b (id int);' });
    const [one, two] = [await openPostgres(database.url), await openPostgres(database.url)];
    const results = await Promise.all([migrate(one, [{ capability: 'x', dir }]), migrate(two, [{ capability: 'x', dir }])]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 2]);
    await one.close();
    await two.close();
    await database.drop();
  });
});
