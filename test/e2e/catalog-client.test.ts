// Backstage's own catalog client (@backstage/catalog-client), unchanged, against a real Paved server
// with the demo organisation loaded: the compatibility promise of the catalog API.
import { CatalogClient } from '@backstage/catalog-client';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe.each(backends())('@backstage/catalog-client against Paved on %s', (backend) => {
  let server: TestServer;
  let client: CatalogClient;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paved-client-'));
    server = await startTestServer(backend, { overrides: { demo: true } });
    client = new CatalogClient({
      discoveryApi: { getBaseUrl: async (pluginId: string) => `${server.url}/api/${pluginId}` },
      fetchApi: {
        fetch: (input: RequestInfo | URL, init?: RequestInit) => {
          const headers = new Headers(init?.headers);
          headers.set('authorization', `Bearer ${server.adminToken}`);
          return fetch(input, { ...init, headers });
        },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees the demo organisation and its Paved groups', async () => {
    const { items } = await client.getEntities({ filter: { kind: 'Component' }, fields: ['metadata.name'] });
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(items.map((e) => e.metadata.name)).toContain('payments-service');
    const group = await server.api('GET', '/api/v1/iam/groups/payments');
    expect(group.status).toBe(200);
  });

  it('gets entities by ref and by refs, with relations', async () => {
    const entity = await client.getEntityByRef('component:default/payments-service');
    expect(entity?.spec?.owner).toBe('payments');
    expect(entity?.relations).toContainEqual({ type: 'ownedBy', targetRef: 'group:default/payments' });
    expect(await client.getEntityByRef('component:default/does-not-exist')).toBeUndefined();
    const { items } = await client.getEntitiesByRefs({ entityRefs: ['api:default/payments-api', 'component:default/nope', 'group:default/payments'], fields: ['kind', 'metadata.name'] });
    expect(items).toEqual([{ kind: 'API', metadata: { name: 'payments-api' } }, undefined, { kind: 'Group', metadata: { name: 'payments' } }]);
  });

  it('queries with cursors, full text and order, and streams everything', async () => {
    const first = await client.queryEntities({ filter: { kind: 'component' }, limit: 4, orderFields: { field: 'metadata.name', order: 'asc' }, fields: ['metadata.name'] });
    expect(first.items).toHaveLength(4);
    expect(first.totalItems).toBeGreaterThanOrEqual(10);
    const names = first.items.map((e) => e.metadata.name);
    expect([...names].sort()).toEqual(names);
    const second = await client.queryEntities({ cursor: first.pageInfo.nextCursor!, limit: 4 });
    expect(second.items[0]!.metadata.name > names[3]!).toBe(true);
    const search = await client.queryEntities({ fullTextFilter: { term: 'ledger' }, fields: ['metadata.name'] });
    expect(search.items.map((e) => e.metadata.name)).toEqual(expect.arrayContaining(['ledger-api', 'ledger-db', 'ledger-service']));
    let streamed = 0;
    for await (const page of client.streamEntities({ filter: { kind: 'component' }, pageSize: 3 } as never)) streamed += page.length;
    expect(streamed).toBe(first.totalItems);
  });

  it('reads facets', async () => {
    const { facets } = await client.getEntityFacets({ facets: ['spec.type'], filter: { kind: 'Component' } });
    expect(facets['spec.type']).toContainEqual({ value: 'service', count: expect.any(Number) });
  });

  it('validates entities', async () => {
    expect(await client.validateEntity({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'ok' }, spec: { type: 'service', lifecycle: 'production', owner: 'x' } }, 'url:http://localhost/x')).toEqual({ valid: true });
    const bad = await client.validateEntity({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'not ok' }, spec: {} }, 'url:http://localhost/x');
    expect(bad.valid).toBe(false);
    expect(bad.valid ? [] : bad.errors.map((e) => e.message).join('\n')).toMatch(/not a valid name/);
  });

  it('adds, finds and removes locations, refreshes and deletes entities', async () => {
    writeFileSync(join(dir, 'catalog-info.yaml'), 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: from-client\nspec:\n  type: service\n  lifecycle: production\n  owner: payments\n');
    const added = await client.addLocation({ type: 'file', target: join(dir, 'catalog-info.yaml') });
    expect(added.entities.map((e) => e.metadata.name)).toEqual(['from-client']);
    expect(await client.getLocationById(added.location.id)).toMatchObject({ target: join(dir, 'catalog-info.yaml') });
    expect((await client.getLocationByEntity('component:default/from-client'))?.id).toBe(added.location.id);
    expect((await client.getLocations()).items.map((l) => l.id)).toContain(added.location.id);
    await client.refreshEntity('component:default/from-client');
    await client.removeLocationById(added.location.id);
    expect(await client.getEntityByRef('component:default/from-client')).toBeUndefined();

    const web = await client.getEntityByRef('component:default/web-shop');
    await client.removeEntityByUid(web!.metadata.uid!);
    expect(await client.getEntityByRef('component:default/web-shop')).toBeUndefined();
  });
});
