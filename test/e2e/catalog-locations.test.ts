// Locations end to end: file and http(s) locations with nested Location entities and placeholders,
// read-only entities (409 naming the file), orphaning and the orphan policy, takeover refusal.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogService } from '../../src/catalog/service.js';
import { backends } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';

const doc = (kind: string, name: string, spec: string) => `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
const svc = (name: string, extra = '') => doc('Component', name, `  type: service\n  lifecycle: production\n  owner: team-a\n${extra}`);

describe.each(backends())('catalog locations on %s', (backend) => {
  let server: TestServer;
  let dir: string;
  let http: Server;
  let httpUrl: string;
  const served = new Map<string, string>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paved-locations-'));
    http = createServer((req, res) => {
      const body = served.get(req.url ?? '');
      if (body === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/yaml' }).end(body);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const address = http.address();
    httpUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
    server = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    http?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const catalog = () => server.kernel.services.get('catalog') as CatalogService;
  const get = (ref: string) => server.api('GET', `/api/catalog/entities/by-name/${ref}`);

  it('reads a file location with a nested Location and $text placeholders, and refuses API edits', async () => {
    writeFileSync(join(dir, 'openapi.yaml'), 'openapi: 3.0.0\ninfo: { title: Orders }\n');
    writeFileSync(join(dir, 'more.yaml'), svc('billing'));
    writeFileSync(
      join(dir, 'catalog-info.yaml'),
      [
        svc('orders', '  providesApis: [orders-api]\n'),
        doc('API', 'orders-api', '  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition:\n    $text: ./openapi.yaml\n'),
        doc('Location', 'more', '  targets: [./more.yaml]\n'),
        svc('Broken Name'),
      ].join('---\n'),
    );
    const res = await server.api('POST', '/api/catalog/locations', { body: { type: 'file', target: join(dir, 'catalog-info.yaml') } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.location).toMatchObject({ type: 'file', target: join(dir, 'catalog-info.yaml'), id: expect.any(String) });
    expect(res.body.entities.map((e: { metadata: { name: string } }) => e.metadata.name).sort()).toEqual(['billing', 'more', 'orders', 'orders-api']);
    expect(res.body.problems).toEqual([expect.objectContaining({ document: 3, path: 'metadata.name', line: 32 })]);

    const api = await get('api/default/orders-api');
    expect(api.body.spec.definition).toContain('title: Orders');
    expect(api.body.metadata.annotations['backstage.io/managed-by-location']).toBe(`file:${join(dir, 'catalog-info.yaml')}`);
    const billing = await get('component/default/billing');
    expect(billing.body.metadata.annotations['backstage.io/managed-by-location']).toBe(`file:${join(dir, 'more.yaml')}`);
    expect(billing.body.metadata.annotations['backstage.io/managed-by-origin-location']).toBe(`file:${join(dir, 'catalog-info.yaml')}`);

    const edit = await server.api('PUT', '/api/catalog/entities/by-name/component/default/billing', { body: { ...billing.body, metadata: { name: 'billing', description: 'x' } } });
    expect(edit.status).toBe(409);
    expect(edit.body.detail).toContain(join(dir, 'more.yaml'));
    expect((await server.api('DELETE', `/api/catalog/entities/by-uid/${billing.body.metadata.uid}`)).status).toBe(409);

    const location = await server.api('GET', `/api/catalog/locations/${res.body.location.id}`);
    expect(location.body.problems[0].message).toMatch(/not a valid name/);
    const byEntity = await server.api('GET', '/api/catalog/locations/by-entity/component/default/orders');
    expect(byEntity.body.id).toBe(res.body.location.id);
    const all = await server.api('GET', '/api/catalog/locations');
    expect(all.body).toContainEqual({ data: expect.objectContaining({ id: res.body.location.id }) });
  });

  it('picks up edits on refresh, orphans what disappears, and deletes orphans per the policy', async () => {
    writeFileSync(join(dir, 'more.yaml'), svc('billing', '  dependsOn: [component:orders]\n'));
    writeFileSync(join(dir, 'catalog-info.yaml'), [svc('orders'), doc('Location', 'more', '  targets: [./more.yaml]\n')].join('---\n'));
    const refreshed = await server.api('POST', '/api/catalog/refresh', { body: { entityRef: 'component:default/billing' } });
    expect(refreshed.status).toBe(200);
    expect((await get('component/default/billing')).body.relations).toContainEqual({ type: 'dependsOn', targetRef: 'component:default/orders' });
    const api = await get('api/default/orders-api');
    expect(api.status).toBe(200);
    expect(api.body.metadata.annotations['backstage.io/orphan']).toBe('true');
    const orphans = await server.api('GET', '/api/catalog/entities?filter=metadata.annotations.backstage.io/orphan=true&fields=metadata.name');
    expect(orphans.body).toEqual([{ metadata: { name: 'orders-api' } }]);

    // Keep policy: orphans stay. Delete with no grace: the sweep removes them.
    await server.api('PUT', '/api/catalog/settings', { body: { orphanPolicy: 'keep' } });
    expect(await catalog().processor.sweepOrphans()).toBe(0);
    const settings = await server.api('PUT', '/api/catalog/settings', { body: { orphanPolicy: 'delete', orphanGraceMinutes: 0 } });
    expect(settings.body).toMatchObject({ orphanPolicy: 'delete', orphanGraceMinutes: 0 });
    expect(await catalog().processor.sweepOrphans()).toBe(1);
    expect((await get('api/default/orders-api')).status).toBe(404);
    await server.api('PUT', '/api/catalog/settings', { body: { orphanPolicy: 'delete', orphanGraceMinutes: 60 } });
  });

  it('does not orphan anything when a file cannot be read or parsed', async () => {
    rmSync(join(dir, 'more.yaml'));
    await server.api('POST', '/api/catalog/refresh', { body: { entityRef: 'component:default/orders' } });
    expect((await get('component/default/billing')).body.metadata.annotations['backstage.io/orphan']).toBeUndefined();
    const loc = async () => (await server.api('GET', '/api/catalog/locations/by-entity/component/default/orders')).body.problems.map((p: { message: string }) => p.message).join('\n');
    expect(await loc()).toMatch(/cannot read .*more\.yaml/);

    writeFileSync(join(dir, 'catalog-info.yaml'), 'this: [is: not yaml');
    await server.api('POST', '/api/catalog/refresh', { body: { entityRef: 'component:default/orders' } });
    expect((await get('component/default/orders')).body.metadata.annotations['backstage.io/orphan']).toBeUndefined();
    expect(await loc()).toMatch(/YAML syntax/);
  });

  it('reads http locations and refuses to take over entities another location manages', async () => {
    served.set('/team/catalog-info.yaml', [svc('orders'), svc('shipping', '  dependsOn: [resource:shipping-db]\n'), doc('Resource', 'shipping-db', '  type: database\n  owner: team-a\n  definition: { $text: ./schema.sql }\n')].join('---\n'));
    served.set('/team/schema.sql', 'create table parcels ();');
    const res = await server.api('POST', '/api/catalog/locations', { body: { target: `${httpUrl}/team/catalog-info.yaml` } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.location.type).toBe('url');
    expect(res.body.entities.map((e: { metadata: { name: string } }) => e.metadata.name).sort()).toEqual(['shipping', 'shipping-db']);
    expect(res.body.problems.map((p: { message: string }) => p.message)).toEqual([expect.stringMatching(/component:default\/orders is managed by file:.*; this location did not take it over/)]);
    expect((await get('component/default/orders')).body.metadata.annotations['backstage.io/managed-by-location']).toBe(`file:${join(dir, 'catalog-info.yaml')}`);
    expect((await get('resource/default/shipping-db')).body.spec.definition).toBe('create table parcels ();');
    expect((await server.api('POST', '/api/catalog/locations', { body: { target: `${httpUrl}/team/catalog-info.yaml` } })).status).toBe(409);

    const dry = await server.api('POST', '/api/catalog/locations?dryRun=true', { body: { target: `${httpUrl}/team/catalog-info.yaml` } });
    expect(dry.body.exists).toBe(true);
    expect(dry.body.entities).toHaveLength(3);

    // Unregistering deletes what the location manages.
    expect((await server.api('DELETE', `/api/catalog/locations/${res.body.location.id}`)).status).toBe(204);
    expect((await get('component/default/shipping')).status).toBe(404);
    expect((await get('component/default/orders')).status).toBe(200);
  });

  it('lets one of two locations read at once take a new entity, and the other report it, without failing', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `contested-${i}`);
    const register = async (file: string) => {
      writeFileSync(join(dir, file), svc(`${file.replace('.yaml', '')}-own`));
      const res = await server.api('POST', '/api/catalog/locations', { body: { type: 'file', target: join(dir, file) } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.location as { id: string; type: string; target: string };
    };
    const [a, b] = [await register('race-a.yaml'), await register('race-b.yaml')];
    for (const file of ['race-a.yaml', 'race-b.yaml']) writeFileSync(join(dir, file), names.map((n) => svc(n)).join('---\n'));
    // Both read and insert the same new refs at the same time (on PostgreSQL, truly concurrently).
    const [ra, rb] = await Promise.all([catalog().processor.process(a), catalog().processor.process(b)]);
    expect([...ra.created, ...rb.created].sort()).toEqual(names.map((n) => `component:default/${n}`).sort());
    const refused = [...ra.problems, ...rb.problems].map((p) => p.message).filter((m) => /contested-\d+ is managed by file:/.test(m));
    expect(refused).toHaveLength(names.length);
    for (const loc of [a, b]) expect((await server.api('DELETE', `/api/catalog/locations/${loc.id}`)).status).toBe(204);
    expect((await get('component/default/contested-0')).status).toBe(404);
  });

  it('refuses bad location targets clearly', async () => {
    const relative = await server.api('POST', '/api/catalog/locations', { body: { type: 'file', target: 'relative/path.yaml' } });
    expect(relative.status).toBe(400);
    expect(relative.body.detail).toMatch(/absolute path/);
    const unknownType = await server.api('POST', '/api/catalog/locations', { body: { type: 'gitlab', target: '/x.yaml' } });
    expect(unknownType.status).toBe(400);
  });

  it('processes due locations in the refresh loop (claimed with SKIP LOCKED)', async () => {
    writeFileSync(join(dir, 'loop.yaml'), svc('looped'));
    const res = await server.api('POST', '/api/catalog/locations', { body: { target: `file://${join(dir, 'loop.yaml')}` } });
    expect(res.status).toBe(201);
    writeFileSync(join(dir, 'loop.yaml'), svc('looped', '  system: sys\n'));
    await server.kernel.db.query('UPDATE catalog_locations SET next_refresh_at = now() - interval \'1 second\'');
    while (await catalog().processor.processNextDue()) {
      // drain every due location
    }
    expect((await get('component/default/looped')).body.spec.system).toBe('sys');
    expect(await catalog().processor.processNextDue()).toBe(false);
  });
});
