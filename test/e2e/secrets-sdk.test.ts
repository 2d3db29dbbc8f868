// The client SDK against a real server: cached reads, fresh reads after a change, retry on failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PavedApiError, PavedClient } from '../../src/sdk/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('paved/sdk', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    await server.api('POST', '/api/v1/secrets', { body: { name: 'sdk/db', secretString: JSON.stringify({ username: 'app', password: 'one' }) } });
    await server.api('PUT', `/api/v1/params?name=${encodeURIComponent('/sdk/prod/url')}`, { body: { value: 'https://shop.example' } });
    await server.api('PUT', `/api/v1/params?name=${encodeURIComponent('/sdk/prod/key')}`, { body: { value: 'param-secret', type: 'SecureString' } });
  }, 60_000);
  afterAll(async () => server?.stop());

  it('serves repeated reads from its cache and re-reads when asked or expired', async () => {
    const sdk = new PavedClient({ url: server.url, token: server.adminToken, cacheTtlMs: 60_000 });
    for (let i = 0; i < 5; i++) expect((await sdk.getSecretJson<{ password: string }>('sdk/db')).password).toBe('one');
    expect(sdk.requests).toBe(1);
    await server.api('PUT', '/api/v1/secrets/sdk%2Fdb/value', { body: { secretString: JSON.stringify({ username: 'app', password: 'two' }) } });
    expect((await sdk.getSecretJson<{ password: string }>('sdk/db')).password).toBe('one'); // cached
    expect((await sdk.getSecretJson<{ password: string }>('sdk/db', { fresh: true })).password).toBe('two');
    expect((await sdk.getSecretJson<{ password: string }>('sdk/db', { versionStage: 'PREVIOUS' })).password).toBe('one');
    const uncached = new PavedClient({ url: server.url, token: server.adminToken, cacheTtlMs: 0 });
    await uncached.getSecret('sdk/db');
    await uncached.getSecret('sdk/db');
    expect(uncached.requests).toBe(2);
  });

  it('withSecret re-reads the secret when the work fails, as after a rotation', async () => {
    const sdk = new PavedClient({ url: server.url, token: server.adminToken });
    await sdk.getSecret('sdk/db'); // cache the current value
    await server.api('PUT', '/api/v1/secrets/sdk%2Fdb/value', { body: { secretString: JSON.stringify({ username: 'app', password: 'three' }) } });
    const seen: string[] = [];
    const result = await sdk.withSecret('sdk/db', async (v) => {
      const password = JSON.parse(v.secretString!).password as string;
      seen.push(password);
      if (password !== 'three') throw new Error('login refused');
      return 'connected';
    }, { delayMs: 1 });
    expect(result).toBe('connected');
    expect(seen).toEqual(['two', 'three']);
  });

  it('reads parameters and paths, and reports errors with status and code', async () => {
    const sdk = new PavedClient({ url: server.url, token: server.adminToken });
    expect((await sdk.getParameter('/sdk/prod/url')).value).toBe('https://shop.example');
    expect((await sdk.getParameter('/sdk/prod/key')).value).toBeUndefined();
    expect((await sdk.getParameter('/sdk/prod/key', { withDecryption: true })).value).toBe('param-secret');
    const all = await sdk.getParametersByPath('/sdk', { recursive: true, withDecryption: true });
    expect([...all.keys()].sort()).toEqual(['/sdk/prod/key', '/sdk/prod/url']);
    const error = await sdk.getSecret('sdk/missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PavedApiError);
    expect((error as PavedApiError).status).toBe(404);
  });
});
