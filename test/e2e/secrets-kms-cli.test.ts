// `paved kms …` against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paved } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('paved kms', () => {
  let server: TestServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    env = { PAVED_URL: server.url, PAVED_TOKEN: server.adminToken, HOME: server.home };
  }, 60_000);
  afterAll(async () => server?.stop());

  it('creates, encrypts, decrypts with context, rotates, disables and schedules deletion', async () => {
    const created = JSON.parse((await paved(['kms', 'create-key', '--alias', 'alias/cli', '--json'], env)).stdout);
    expect(created.keyState).toBe('Enabled');
    const blob = (await paved(['kms', 'encrypt', 'alias/cli', '--context', 'app=web'], env, 'hello from the cli')).stdout.trim();
    expect((await paved(['kms', 'decrypt', '--context', 'app=web'], env, blob)).stdout).toBe('hello from the cli');
    const wrong = await paved(['kms', 'decrypt', '--context', 'app=other'], env, blob);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('cannot be decrypted');
    expect((await paved(['kms', 'rotate', 'alias/cli'], env)).stdout).toContain('version 2');
    expect((await paved(['kms', 'decrypt', '--context', 'app=web'], env, blob)).stdout).toBe('hello from the cli');
    expect((await paved(['kms', 'disable', created.keyId], env)).stdout).toContain('Disabled');
    expect((await paved(['kms', 'decrypt', '--context', 'app=web'], env, blob)).code).toBe(3);
    expect((await paved(['kms', 'schedule-deletion', created.keyId, '--days', '7'], env)).stdout).toContain('PendingDeletion');
    expect((await paved(['kms', 'cancel-deletion', created.keyId], env)).stdout).toContain('Disabled');
    expect((await paved(['kms', 'list'], env)).stdout).toContain('alias/cli');
    expect((await paved(['kms', 'encrypt', 'alias/cli', '--context', 'novalue'], env, 'x')).code).toBe(2);
  });
});
