// Every route the server registers is protected: anonymous calls get 401, a signed-in principal with
// no rights gets 403 (writes) or 404 (reads). Only routes marked public are exempt. A new route that
// forgets to declare its Cedar action makes the server refuse to start, and this test fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

/** Routes anyone may call; every addition here must be deliberate. */
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /api/openapi.json',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  // git smart HTTP: public repositories clone anonymously, so these routes authorise inside the handler
  // (src/git/access.ts) with the same Cedar rules; test/e2e/git-hosting.test.ts proves 401/403/404 there.
  'GET /git/:owner/:repo/*',
  'POST /git/:owner/:repo/*',
]);
/** Actions every signed-in principal has through the built-in policies. */
const SELF_OR_EVERYONE = /^(iam:WhoAmI|iam:ListTokens|iam:CreateToken|iam:RevokeToken|iam:ChangePassword|git:ListRepositories)$|^catalog:(Get|List|Query|Facets|Validate)|catalog:Read/;

function concrete(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => (name === 'type' ? 'user' : `x-${name.toLowerCase()}`)).replace(/\*/g, 'x');
}

describe('route coverage', () => {
  let server: TestServer;
  let nobodyToken: string;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    await server.api('POST', '/api/v1/iam/users', { body: { name: 'nobody' } });
    nobodyToken = (await server.api('POST', '/api/v1/iam/users/nobody/tokens', { body: {} })).body.token;
  }, 60_000);
  afterAll(() => server?.stop());

  it('declares access on every API route', () => {
    const undeclared = server.routes.filter((r) => (r.url.startsWith('/api/') || r.url.startsWith('/git/')) && !r.auth);
    expect(undeclared).toEqual([]);
    const publicRoutes = server.routes.filter((r) => r.auth === 'public').map((r) => `${r.method} ${r.url}`);
    for (const route of publicRoutes) expect(PUBLIC, `${route} is public; add it to PUBLIC only if it must be`).toContain(route);
  });

  it('answers 401 to anonymous calls and 403/404 to a principal without rights', async () => {
    const checked: string[] = [];
    for (const route of server.routes) {
      if (route.auth === 'public' || route.auth === undefined) continue;
      const path = concrete(route.url);
      const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined;
      const anonymous = await server.api(route.method, path, { token: null, body });
      expect(anonymous.status, `${route.method} ${route.url} anonymous`).toBe(401);
      if (SELF_OR_EVERYONE.test(route.auth.action)) continue;
      const denied = await server.api(route.method, path, { token: nobodyToken, body });
      // The kernel authorises before validating, so a 400 here can only come from the resource function
      // refusing a malformed or missing resource id (in the path or query, or in the body for routes such as
      // kms decrypt whose key is named inside the payload): refused before any lookup, nothing revealed.
      const malformedId = denied.status === 400 && /^(params|query|body)\./.test(String(denied.body?.errors?.[0]?.path ?? ''));
      if (!malformedId) expect([403, 404], `${route.method} ${route.url} without rights answered ${denied.status}`).toContain(denied.status);
      checked.push(`${route.method} ${route.url}`);
    }
    expect(checked.length).toBeGreaterThan(20);
  });

  it('refuses to start a route that declares no access', async () => {
    const { buildApp } = await import('../../src/kernel/http/app.js');
    const { createLogger } = await import('../../src/kernel/logger.js');
    const { app } = await buildApp({ logger: createLogger('silent'), bodyLimit: 1024 * 1024, rateLimit: 0, trustProxy: false, version: 'test' });
    expect(() => app.get('/api/v1/forgotten', async () => 'oops')).toThrow(/declares no access/);
    await app.close();
  });
});
