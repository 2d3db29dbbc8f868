// The kernel's story from the terminal: create a user and a group, grant the group a Cedar policy, and
// the user's new token can do exactly what the policy allows.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paved } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('identity from the CLI', () => {
  let server: TestServer;
  let admin: NodeJS.ProcessEnv;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    admin = { PAVED_URL: server.url, PAVED_TOKEN: server.adminToken, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'paved-cfg-')) };
  }, 60_000);
  afterAll(() => server?.stop());

  it('creates, grants and checks', async () => {
    expect((await paved(['groups', 'create', 'sre', '--description', 'Site reliability'], admin)).code).toBe(0);
    expect((await paved(['users', 'create', 'erin', '--display-name', 'Erin', '--group', 'sre'], admin)).code).toBe(0);
    const token = (await paved(['tokens', 'create', '--user', 'erin', '--description', 'laptop'], admin)).stdout.trim();
    expect(token).toMatch(/^pvd_[0-9A-Za-z]{43}$/);
    const erin = { ...admin, PAVED_TOKEN: token };

    const denied = await paved(['users', 'list'], erin);
    expect(denied.code).toBe(3);
    expect(denied.stderr).toMatch(/not found/);

    const policy = join(mkdtempSync(join(tmpdir(), 'paved-pol-')), 'sre.cedar');
    writeFileSync(policy, 'permit (principal in Paved::Group::"sre", action == Paved::Action::"iam:ListUsers", resource);\n');
    expect((await paved(['policies', 'put', 'sre-list-users', '-f', policy, '--description', 'SRE sees users'], admin)).code).toBe(0);

    const allowed = await paved(['users', 'list', '--json'], erin);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout).map((u: { name: string }) => u.name)).toEqual(['admin', 'erin']);
    expect((await paved(['groups', 'list'], erin)).code).toBe(3);

    writeFileSync(policy, 'permit (principal, action == Paved::Action::"iam:Nope", resource);\n');
    const bad = await paved(['policies', 'put', 'broken', '-f', policy], admin);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unrecognized action/);
  });

  it('lists and revokes the caller\'s own tokens', async () => {
    const list = await paved(['tokens', 'list', '--json'], admin);
    const [bootstrap] = JSON.parse(list.stdout);
    expect(bootstrap.description).toMatch(/bootstrap/);
    expect(list.stdout).not.toContain(server.adminToken);
    const extra = JSON.parse((await paved(['tokens', 'create', '--json'], admin)).stdout);
    expect((await paved(['tokens', 'revoke', extra.id], admin)).code).toBe(0);
    expect((await paved(['whoami'], { ...admin, PAVED_TOKEN: extra.token })).code).toBe(4);
  });
});
