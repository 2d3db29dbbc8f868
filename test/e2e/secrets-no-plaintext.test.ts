// Writes secrets (string, JSON, binary, several versions, a rotated one) and SecureString parameters, then dumps EVERY row of EVERY
// table in the database as text, and every file under the server's home except the root key file,
// and looks for each value in the clear, as hex and as base64. None may be found.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe.each(backends())('no plaintext at rest on %s', (backend) => {
  let server: TestServer;
  const values = ['plain-string-S3cr3t-value', 'json-inner-password-Zq8', 'second-version-value-77', 'binary-secret-bytes-Kx2', 'secure-string-param-Wm4', 'secure-string-param-v2-Qp9'];
  beforeAll(async () => {
    server = await startTestServer(backend);
  }, 60_000);
  afterAll(async () => server?.stop());

  it('finds none of the values in any table row or file', async () => {
    await server.api('POST', '/api/v1/secrets', { body: { name: 'a/plain', secretString: values[0] } });
    await server.api('POST', '/api/v1/secrets', { body: { name: 'a/json', secretString: JSON.stringify({ username: 'u', password: values[1] }) } });
    await server.api('PUT', '/api/v1/secrets/a%2Fplain/value', { body: { secretString: values[2] } });
    await server.api('POST', '/api/v1/secrets', { body: { name: 'a/bin', secretBinary: Buffer.from(values[3]!).toString('base64') } });
    // A rotated secret: the generated password must not leak either.
    await server.api('PUT', '/api/v1/secrets/a%2Fjson/rotation', { body: { rotator: 'random-password', rotateImmediately: true } });
    let rotated = '';
    for (let i = 0; i < 100 && !rotated; i++) {
      const v = JSON.parse((await server.api('GET', '/api/v1/secrets/a%2Fjson/value')).body.secretString).password as string;
      if (v !== values[1]) rotated = v;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(rotated).not.toBe('');
    // SecureString parameters, two versions, read back decrypted.
    await server.api('PUT', `/api/v1/params?name=${encodeURIComponent('/app/prod/api-key')}`, { body: { value: values[4], type: 'SecureString' } });
    await server.api('PUT', `/api/v1/params?name=${encodeURIComponent('/app/prod/api-key')}`, { body: { value: values[5], overwrite: true } });
    expect((await server.api('GET', `/api/v1/params?name=${encodeURIComponent('/app/prod/api-key')}&version=1&withDecryption=true`)).body.value).toBe(values[4]);
    // Every read so far is in the audit log; make sure the reads happened and are recorded.
    for (const n of ['a%2Fplain', 'a%2Fbin']) expect((await server.api('GET', `/api/v1/secrets/${n}/value`)).status).toBe(200);

    const needles = [...values, rotated].flatMap((v) => [v, Buffer.from(v).toString('hex'), Buffer.from(v).toString('base64')]);
    const tables = await server.kernel.db.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    expect(tables.rows.map((t) => t.table_name)).toEqual(expect.arrayContaining(['secrets', 'secret_versions', 'kms_key_versions', 'audit_log', 'event_outbox'].filter((t) => tables.rows.some((r) => r.table_name === t))));
    let dumped = 0;
    for (const t of tables.rows) {
      const { rows } = await server.kernel.db.query<{ row: string }>(`SELECT t::text AS row FROM "${t.table_schema}"."${t.table_name}" t`);
      for (const { row } of rows) {
        dumped++;
        // bytea columns print as \x…hex; decode them too, so plaintext bytes inside a bytea are caught.
        const decoded = row.replace(/\\\\x([0-9a-f]+)/g, (_, hex: string) => Buffer.from(hex, 'hex').toString('latin1'));
        for (const needle of needles) {
          expect(row.includes(needle), `${t.table_name} row contains a secret value`).toBe(false);
          expect(decoded.includes(needle), `${t.table_name} bytea contains a secret value`).toBe(false);
        }
      }
    }
    expect(dumped).toBeGreaterThan(20);
    // Every blob and every other file under the server's home (the embedded database's files too).
    const all = files(server.home).filter((f) => !f.endsWith('master.key'));
    expect(all.length).toBeGreaterThan(0);
    for (const file of all) {
      const content = readFileSync(file).toString('latin1');
      for (const needle of needles) expect(content.includes(needle), `${file} contains a secret value`).toBe(false);
    }
  }, 60_000);
});
