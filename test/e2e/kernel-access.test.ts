// The platform kernel's promise, end to end on a real server: the admin creates a user and a group,
// grants the group rights with a Cedar policy, and the user's token can do exactly that and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe.each(backends())('access control on %s', (backend) => {
  let server: TestServer;
  let bobToken: string;

  beforeAll(async () => {
    server = await startTestServer(backend);
    expect((await server.api('POST', '/api/v1/iam/users', { body: { name: 'bob', displayName: 'Bob' } })).status).toBe(201);
    expect((await server.api('POST', '/api/v1/iam/groups', { body: { name: 'auditors', members: [{ type: 'user', id: 'bob' }] } })).status).toBe(201);
    const token = await server.api('POST', '/api/v1/iam/users/bob/tokens', { body: { description: 'laptop' } });
    expect(token.status).toBe(201);
    bobToken = token.body.token;
  }, 60_000);
  afterAll(() => server?.stop());

  it('shows the new user who they are, with groups', async () => {
    const me = await server.api('GET', '/api/v1/iam/whoami', { token: bobToken });
    expect(me.body).toMatchObject({ type: 'user', name: 'bob', groups: ['auditors'], via: 'token' });
  });

  it('denies reads as 404 and writes as 403 before a policy grants anything, and audits the denial', async () => {
    expect((await server.api('GET', '/api/v1/audit', { token: bobToken })).status).toBe(404);
    expect((await server.api('GET', '/api/v1/iam/users', { token: bobToken })).status).toBe(404);
    const write = await server.api('POST', '/api/v1/iam/groups', { token: bobToken, body: { name: 'x' } });
    expect(write.status).toBe(403);
    expect(write.headers.get('content-type')).toContain('application/problem+json');
    expect(write.body.code).toBe('forbidden');
    const denials = await server.api('GET', '/api/v1/audit?outcome=denied&actor=user:bob');
    expect(denials.body.items.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['audit:List', 'iam:CreateGroup']));
  });

  it('refuses a policy that does not match the schema, with Cedar\'s message, and changes nothing', async () => {
    const bad = await server.api('PUT', '/api/v1/iam/policies/auditors-read', {
      body: { body: 'permit (principal in Paved::Group::"auditors", action == Paved::Action::"audit:Lst", resource);' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toMatch(/unrecognized action/);
    const list = await server.api('GET', '/api/v1/iam/policies');
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain('auditors-read');
  });

  it('lets the group do exactly what its policy allows', async () => {
    const put = await server.api('PUT', '/api/v1/iam/policies/auditors-read', {
      body: {
        description: 'Auditors read the audit log',
        body: 'permit (principal in Paved::Group::"auditors", action in [Paved::Action::"audit:List", Paved::Action::"audit:Verify"], resource);',
      },
    });
    expect(put.status).toBe(200);
    const list = await server.api('GET', '/api/v1/audit?limit=5', { token: bobToken });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect((await server.api('GET', '/api/v1/audit/verify', { token: bobToken })).body.ok).toBe(true);
    // …and nothing else.
    expect((await server.api('GET', '/api/v1/iam/users', { token: bobToken })).status).toBe(404);
    expect((await server.api('POST', '/api/v1/iam/users', { token: bobToken, body: { name: 'eve' } })).status).toBe(403);
    expect((await server.api('DELETE', '/api/v1/iam/policies/auditors-read', { token: bobToken })).status).toBe(403);
  });

  it('takes a removed membership away at once', async () => {
    expect((await server.api('DELETE', '/api/v1/iam/groups/auditors/members/user/bob')).status).toBe(204);
    expect((await server.api('GET', '/api/v1/audit', { token: bobToken })).status).toBe(404);
    await server.api('POST', '/api/v1/iam/groups/auditors/members', { body: { type: 'user', id: 'bob' } });
  });

  it('refuses a revoked token and never lists token secrets', async () => {
    const created = await server.api('POST', '/api/v1/iam/users/bob/tokens', { body: { description: 'temp' } });
    const list = await server.api('GET', '/api/v1/iam/users/bob/tokens');
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect(list.body.items.find((t: { id: string }) => t.id === created.body.id).prefix).toBe(created.body.token.slice(0, 10));
    expect((await server.api('DELETE', `/api/v1/iam/users/bob/tokens/${created.body.id}`)).status).toBe(204);
    const refused = await server.api('GET', '/api/v1/iam/whoami', { token: created.body.token });
    expect(refused.status).toBe(401);
  });

  it('lets a user manage their own tokens but not another user\'s', async () => {
    expect((await server.api('GET', '/api/v1/iam/users/bob/tokens', { token: bobToken })).status).toBe(200);
    expect((await server.api('POST', '/api/v1/iam/users/admin/tokens', { token: bobToken, body: {} })).status).toBe(403);
  });

  it('nests groups, refuses cycles, and resolves membership transitively', async () => {
    await server.api('POST', '/api/v1/iam/groups', { body: { name: 'platform', members: [{ type: 'group', id: 'auditors' }] } });
    const me = await server.api('GET', '/api/v1/iam/whoami', { token: bobToken });
    expect(me.body.groups).toEqual(['auditors', 'platform']);
    const cycle = await server.api('POST', '/api/v1/iam/groups/auditors/members', { body: { type: 'group', id: 'platform' } });
    expect(cycle.status).toBe(400);
    expect(cycle.body.detail).toMatch(/cycle/);
  });

  it('answers validation errors with the field path and optimistic-concurrency conflicts with 412', async () => {
    const bad = await server.api('POST', '/api/v1/iam/users', { body: { name: 'ok-name', email: 'not-an-email' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.email');
    const user = await server.api('GET', '/api/v1/iam/users/bob');
    const etag = user.headers.get('etag')!;
    expect((await server.api('PATCH', '/api/v1/iam/users/bob', { body: { displayName: 'Robert' }, headers: { 'if-match': etag } })).status).toBe(200);
    const stale = await server.api('PATCH', '/api/v1/iam/users/bob', { body: { displayName: 'Bobby' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
  });

  it('replays a create sent twice with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'create-carol-1' };
    const first = await server.api('POST', '/api/v1/iam/users', { body: { name: 'carol' }, headers });
    const second = await server.api('POST', '/api/v1/iam/users', { body: { name: 'carol' }, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.createdAt).toBe(first.body.createdAt);
    const third = await server.api('POST', '/api/v1/iam/users', { body: { name: 'carol' } });
    expect(third.status).toBe(409);
  });

  it('signs in to the portal with a password, needs the CSRF token for writes, and locks out after failures', async () => {
    await server.api('POST', '/api/v1/iam/users', { body: { name: 'dora', password: 'correct horse battery' } });
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dora', password: 'correct horse battery' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const session = cookie.split(';')[0]!;
    const who = await server.api('GET', '/api/v1/iam/whoami', { token: null, headers: { cookie: session } });
    expect(who.body).toMatchObject({ name: 'dora', via: 'session' });
    const noCsrf = await server.api('POST', '/api/v1/iam/users/dora/tokens', { token: null, headers: { cookie: session }, body: {} });
    expect(noCsrf.status).toBe(403);
    const withCsrf = await server.api('POST', '/api/v1/iam/users/dora/tokens', { token: null, headers: { cookie: session, 'x-csrf-token': csrfToken }, body: {} });
    expect(withCsrf.status).toBe(201);

    const attempt = (password: string) =>
      fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dora', password }) });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong password')).status).toBe(401);
    const locked = await attempt('correct horse battery');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('keeps the audit chain intact through all of the above', async () => {
    const report = await server.api('GET', '/api/v1/audit/verify');
    expect(report.body).toMatchObject({ ok: true, problems: [] });
    expect(report.body.records).toBeGreaterThan(20);
  });
});
