import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import type { ParameterService } from './parameters.js';

const q = (name: string, extra = '') => `/api/v1/params?name=${encodeURIComponent(name)}${extra}`;

describe('parameter store', () => {
  let server: TestServer;
  let devToken: string;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    await server.api('POST', '/api/v1/iam/users', { body: { name: 'dev' } });
    await server.api('POST', '/api/v1/iam/groups', { body: { name: 'shop', members: [{ type: 'user', id: 'dev' }] } });
    devToken = (await server.api('POST', '/api/v1/iam/users/dev/tokens', { body: { name: 't' } })).body.token;
  }, 60_000);
  afterAll(async () => server?.stop());

  it('keeps versions, history and labels; refuses to overwrite by accident or change the type', async () => {
    expect((await server.api('PUT', q('/shop/prod/url'), { body: { value: 'https://a.example', description: 'shop URL' } })).body).toEqual({ name: '/shop/prod/url', version: 1 });
    expect((await server.api('PUT', q('/shop/prod/url'), { body: { value: 'https://b.example' } })).status).toBe(409);
    expect((await server.api('PUT', q('/shop/prod/url'), { body: { value: 'https://b.example', overwrite: true } })).body.version).toBe(2);
    expect((await server.api('PUT', q('/shop/prod/url'), { body: { value: 'x', type: 'StringList', overwrite: true } })).status).toBe(400);
    expect((await server.api('GET', q('/shop/prod/url'))).body).toMatchObject({ value: 'https://b.example', version: 2, type: 'String' });
    expect((await server.api('GET', q('/shop/prod/url', '&version=1'))).body.value).toBe('https://a.example');
    await server.api('POST', q('/shop/prod/url').replace('/params?', '/params/labels?'), { body: { version: 1, labels: ['stable'] } });
    expect((await server.api('GET', q('/shop/prod/url', '&label=stable'))).body).toMatchObject({ value: 'https://a.example', labels: ['stable'] });
    const history = (await server.api('GET', q('/shop/prod/url').replace('/params?', '/params/history?'))).body.items;
    expect(history.map((h: { version: number; value: string; modifiedBy: string }) => [h.version, h.value, h.modifiedBy])).toEqual([
      [1, 'https://a.example', 'user:admin'],
      [2, 'https://b.example', 'user:admin'],
    ]);
    expect((await server.api('PUT', q('no spaces allowed'), { body: { value: 'x' } })).status).toBe(400);
    expect((await server.api('PUT', q('/l'), { body: { value: 'a,,b', type: 'StringList' } })).status).toBe(400);
  });

  it('encrypts SecureStrings: no value without decryption, audited reads with it', async () => {
    await server.api('PUT', q('/shop/prod/db-password'), { body: { value: 'secure-param-value', type: 'SecureString', owner: 'shop' } });
    const hidden = (await server.api('GET', q('/shop/prod/db-password'))).body;
    expect(hidden).toMatchObject({ type: 'SecureString', version: 1 });
    expect(hidden.value).toBeUndefined();
    expect((await server.api('GET', q('/shop/prod/db-password', '&withDecryption=true'))).body.value).toBe('secure-param-value');
    const history = (await server.api('GET', q('/shop/prod/db-password').replace('/params?', '/params/history?'))).body;
    expect(JSON.stringify(history)).not.toContain('secure-param-value');
    const audit = await server.kernel.db.query(`SELECT details FROM audit_log WHERE action = 'params:GetParameter' AND resource = 'Parameter:/shop/prod/db-password'`);
    expect(audit.rows).toEqual([{ details: { version: 1, decrypted: true } }]);
  });

  it('gets by path, one level or recursively, showing only what the caller may read', async () => {
    await server.api('PUT', q('/shop/prod/deep/flag'), { body: { value: 'on', owner: 'shop' } });
    await server.api('PUT', q('/shop/prod/tags'), { body: { value: 'a,b,c', type: 'StringList', owner: 'shop' } });
    const one = (await server.api('GET', '/api/v1/params/by-path?path=/shop/prod')).body.items.map((p: { name: string }) => p.name);
    expect(one).toEqual(['/shop/prod/db-password', '/shop/prod/tags', '/shop/prod/url']);
    const all = (await server.api('GET', '/api/v1/params/by-path?path=/shop/&recursive=true&withDecryption=true')).body.items;
    expect(all.map((p: { name: string }) => p.name)).toContain('/shop/prod/deep/flag');
    expect(all.find((p: { name: string }) => p.name === '/shop/prod/db-password').value).toBe('secure-param-value');
    // dev is in the owning group of three of them, not of /shop/prod/url (no owner). Listing by path
    // needs its own grant; each parameter is then checked as GetParameter would be.
    expect((await server.api('GET', '/api/v1/params/by-path?path=/shop&recursive=true', { token: devToken })).status).toBe(404);
    await server.api('PUT', '/api/v1/iam/policies/shop-lists-params', { body: { description: 'shop lists parameters', body: 'permit (principal in Paved::Group::"shop", action == Paved::Action::"params:GetParametersByPath", resource);' } });
    const mine = (await server.api('GET', '/api/v1/params/by-path?path=/shop&recursive=true', { token: devToken })).body.items.map((p: { name: string }) => p.name);
    expect(mine).toEqual(['/shop/prod/db-password', '/shop/prod/deep/flag', '/shop/prod/tags']);
    expect((await server.api('GET', q('/shop/prod/url'), { token: devToken })).status).toBe(404);
  });

  it('publishes an expiring event in the notice period and deletes expired parameters', async () => {
    const soon = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await server.api('PUT', q('/tmp/cert'), { body: { value: 'cert-v1', expiresAt: soon, notifyBeforeDays: 3 } });
    await server.api('PUT', q('/tmp/gone'), { body: { value: 'old', expiresAt: new Date(Date.now() + 1000).toISOString() } });
    await new Promise((r) => setTimeout(r, 1100));
    const params = server.kernel.services.get('parameters') as ParameterService;
    expect(await params.runExpiry()).toEqual({ notified: 1, expired: 1 });
    expect(await params.runExpiry()).toEqual({ notified: 0, expired: 0 });
    expect((await server.api('GET', q('/tmp/gone'))).status).toBe(404);
    const events = await server.kernel.db.query<{ topic: string; payload: { name: string } }>(`SELECT topic, payload FROM events WHERE topic LIKE 'params.parameter.expir%' ORDER BY topic`);
    expect(events.rows.map((e) => [e.topic, e.payload.name])).toEqual([
      ['params.parameter.expired', '/tmp/gone'],
      ['params.parameter.expiring', '/tmp/cert'],
    ]);
  });
});
