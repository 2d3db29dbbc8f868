// The first start creates the admin and one token; every later start of the same database does not.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backends, createPostgresDatabase } from '../support/databases.js';
import { startTestServer } from '../support/server.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

describe.each(backends())('bootstrap on %s', (backend) => {
  it('happens once per database', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paved-boot-'));
    const database = backend === 'postgres' ? await createPostgresDatabase() : undefined;
    try {
      const first = await startTestServer(backend, { home, databaseUrl: database?.url });
      const token = first.adminToken;
      expect(token).toMatch(/^pvd_/);
      expect(statSync(join(home, 'bootstrap-token')).mode & 0o777).toBe(0o600);
      await first.stop();

      const second = await startTestServer(backend, { home, databaseUrl: database?.url });
      expect(second.bootstrap).toBeUndefined();
      expect(readFileSync(join(home, 'bootstrap-token'), 'utf8').trim()).toBe(token);
      const tokens = await second.api('GET', '/api/v1/iam/users/admin/tokens', { token });
      expect(tokens.body.items).toHaveLength(1);
      await second.stop();
    } finally {
      await database?.drop();
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);
});
