import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/databases.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';

const enc = encodeURIComponent;

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await fn();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(backends())('secrets on %s', (backend) => {
  let server: TestServer;
  let saToken: string;
  let userToken: string;
  beforeAll(async () => {
    server = await startTestServer(backend);
    await server.api('POST', '/api/v1/iam/users', { body: { name: 'dev' } });
    await server.api('POST', '/api/v1/iam/groups', { body: { name: 'payments-team', members: [{ type: 'user', id: 'dev' }] } });
    await server.api('POST', '/api/v1/iam/service-accounts', { body: { name: 'payments', owner: 'payments-team' } });
    await server.api('POST', '/api/v1/iam/groups/payments-team/members', { body: { type: 'service', id: 'payments' } });
    saToken = (await server.api('POST', '/api/v1/iam/service-accounts/payments/tokens', { body: { name: 't' } })).body.token;
    userToken = (await server.api('POST', '/api/v1/iam/users/dev/tokens', { body: { name: 't' } })).body.token;
  }, 60_000);
  afterAll(async () => server?.stop());

  it('creates, reads by label and version, and keeps CURRENT/PREVIOUS; metadata never carries a value', async () => {
    const created = await server.api('POST', '/api/v1/secrets', { body: { name: 'prod/app/api-key', description: 'API key', secretString: 'first-value-123' } });
    expect(created.status).toBe(201);
    const v1 = created.body.versionId;
    const put = await server.api('PUT', `/api/v1/secrets/${enc('prod/app/api-key')}/value`, { body: { secretString: 'second-value-456' } });
    expect(put.body.versionStages).toEqual(['CURRENT']);
    const current = await server.api('GET', `/api/v1/secrets/${enc('prod/app/api-key')}/value`);
    expect(current.body).toMatchObject({ secretString: 'second-value-456', versionStages: ['CURRENT'] });
    expect(current.headers.get('cache-control')).toBe('no-store');
    const previous = await server.api('GET', `/api/v1/secrets/${enc('prod/app/api-key')}/value?versionStage=PREVIOUS`);
    expect(previous.body).toMatchObject({ secretString: 'first-value-123', versionId: v1 });
    const byId = await server.api('GET', `/api/v1/secrets/${enc('prod/app/api-key')}/value?versionId=${v1}`);
    expect(byId.body.secretString).toBe('first-value-123');
    const described = await server.api('GET', `/api/v1/secrets/${enc('prod/app/api-key')}`);
    expect(described.body.versions.map((v: { versionStages: string[] }) => v.versionStages)).toEqual([['CURRENT'], ['PREVIOUS']]);
    const listed = await server.api('GET', '/api/v1/secrets');
    for (const text of [JSON.stringify(described.body), JSON.stringify(listed.body)]) {
      expect(text).not.toContain('first-value-123');
      expect(text).not.toContain('second-value-456');
    }
    expect((await server.api('GET', `/api/v1/secrets/${enc('prod/app/api-key')}/value?versionStage=NOPE`)).status).toBe(404);
  });

  it('stores binary values and refuses values over 64 KiB without echoing them', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    await server.api('POST', '/api/v1/secrets', { body: { name: 'bin', secretBinary: bytes.toString('base64') } });
    const got = await server.api('GET', '/api/v1/secrets/bin/value');
    expect(Buffer.from(got.body.secretBinary, 'base64')).toEqual(bytes);
    const big = 'Z'.repeat(65_537);
    const refused = await server.api('PUT', '/api/v1/secrets/bin/value', { body: { secretString: big } });
    expect(refused.status).toBe(413);
    expect(JSON.stringify(refused.body)).not.toContain('ZZZZZZZZ');
    expect((await server.api('PUT', '/api/v1/secrets/bin/value', { body: { secretString: 'a', secretBinary: 'YQ==' } })).status).toBe(400);
    expect((await server.api('PUT', '/api/v1/secrets/bin/value', { body: { secretString: 'Y'.repeat(65_536) } })).status).toBe(200);
    expect((await server.api('POST', '/api/v1/secrets', { body: { name: 'bin', secretString: 'x' } })).status).toBe(409);
  });

  it('deletes with a recovery window, restores, and force-deletes', async () => {
    await server.api('POST', '/api/v1/secrets', { body: { name: 'temp', secretString: 'temporary!' } });
    expect((await server.api('DELETE', '/api/v1/secrets/temp?recoveryWindowInDays=6')).status).toBe(400);
    const deleted = await server.api('DELETE', '/api/v1/secrets/temp?recoveryWindowInDays=7');
    expect(new Date(deleted.body.purgeDate).getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
    expect((await server.api('GET', '/api/v1/secrets/temp/value')).status).toBe(409);
    expect((await server.api('GET', '/api/v1/secrets')).body.items.map((s: { name: string }) => s.name)).not.toContain('temp');
    expect((await server.api('GET', '/api/v1/secrets?includeDeleted=true')).body.items.map((s: { name: string }) => s.name)).toContain('temp');
    expect((await server.api('POST', '/api/v1/secrets/temp/restore')).status).toBe(200);
    expect((await server.api('GET', '/api/v1/secrets/temp/value')).body.secretString).toBe('temporary!');
    expect((await server.api('DELETE', '/api/v1/secrets/temp?forceDeleteWithoutRecovery=true')).status).toBe(200);
    expect((await server.api('GET', '/api/v1/secrets/temp')).status).toBe(404);
  });

  it('tags and untags', async () => {
    await server.api('POST', '/api/v1/secrets', { body: { name: 'tagged', secretString: 'v-tagged' } });
    expect((await server.api('POST', '/api/v1/secrets/tagged/tags', { body: { tags: { team: 'pay', env: 'prod' } } })).body.tags).toEqual({ team: 'pay', env: 'prod' });
    expect((await server.api('POST', '/api/v1/secrets/tagged/untag', { body: { keys: ['env'] } })).body.tags).toEqual({ team: 'pay' });
  });

  it('enforces a resource policy: only the payments service account may read prod/payments/db', async () => {
    const name = enc('prod/payments/db');
    await server.api('POST', '/api/v1/secrets', { body: { name: 'prod/payments/db', owner: 'payments-team', secretString: 'pg-password-xyz' } });
    // Before the policy, every member of the owning group may read it.
    expect((await server.api('GET', `/api/v1/secrets/${name}/value`, { token: userToken })).status).toBe(200);
    const bad = await server.api('PUT', `/api/v1/secrets/${name}/policy`, { body: { policy: 'permit (principal, action == Paved::Action::"secrets:NoSuchAction", resource);' } });
    expect(bad.status).toBe(400);
    const policy = `permit (principal == Paved::ServiceAccount::"payments", action == Paved::Action::"secrets:GetSecretValue", resource);
permit (principal in Paved::Group::"admins", action, resource) unless { action == Paved::Action::"secrets:GetSecretValue" };`;
    expect((await server.api('PUT', `/api/v1/secrets/${name}/policy`, { body: { policy } })).status).toBe(204);
    expect((await server.api('GET', `/api/v1/secrets/${name}/value`, { token: saToken })).body.secretString).toBe('pg-password-xyz');
    expect((await server.api('GET', `/api/v1/secrets/${name}/value`, { token: userToken })).status).toBe(404);
    expect((await server.api('GET', `/api/v1/secrets/${name}/value`)).status).toBe(404); // even admins
    expect((await server.api('GET', `/api/v1/secrets/${name}`)).status).toBe(200); // admins may still describe
    expect((await server.api('PUT', `/api/v1/secrets/${name}/value`, { token: saToken, body: { secretString: 'nope' } })).status).toBe(403);
    // An unrelated user sees nothing at all (identity policies deny first).
    await server.api('POST', '/api/v1/iam/users', { body: { name: 'stranger' } });
    const strangerToken = (await server.api('POST', '/api/v1/iam/users/stranger/tokens', { body: { name: 't' } })).body.token;
    expect((await server.api('GET', `/api/v1/secrets/${name}/value`, { token: strangerToken })).status).toBe(404);
    // Every read is audited with who and which version; denials too; never the value.
    const audit = await server.kernel.db.query<{ actor: string; outcome: string; details: Record<string, unknown> }>(`SELECT actor, outcome, details FROM audit_log WHERE resource = 'Secret:prod/payments/db' AND action = 'secrets:GetSecretValue' ORDER BY seq`);
    expect(audit.rows.map((r) => `${r.actor} ${r.outcome}`)).toEqual(['user:dev success', 'service:payments success', 'user:dev denied', 'user:admin denied', 'user:stranger denied']);
    expect(audit.rows[1]!.details.versionId).toEqual(expect.any(String));
    expect(JSON.stringify(audit.rows)).not.toContain('pg-password-xyz');
    // The policy can always be removed by those who manage the secret.
    expect((await server.api('DELETE', `/api/v1/secrets/${name}/policy`)).status).toBe(204);
    expect((await server.api('GET', `/api/v1/secrets/${name}/value`)).status).toBe(200);
  });

  it('rotates on demand with the random-password rotator, keeping JSON fields; PREVIOUS holds the old value', async () => {
    await server.api('POST', '/api/v1/secrets', { body: { name: 'svc/login', secretString: JSON.stringify({ username: 'svc', password: 'old-password-1' }) } });
    const configured = await server.api('PUT', '/api/v1/secrets/svc%2Flogin/rotation', { body: { rotator: 'random-password', schedule: 'rate(30 days)', config: { length: 40, excludePunctuation: true } } });
    expect(configured.status).toBe(200);
    expect(new Date(configured.body.nextRotationAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect((await server.api('POST', '/api/v1/secrets/svc%2Flogin/rotate')).status).toBe(202);
    const rotated = await waitFor(() => server.api('GET', '/api/v1/secrets/svc%2Flogin/value'), (r) => JSON.parse(r.body.secretString).password !== 'old-password-1', 'rotation');
    const value = JSON.parse(rotated.body.secretString);
    expect(value.username).toBe('svc');
    expect(value.password).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(JSON.parse((await server.api('GET', '/api/v1/secrets/svc%2Flogin/value?versionStage=PREVIOUS')).body.secretString).password).toBe('old-password-1');
    const described = (await server.api('GET', '/api/v1/secrets/svc%2Flogin')).body;
    expect(described.lastRotatedAt).not.toBeNull();
    expect(described.rotationInProgress).toBeNull();
    expect(described.versions.flatMap((v: { versionStages: string[] }) => v.versionStages)).not.toContain('PENDING');
  });

  it('refuses bad rotation settings with the field named', async () => {
    await server.api('POST', '/api/v1/secrets', { body: { name: 'cfg', secretString: 'x-value' } });
    const badSchedule = await server.api('PUT', '/api/v1/secrets/cfg/rotation', { body: { rotator: 'random-password', schedule: 'rate(1 minutes)' } });
    expect(badSchedule.status).toBe(400);
    expect(badSchedule.body.errors[0].path).toBe('body.schedule');
    const badUrl = await server.api('PUT', '/api/v1/secrets/cfg/rotation', { body: { rotator: 'webhook', config: { url: 'http://example.test/rotate', signingSecret: 'bin' } } });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.detail).toContain('https');
    expect((await server.api('POST', '/api/v1/secrets/tagged/rotate')).status).toBe(400);
  });
});
