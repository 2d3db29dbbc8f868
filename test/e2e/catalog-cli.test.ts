// `paved catalog …` in-process against a real server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paved } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('paved catalog', () => {
  let server: TestServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    dir = mkdtempSync(join(tmpdir(), 'paved-catalog-cli-'));
    env = { PAVED_URL: server.url, PAVED_TOKEN: server.adminToken, XDG_CONFIG_HOME: dir };
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies a file: creates, then updates, and reports invalid documents with their line', async () => {
    const file = join(dir, 'catalog-info.yaml');
    writeFileSync(
      file,
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cli-svc
  description: first
spec:
  type: service
  lifecycle: production
  owner: team-a
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: bad name
spec: { type: service, lifecycle: production, owner: team-a }
`,
    );
    const first = await paved(['catalog', 'apply', '-f', file], env);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('created component:default/cli-svc');
    expect(first.stdout).toMatch(/invalid .*catalog-info\.yaml:14 \(document 2\) metadata\.name/);
    writeFileSync(file, `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cli-svc\n  description: second\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n`);
    const second = await paved(['catalog', 'apply', '-f', file, '--json'], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).results).toEqual([{ ref: 'component:default/cli-svc', outcome: 'updated' }]);
  });

  it('gets one entity as YAML or JSON, and lists with filters and search', async () => {
    const yaml = await paved(['catalog', 'get', 'cli-svc'], env);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toContain('description: second');
    const json = await paved(['catalog', 'get', 'component:default/cli-svc', '--json'], env);
    expect(JSON.parse(json.stdout).relations).toContainEqual({ type: 'ownedBy', targetRef: 'group:default/team-a' });
    expect((await paved(['catalog', 'get', 'nope'], env)).code).toBe(3);
    expect((await paved(['catalog', 'get'], env)).code).toBe(2);
    const list = await paved(['catalog', 'list', '--filter', 'kind=component,spec.type=service'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^REF\s+TYPE\s+OWNER/);
    expect(list.stdout).toContain('component:default/cli-svc');
    const search = await paved(['catalog', 'list', '--search', 'secon', '--json'], env);
    expect(JSON.parse(search.stdout).items.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual(['cli-svc']);
  });

  it('adds, lists and removes locations', async () => {
    const file = join(dir, 'loc.yaml');
    writeFileSync(file, `apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: cli-system\nspec:\n  owner: team-a\n`);
    const dry = await paved(['catalog', 'locations', 'add', file, '--dry-run'], env);
    expect(dry.stdout).toContain('Would register file location');
    const added = await paved(['catalog', 'locations', 'add', file, '--json'], env);
    expect(added.code).toBe(0);
    const id = JSON.parse(added.stdout).location.id as string;
    const list = await paved(['catalog', 'locations', 'list'], env);
    expect(list.stdout).toContain(file);
    expect((await paved(['catalog', 'locations', 'remove', id], env)).code).toBe(0);
    expect((await paved(['catalog', 'get', 'system:cli-system'], env)).code).toBe(3);
  });
});
