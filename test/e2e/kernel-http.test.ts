// What every route shares: problem+json errors, request ids, security headers, limits, OpenAPI,
// health and metrics, and the CLI's way of finding the server.
import { statSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paved } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('kernel HTTP and CLI', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { overrides: { rateLimit: 40, bodyLimit: 2048 } });
  }, 60_000);
  afterAll(() => server?.stop());

  it('answers unknown routes with problem+json and echoes a request id', async () => {
    const r = await server.api('GET', '/api/v1/nothing-here', { headers: { 'x-request-id': 'trace-123' } });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.headers.get('x-request-id')).toBe('trace-123');
    expect(r.body).toMatchObject({ status: 404, code: 'not_found', instance: 'urn:paved:request:trace-123' });
  });

  it('sets security headers', async () => {
    const r = await server.api('GET', '/healthz');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('refuses bodies over the limit and malformed JSON', async () => {
    const big = await server.api('POST', '/api/v1/iam/groups', { body: { name: 'big', description: 'x'.repeat(4000) } });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('payload_too_large');
    const broken = await fetch(`${server.url}/api/v1/iam/groups`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(broken.status).toBe(400);
  });

  it('serves a valid OpenAPI 3.1 document naming each operation\'s Cedar action', async () => {
    const doc = (await server.api('GET', '/api/openapi.json', { token: null })).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/iam/users'].post['x-paved-action']).toBe('iam:CreateUser');
    expect(doc.paths['/api/v1/iam/users'].post.requestBody.content['application/json'].schema.properties.name).toBeDefined();
    expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([]);
  });

  it('reports health, readiness and Prometheus metrics', async () => {
    expect((await server.api('GET', '/healthz', { token: null })).body).toEqual({ status: 'ok' });
    expect((await server.api('GET', '/readyz', { token: null })).body).toEqual({ status: 'ready' });
    await server.api('GET', '/api/v1/iam/users');
    const metrics = (await server.api('GET', '/metrics', { token: null })).body as string;
    expect(metrics).toMatch(/paved_http_requests_total\{method="GET",route="\/api\/v1\/iam\/users",status="200"\} \d+/);
    expect(metrics).toMatch(/paved_http_request_duration_seconds_bucket/);
    expect(metrics).toMatch(/paved_db_pool_connections\{state="total"\} 1/);
    expect(metrics).toMatch(/paved_events_lag \d+/);
  });

  it('logs in from the CLI, saves credentials with mode 0600 and finds them again', async () => {
    const env = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'paved-cfg-')) };
    const login = await paved(['login', '--url', server.url, '--token', server.adminToken], env);
    expect(login.code).toBe(0);
    const saved = join(env.XDG_CONFIG_HOME, 'paved', 'credentials.json');
    expect(statSync(saved).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(saved, 'utf8')).url).toBe(server.url);
    const who = await paved(['whoami', '--json'], env);
    expect(JSON.parse(who.stdout)).toMatchObject({ name: 'admin', groups: ['admins'] });
    const list = await paved(['audit', 'list', '--action', 'iam:*', '--limit', '3'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/SEQ\s+TIME\s+ACTOR/);
    expect((await paved(['audit', 'verify'], env)).stdout).toMatch(/^intact/);
    // The environment wins over the saved login; a bad token exits 4 with a message.
    const bad = await paved(['whoami'], { ...env, PAVED_TOKEN: 'pvd_nope' });
    expect(bad.code).toBe(4);
    expect(bad.stderr).toMatch(/invalid, expired or revoked/);
  });

  it('tells a user without credentials how to sign in, and rejects unknown options with exit 2', async () => {
    const none = await paved(['whoami'], { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'paved-cfg-')) });
    expect(none.code).toBe(4);
    expect(none.stderr).toMatch(/paved login --url URL --token TOKEN/);
    const usage = await paved(['audit', 'list', '--colour']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Unknown option '--colour'/);
  });

  it('rate limits a noisy token with 429 and Retry-After', async () => {
    let limited: Awaited<ReturnType<TestServer['api']>> | undefined;
    for (let i = 0; i < 60 && !limited; i++) {
      const r = await server.api('GET', '/api/v1/iam/whoami');
      if (r.status === 429) limited = r;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited?.body.code).toBe('rate_limited');
  });
});
