// The catalog through its HTTP API on a real server: writes, relations, filters, pages, facets,
// full-text search, access control. Locations have their own file (catalog-locations.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';

const component = (name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, ...metadata },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a', ...spec },
});

describe.each(backends())('catalog API on %s', (backend) => {
  let server: TestServer;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    server = await startTestServer(backend);
    for (const name of ['alice', 'bob']) expect((await server.api('POST', '/api/v1/iam/users', { body: { name } })).status).toBe(201);
    await server.api('POST', '/api/v1/iam/groups', { body: { name: 'team-a', members: [{ type: 'user', id: 'alice' }] } });
    await server.api('POST', '/api/v1/iam/groups', { body: { name: 'team-b', members: [{ type: 'user', id: 'bob' }] } });
    alice = (await server.api('POST', '/api/v1/iam/users/alice/tokens', { body: {} })).body.token;
    bob = (await server.api('POST', '/api/v1/iam/users/bob/tokens', { body: {} })).body.token;
    const entities = [
      { apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: 'team-a', title: 'Team A' }, spec: { type: 'team', children: [] } },
      component('payments-service', { providesApis: ['payments-api'], dependsOn: ['resource:payments-db'], system: 'checkout' }, { description: 'Charges credit cards', tags: ['java', 'pci'] }),
      component('web-shop', { type: 'website', consumesApis: ['payments-api'] }, { title: 'Web Shop', tags: ['react'], annotations: { 'github.com/project-slug': 'acme/storefront-ui' } }),
      component('ledger', { lifecycle: 'experimental', owner: 'team-b' }, { tags: ['java'] }),
      { apiVersion: 'backstage.io/v1alpha1', kind: 'API', metadata: { name: 'payments-api' }, spec: { type: 'openapi', lifecycle: 'production', owner: 'team-a', definition: 'openapi: 3.0.0' } },
    ];
    for (const body of entities) {
      const res = await server.api('POST', '/api/catalog/entities', { body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  }, 120_000);
  afterAll(() => server?.stop());

  it('serves an entity in Backstage shape with relations in both directions', async () => {
    const res = await server.api('GET', '/api/catalog/entities/by-name/component/default/payments-service');
    expect(res.status).toBe(200);
    expect(res.body.metadata).toMatchObject({ name: 'payments-service', namespace: 'default', uid: expect.any(String), etag: expect.any(String) });
    expect(res.headers.get('etag')).toBe(`"${res.body.metadata.etag}"`);
    expect(res.body.relations).toEqual(
      expect.arrayContaining([
        { type: 'ownedBy', targetRef: 'group:default/team-a' },
        { type: 'providesApi', targetRef: 'api:default/payments-api' },
        { type: 'dependsOn', targetRef: 'resource:default/payments-db' },
        { type: 'partOf', targetRef: 'system:default/checkout' },
      ]),
    );
    const api = await server.api('GET', '/api/catalog/entities/by-name/API/default/payments-api');
    expect(api.body.relations).toEqual(
      expect.arrayContaining([
        { type: 'apiProvidedBy', targetRef: 'component:default/payments-service' },
        { type: 'apiConsumedBy', targetRef: 'component:default/web-shop' },
        { type: 'ownedBy', targetRef: 'group:default/team-a' },
      ]),
    );
    const group = await server.api('GET', '/api/catalog/entities/by-name/group/default/team-a');
    expect(group.body.relations.filter((r: { type: string }) => r.type === 'ownerOf').map((r: { targetRef: string }) => r.targetRef).sort()).toEqual([
      'api:default/payments-api',
      'component:default/payments-service',
      'component:default/web-shop',
    ]);
    const byUid = await server.api('GET', `/api/catalog/entities/by-uid/${res.body.metadata.uid}`);
    expect(byUid.body.metadata.name).toBe('payments-service');
    expect((await server.api('GET', '/api/catalog/entities/by-name/component/default/nope')).status).toBe(404);
  });

  it('warns about references to missing entities until they exist', async () => {
    const before = await server.api('GET', '/api/catalog/entities/by-name/component/default/payments-service');
    const messages = before.body.status.items.map((i: { message: string }) => i.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/resource:default\/payments-db, which is not in the catalog/), expect.stringMatching(/system:default\/checkout/)]));
    expect(before.body.status.items[0]).toMatchObject({ level: 'warning', type: expect.any(String) });
    await server.api('POST', '/api/catalog/entities', { body: { apiVersion: 'backstage.io/v1alpha1', kind: 'Resource', metadata: { name: 'payments-db' }, spec: { type: 'database', owner: 'team-a' } } });
    const after = await server.api('GET', '/api/catalog/entities/by-name/component/default/payments-service');
    expect(after.body.status.items.map((i: { message: string }) => i.message).join('\n')).not.toMatch(/payments-db/);
  });

  it('filters as Backstage does: AND within a filter, OR across filters, existence, relations', async () => {
    const names = async (query: string) => ((await server.api('GET', `/api/catalog/entities?${query}`)).body as Array<{ metadata: { name: string } }>).map((e) => e.metadata.name).sort();
    expect(await names('filter=kind=component,spec.type=service')).toEqual(['ledger', 'payments-service']);
    expect(await names('filter=kind=Component,spec.lifecycle=experimental&filter=kind=api')).toEqual(['ledger', 'payments-api']);
    expect(await names('filter=kind=component,metadata.tags.java')).toEqual(['ledger', 'payments-service']);
    expect(await names('filter=metadata.tags=react')).toEqual(['web-shop']);
    expect(await names('filter=relations.ownedBy=group:default/team-b')).toEqual(['ledger']);
    expect(await names('filter=relations.consumesapi=api:default/payments-api')).toEqual(['web-shop']);
    expect(await names('filter=metadata.name=WEB-SHOP')).toEqual(['web-shop']);
    expect(await names('filter=kind=component,spec.type=service,spec.type=website')).toEqual(['ledger', 'payments-service', 'web-shop']);
    const projected = await server.api('GET', '/api/catalog/entities?filter=kind=api&fields=metadata.name,kind');
    expect(projected.body).toEqual([{ kind: 'API', metadata: { name: 'payments-api' } }]);
  });

  it('pages with offset/limit and an after cursor on /entities', async () => {
    const first = await server.api('GET', '/api/catalog/entities?filter=kind=component&limit=2&order=asc:metadata.name&fields=metadata.name');
    expect(first.body.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual(['ledger', 'payments-service']);
    const link = first.headers.get('link')!;
    expect(link).toMatch(/rel="next"/);
    const next = await server.api('GET', link.slice(1, link.indexOf('>')));
    expect(next.body.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual(['web-shop']);
    const offset = await server.api('GET', '/api/catalog/entities?filter=kind=component&offset=1&limit=1&order=asc:metadata.name&fields=metadata.name');
    expect(offset.body).toEqual([{ metadata: { name: 'payments-service' } }]);
  });

  it('answers by-query with items, totalItems and cursors both ways', async () => {
    const first = await server.api('GET', '/api/catalog/entities/by-query?filter=kind=component&limit=2&orderField=metadata.name,desc&fields=metadata.name');
    expect(first.status).toBe(200);
    expect(first.body.totalItems).toBe(3);
    expect(first.body.items.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual(['web-shop', 'payments-service']);
    expect(first.body.pageInfo.prevCursor).toBeUndefined();
    const second = await server.api('GET', `/api/catalog/entities/by-query?cursor=${first.body.pageInfo.nextCursor}&fields=metadata.name`);
    expect(second.body.items.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual(['ledger']);
    expect(second.body.totalItems).toBe(3);
    expect(second.body.pageInfo.nextCursor).toBeUndefined();
    const back = await server.api('GET', `/api/catalog/entities/by-query?cursor=${second.body.pageInfo.prevCursor}&limit=2&fields=metadata.name`);
    expect(back.body.items.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual(['web-shop', 'payments-service']);
    expect((await server.api('GET', '/api/catalog/entities/by-query?cursor=garbage')).status).toBe(400);
  });

  it('finds entities by full text over name, title, description, tags and annotations', async () => {
    const search = async (term: string) =>
      ((await server.api('GET', `/api/catalog/entities/by-query?fullTextFilterTerm=${encodeURIComponent(term)}&fields=metadata.name`)).body.items as Array<{ metadata: { name: string } }>)
        .map((e) => e.metadata.name)
        .sort();
    expect(await search('paym')).toEqual(['payments-api', 'payments-db', 'payments-service']);
    expect(await search('credit cards')).toEqual(['payments-service']);
    expect(await search('Web Shop')).toEqual(['web-shop']);
    expect(await search('pci')).toEqual(['payments-service']);
    expect(await search('storefront')).toEqual(['web-shop']);
    expect(await search('nothing-like-this')).toEqual([]);
    expect(await search('(&|!')).toEqual([]);
  });

  it('counts facets, filtered', async () => {
    const res = await server.api('GET', '/api/catalog/entity-facets?facet=kind&facet=spec.lifecycle&facet=metadata.tags&filter=kind=component');
    expect(res.body.facets.kind).toEqual([{ value: 'Component', count: 3 }]);
    expect(res.body.facets['spec.lifecycle']).toEqual([
      { value: 'production', count: 2 },
      { value: 'experimental', count: 1 },
    ]);
    expect(res.body.facets['metadata.tags']).toEqual(expect.arrayContaining([{ value: 'java', count: 2 }, { value: 'react', count: 1 }]));
  });

  it('returns entities by refs in request order, null for missing', async () => {
    const res = await server.api('POST', '/api/catalog/entities/by-refs', { body: { entityRefs: ['component:default/web-shop', 'component:default/missing', 'api:payments-api'], fields: ['metadata.name'] } });
    expect(res.body.items).toEqual([{ metadata: { name: 'web-shop' } }, null, { metadata: { name: 'payments-api' } }]);
  });

  it('validates entities with every problem and its path', async () => {
    expect((await server.api('POST', '/api/catalog/validate-entity', { body: { entity: component('fine'), location: 'url:http://x' } })).status).toBe(200);
    const bad = await server.api('POST', '/api/catalog/validate-entity', { body: { entity: { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'Not OK!' }, spec: { type: 'service' } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['entity.metadata.name', 'entity.spec.lifecycle', 'entity.spec.owner']);
    const create = await server.api('POST', '/api/catalog/entities', { body: { ...component('x'), kind: 'Widget' } });
    expect(create.status).toBe(400);
    expect(create.body.errors[0].message).toMatch(/unknown kind "Widget"/);
  });

  it('lets owning group members edit, others not; every signed-in user reads', async () => {
    const read = await server.api('GET', '/api/catalog/entities/by-name/component/default/web-shop', { token: bob });
    expect(read.status).toBe(200);
    expect((await server.api('GET', '/api/catalog/entities/by-name/component/default/web-shop', { token: null })).status).toBe(401);
    const edited = { ...component('web-shop', { type: 'website' }), metadata: { name: 'web-shop', description: 'edited by alice' } };
    const denied = await server.api('PUT', '/api/catalog/entities/by-name/component/default/web-shop', { token: bob, body: edited });
    expect(denied.status).toBe(403);
    const stale = await server.api('PUT', '/api/catalog/entities/by-name/component/default/web-shop', { token: alice, body: edited, headers: { 'if-match': '"stale"' } });
    expect(stale.status).toBe(412);
    const ok = await server.api('PUT', '/api/catalog/entities/by-name/component/default/web-shop', { token: alice, body: edited, headers: { 'if-match': read.headers.get('etag')! } });
    expect(ok.status).toBe(200);
    expect(ok.body.metadata.description).toBe('edited by alice');
    expect(ok.body.metadata.etag).not.toBe(read.body.metadata.etag);
    // Creating: only for a group you are in.
    expect((await server.api('POST', '/api/catalog/entities', { token: alice, body: component('alice-svc') })).status).toBe(201);
    expect((await server.api('POST', '/api/catalog/entities', { token: alice, body: component('alice-b', { owner: 'team-b' }) })).status).toBe(403);
    expect((await server.api('POST', '/api/catalog/entities', { token: alice, body: component('alice-svc') })).status).toBe(409);
    // Deleting: owners and admins.
    const uid = (await server.api('GET', '/api/catalog/entities/by-name/component/default/alice-svc')).body.metadata.uid;
    expect((await server.api('DELETE', `/api/catalog/entities/by-uid/${uid}`, { token: bob })).status).toBe(403);
    expect((await server.api('DELETE', `/api/catalog/entities/by-uid/${uid}`, { token: alice })).status).toBe(204);
    expect((await server.api('GET', `/api/catalog/entities/by-uid/${uid}`)).status).toBe(404);
    // Only admins register locations.
    expect((await server.api('POST', '/api/catalog/locations', { token: alice, body: { type: 'url', target: 'http://localhost:1/x.yaml' } })).status).toBe(403);
  });

  it('refuses to rename through an edit', async () => {
    const res = await server.api('PUT', '/api/catalog/entities/by-name/component/default/ledger', { body: component('ledger-2', { owner: 'team-b' }) });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/cannot change/);
  });

  it('writes the change and its event to the audit log', async () => {
    const audit = await server.api('GET', '/api/v1/audit?limit=200');
    const actions = (audit.body.items as Array<{ action: string; actor: string }>).map((a) => `${a.actor} ${a.action}`);
    expect(actions).toContain('user:alice catalog:UpdateEntity');
    expect(actions).toContain('user:bob catalog:UpdateEntity');
  });
});
