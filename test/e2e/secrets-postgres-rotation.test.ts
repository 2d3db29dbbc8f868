// The built-in PostgreSQL rotator against a real PostgreSQL (PAVED_TEST_DATABASE_URL): a throwaway
// role's password is rotated four times while an "application" keeps reading CURRENT and connecting;
// then a rotation failing at testSecret leaves CURRENT working with the error recorded.
//
// Test servers often trust local connections (any password logs in), so the application also checks
// the role's stored SCRAM verifier against the password it read: that is exactly what a password-checking
// server would do, and proves which password the role really has.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scramMatches } from '../../src/secrets/rotation/postgres-rotator.js';
import { startTestServer, type TestServer } from '../support/server.js';

const url = process.env.PAVED_TEST_DATABASE_URL;
if (!url) console.warn('secrets-postgres-rotation: skipped because PAVED_TEST_DATABASE_URL is not set (CI sets it)');

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await fn();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!url)('PostgreSQL rotator against a real PostgreSQL', () => {
  let server: TestServer;
  let admin: pg.Client;
  let superuser = false;
  const role = `paved_rot_${randomBytes(4).toString('hex')}`;
  const target = new URL(url ?? 'postgres://x');
  const name = encodeURIComponent(`db/${role}`);

  /** What the role's password really is: true when `password` matches the stored verifier. */
  const roleHasPassword = async (password: string) => {
    if (!superuser) return true;
    const { rows } = await admin.query<{ rolpassword: string }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [role]);
    return scramMatches(rows[0]!.rolpassword, password);
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    superuser = (await admin.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).rows[0]!.rolsuper;
    await admin.query(`SET password_encryption = 'scram-sha-256'`);
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'initial-password-1234'`);
    server = await startTestServer('pglite');
    const value = { host: target.hostname, port: Number(target.port || 5432), username: role, password: 'initial-password-1234', dbname: target.pathname.slice(1) || 'postgres' };
    expect((await server.api('POST', '/api/v1/secrets', { body: { name: `db/${role}`, secretString: JSON.stringify(value) } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await admin?.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    await admin?.end();
  });

  it('rotates the password four times while the application keeps connecting with CURRENT', async () => {
    expect((await server.api('PUT', `/api/v1/secrets/${name}/rotation`, { body: { rotator: 'postgres', schedule: 'rate(30 days)' } })).status).toBe(200);
    let stop = false;
    let connections = 0;
    let retries = 0;
    const failures: string[] = [];
    // The application: read CURRENT, log in with it, run a query. A single-user rotation has a short
    // window between ALTER ROLE and moving CURRENT; like an AWS client, the application re-reads the
    // secret and retries. No operation may fail after its retries.
    const app = (async () => {
      while (!stop) {
        let ok = false;
        for (let attempt = 0; attempt < 40 && !ok; attempt++) {
          const secret = JSON.parse((await server.api('GET', `/api/v1/secrets/${name}/value`)).body.secretString);
          const client = new pg.Client({ host: secret.host, port: secret.port, user: secret.username, password: secret.password, database: secret.dbname });
          try {
            await client.connect();
            await client.query('SELECT 1');
            ok = await roleHasPassword(secret.password);
          } catch (error) {
            ok = false;
            if (attempt === 39) failures.push((error as Error).message);
          } finally {
            await client.end().catch(() => undefined);
          }
          if (!ok) {
            retries++;
            await new Promise((r) => setTimeout(r, 25));
          }
        }
        if (ok) connections++;
        else failures.push('no working CURRENT after 40 attempts');
      }
    })();

    const passwords = new Set<string>(['initial-password-1234']);
    for (let i = 0; i < 4; i++) {
      const before = (await server.api('GET', `/api/v1/secrets/${name}/value`)).body;
      expect((await server.api('POST', `/api/v1/secrets/${name}/rotate`)).status).toBe(202);
      const after = await until(() => server.api('GET', `/api/v1/secrets/${name}/value`), (r) => r.body.versionId !== before.versionId, `rotation ${i + 1}`);
      const password = JSON.parse(after.body.secretString).password as string;
      expect(passwords.has(password)).toBe(false);
      passwords.add(password);
      expect(await roleHasPassword(password)).toBe(true);
      if (superuser) expect(await roleHasPassword(JSON.parse(before.secretString).password)).toBe(false);
      const previous = (await server.api('GET', `/api/v1/secrets/${name}/value?versionStage=PREVIOUS`)).body;
      expect(previous.versionId).toBe(before.versionId);
      await new Promise((r) => setTimeout(r, 100)); // let the application connect with the new CURRENT
    }
    stop = true;
    await app;
    expect(failures).toEqual([]);
    expect(connections).toBeGreaterThan(4);
    expect((await server.api('GET', `/api/v1/secrets/${name}/rotation/history`)).body.items.filter((h: { outcome: string }) => h.outcome === 'succeeded')).toHaveLength(4);
    console.info(`postgres rotation: ${connections} application connections, ${retries} retries in the single-user window`);
  }, 60_000);

  it('a rotation failing at testSecret leaves CURRENT working and records why', async () => {
    const before = (await server.api('GET', `/api/v1/secrets/${name}/value`)).body;
    await server.api('PUT', `/api/v1/secrets/${name}/rotation`, { body: { rotator: 'postgres', config: { testQuery: 'SELECT * FROM paved_no_such_table' } } });
    await server.api('POST', `/api/v1/secrets/${name}/rotate`);
    const described = await until(() => server.api('GET', `/api/v1/secrets/${name}`), (r) => r.body.lastRotationError !== null, 'the failure');
    expect(described.body.lastRotationError).toMatch(/^testSecret failed: the test query failed as paved_rot_\w+: relation "paved_no_such_table" does not exist/);
    console.info(`recorded error: ${described.body.lastRotationError}`);
    const after = (await server.api('GET', `/api/v1/secrets/${name}/value`)).body;
    expect(after.versionId).toBe(before.versionId);
    const current = JSON.parse(after.secretString);
    // Rolled back: the role's password is CURRENT's again, and CURRENT logs in.
    expect(await roleHasPassword(current.password)).toBe(true);
    const client = new pg.Client({ host: current.host, port: current.port, user: current.username, password: current.password, database: current.dbname });
    await client.connect();
    expect((await client.query('SELECT current_user AS u')).rows[0].u).toBe(role);
    await client.end();
    expect(described.body.versions.flatMap((v: { versionStages: string[] }) => v.versionStages).sort()).toEqual(['CURRENT', 'PREVIOUS']);
    expect(JSON.stringify(described.body)).not.toContain(current.password);
  }, 60_000);
});
