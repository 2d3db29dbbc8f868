// Tampering with the audit log in the database (change, delete, swap) is caught by `paved audit verify`,
// which names the first bad sequence number and exits 1; an intact log exits 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/kernel/db/database.js';
import { openPglite } from '../../src/kernel/db/pglite.js';
import { openPostgres } from '../../src/kernel/db/postgres.js';
import { backends, createPostgresDatabase, type TestDatabase } from '../support/databases.js';
import { paved } from '../support/cli.js';
import { startTestServer } from '../support/server.js';

describe.each(backends())('paved audit verify on %s', (backend) => {
  const home = mkdtempSync(join(tmpdir(), 'paved-audit-'));
  let database: TestDatabase | undefined;
  let db: Db;
  let verifyArgs: string[];

  beforeAll(async () => {
    database = backend === 'postgres' ? await createPostgresDatabase() : undefined;
    const server = await startTestServer(backend, { home, databaseUrl: database?.url, overrides: { auditDigestEvery: 5 } });
    for (let i = 0; i < 12; i++) await server.api('POST', '/api/v1/iam/groups', { body: { name: `team-${i}` } });
    await server.stop();
    // The embedded database may be opened by one process at a time: the server is stopped now.
    db = database ? await openPostgres(database.url, { max: 1 }) : await openPglite(join(home, 'db'));
    verifyArgs = ['audit', 'verify', '--home', home, '--json', ...(database ? ['--database-url', database.url] : [])];
  }, 90_000);

  afterAll(async () => {
    await database?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  // PGlite holds the data directory: release it while the CLI verifies, then reopen.
  async function verify() {
    if (!database) await db.close();
    const result = await paved(verifyArgs);
    if (!database) db = await openPglite(join(home, 'db'));
    return { code: result.code, report: JSON.parse(result.stdout || '{}'), stderr: result.stderr };
  }

  it('passes an intact log', async () => {
    const { code, report } = await verify();
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.digests).toBeGreaterThanOrEqual(2);
  });

  it('names a modified record', async () => {
    const original = (await db.query<{ actor: string }>('SELECT actor FROM audit_log WHERE seq = 7')).rows[0]!.actor;
    await db.query(`UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 7`);
    const { code, report } = await verify();
    expect(code).toBe(1);
    expect(report.problems[0]).toMatchObject({ seq: 7, kind: 'modified' });
    await db.query('UPDATE audit_log SET actor = $1 WHERE seq = 7', [original]);
  });

  it('names a deleted record', async () => {
    const saved = (await db.query<Record<string, unknown>>('SELECT * FROM audit_log WHERE seq = 9')).rows[0]!;
    await db.query('DELETE FROM audit_log WHERE seq = 9');
    const { code, report } = await verify();
    expect(code).toBe(1);
    expect(report.problems[0]).toMatchObject({ seq: 9, kind: 'deleted' });
    const cols = Object.keys(saved);
    await db.query(`INSERT INTO audit_log (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, cols.map((c) => (c === 'details' ? JSON.stringify(saved[c]) : saved[c])));
    expect((await verify()).code).toBe(0);
  });

  it('names two swapped records', async () => {
    const swap = `UPDATE audit_log a SET actor = b.actor, action = b.action, resource = b.resource, details = b.details, hash = b.hash, prev_hash = b.prev_hash, at = b.at
      FROM audit_log b WHERE (a.seq, b.seq) IN ((10, 11), (11, 10))`;
    await db.query(swap);
    const { code, report } = await verify();
    expect(code).toBe(1);
    expect(report.problems[0].seq).toBe(10);
    await db.query(swap);
    expect((await verify()).code).toBe(0);
  });

  it('exits 1 with a readable message for people', async () => {
    await db.query(`UPDATE audit_log SET outcome = 'denied' WHERE seq = 3`);
    if (!database) await db.close();
    const result = await paved(verifyArgs.filter((a) => a !== '--json'));
    if (!database) db = await openPglite(join(home, 'db'));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/TAMPERED: first bad sequence number 3 \(modified\)/);
    await db.close();
  });
});
