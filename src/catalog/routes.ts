// HTTP for the catalog: Backstage's catalog REST API under /api/catalog (so @backstage/catalog-client
// works unchanged), plus Paved's writes (create and edit entities through the API) and settings.
// Schemas, status codes and access declarations only; the logic is in CatalogService.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InputError } from '../kernel/errors.js';
import { platformResource } from '../kernel/http/route-auth.js';
import { requestContext } from '../kernel/http/security.js';
import { entityResource, proposedEntityResource } from './access.js';
import { parseFields } from './query.js';
import { parseEntityRef, stringifyEntityRef } from './refs.js';
import type { CatalogService } from './service.js';
import type { EntityRow } from './store.js';

const BASE = '/api/catalog';
const tags = ['catalog'];
const multi = z.union([z.string(), z.array(z.string())]).optional();
const nameParams = z.object({ kind: z.string().min(1).max(100), namespace: z.string().min(1).max(100), name: z.string().min(1).max(300) });
const entityBody = z.record(z.string(), z.unknown()).describe('A catalog entity: apiVersion, kind, metadata, spec');

const refFromParams = (r: FastifyRequest) => {
  const p = r.params as { kind: string; namespace: string; name: string };
  return stringifyEntityRef({ kind: p.kind, namespace: p.namespace, name: p.name });
};

/** `"etag"`, `W/"etag"` or a bare etag. */
function ifMatchEtag(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const raw = (Array.isArray(header) ? header[0]! : header).trim();
  const m = /^(?:W\/)?"?([^"]+)"?$/.exec(raw);
  if (!m) throw new InputError('If-Match must be the ETag this server returned', [{ path: 'header.if-match', message: 'invalid' }]);
  return m[1];
}

/**
 * Backstage's generated client sends `Content-Type: application/json` with no body on DELETE; Backstage's
 * server ignores it, Fastify would answer 400. Bodiless requests drop the header before parsing.
 */
async function tolerateEmptyJson(request: FastifyRequest): Promise<void> {
  const length = request.headers['content-length'];
  if ((length === undefined || length === '0') && request.headers['transfer-encoding'] === undefined) delete request.headers['content-type'];
}

export function registerCatalogRoutes(fastify: FastifyInstance, catalog: CatalogService): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const loadByName = async (r: FastifyRequest) => entityResource(await catalog.row(refFromParams(r)));
  const loadByUid = async (r: FastifyRequest) => entityResource(await catalog.rowByUid((r.params as { uid: string }).uid));

  // ---- entities (Backstage API) --------------------------------------------------------------------
  app.get(`${BASE}/entities`, {
    config: { auth: { action: 'catalog:ListEntities', resource: () => platformResource } },
    schema: {
      tags,
      summary: 'List entities (Backstage): filter, fields, offset/limit, after',
      querystring: z.object({ filter: multi, fields: multi, order: multi, offset: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(0).max(10_000).optional(), after: z.string().max(2000).optional() }),
    },
    handler: async (request, reply) => {
      const q = request.query;
      const { items, next } = await catalog.list({ filter: q.filter, fields: parseFields(q.fields), offset: q.offset, limit: q.limit, after: q.after, order: q.order });
      if (next) {
        const url = new URL(request.url, 'http://x');
        url.searchParams.set('after', next);
        url.searchParams.delete('offset');
        reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
      }
      return items;
    },
  });

  app.get(`${BASE}/entities/by-query`, {
    config: { auth: { action: 'catalog:QueryEntities', resource: () => platformResource } },
    schema: {
      tags,
      summary: 'Query entities with cursor pagination (Backstage): {items, totalItems, pageInfo}',
      querystring: z.object({
        filter: multi,
        fields: multi,
        limit: z.coerce.number().int().min(0).max(10_000).optional(),
        offset: z.coerce.number().int().min(0).optional(),
        orderField: multi,
        cursor: z.string().max(8000).optional(),
        fullTextFilterTerm: z.string().max(500).optional(),
        fullTextFilterFields: multi,
        totalItems: z.enum(['true', 'false']).optional(),
      }),
    },
    handler: async (request) => {
      const q = request.query;
      return catalog.query({
        filter: q.filter,
        fields: parseFields(q.fields),
        limit: q.limit,
        offset: q.offset,
        orderField: q.orderField,
        cursor: q.cursor,
        fullTextFilterTerm: q.fullTextFilterTerm,
        totalItems: q.totalItems === undefined ? undefined : q.totalItems === 'true',
      });
    },
  });

  app.post(`${BASE}/entities/by-refs`, {
    config: { auth: { action: 'catalog:GetEntitiesByRefs', resource: () => platformResource, kind: 'read' } },
    schema: {
      tags,
      summary: 'Get many entities by ref (Backstage): items in request order, null where missing',
      querystring: z.object({ filter: multi }),
      body: z.object({ entityRefs: z.array(z.string().max(500)).max(10_000), fields: z.array(z.string()).optional() }),
    },
    handler: async (request) => ({ items: await catalog.getByRefs(request.body.entityRefs, request.query.filter, request.body.fields) }),
  });

  app.get(`${BASE}/entities/by-name/:kind/:namespace/:name`, {
    config: { auth: { action: 'catalog:GetEntity', resource: loadByName } },
    schema: { tags, summary: 'Get an entity by kind, namespace and name', params: nameParams },
    handler: async (request, reply) => {
      const row = request.loaded as EntityRow;
      return reply.header('etag', `"${row.etag}"`).send(await catalog.entity(row));
    },
  });

  app.get(`${BASE}/entities/by-uid/:uid`, {
    config: { auth: { action: 'catalog:GetEntity', resource: loadByUid } },
    schema: { tags, summary: 'Get an entity by uid', params: z.object({ uid: z.string().max(100) }) },
    handler: async (request, reply) => {
      const row = request.loaded as EntityRow;
      return reply.header('etag', `"${row.etag}"`).send(await catalog.entity(row));
    },
  });

  app.delete(`${BASE}/entities/by-uid/:uid`, {
    onRequest: tolerateEmptyJson,
    config: { auth: { action: 'catalog:DeleteEntity', resource: loadByUid } },
    schema: { tags, summary: 'Delete an API-managed entity or an orphan (location-managed ones: 409)', params: z.object({ uid: z.string().max(100) }) },
    handler: async (request, reply) => {
      await catalog.deleteByUid(requestContext(request), request.loaded as EntityRow);
      return reply.code(204).send();
    },
  });

  app.get(`${BASE}/entity-facets`, {
    config: { auth: { action: 'catalog:GetEntityFacets', resource: () => platformResource } },
    schema: { tags, summary: 'Count entities per value of each facet (Backstage)', querystring: z.object({ facet: z.union([z.string(), z.array(z.string()).min(1)]), filter: multi }) },
    handler: async (request) => {
      const facets = Array.isArray(request.query.facet) ? request.query.facet : [request.query.facet];
      if (facets.length > 20) throw new InputError('at most 20 facets per request', [{ path: 'query.facet', message: 'too many' }]);
      return catalog.facets(facets, request.query.filter);
    },
  });

  app.post(`${BASE}/validate-entity`, {
    config: { auth: { action: 'catalog:ValidateEntity', resource: () => platformResource, kind: 'read' } },
    schema: { tags, summary: 'Validate an entity (Backstage): 200 when valid, 400 with every problem', body: z.object({ entity: z.unknown(), location: z.string().optional() }) },
    handler: async (request) => {
      catalog.validate(request.body.entity);
      return {};
    },
  });

  app.post(`${BASE}/refresh`, {
    config: {
      auth: {
        action: 'catalog:RefreshEntity',
        resource: async (r) => {
          const ref = (r.body as { entityRef?: unknown } | undefined)?.entityRef;
          if (typeof ref !== 'string') return platformResource;
          try {
            return entityResource(await catalog.row(stringifyEntityRef(parseEntityRef(ref))));
          } catch (error) {
            if (error instanceof Error && error.name === 'RefError') throw new InputError(error.message, [{ path: 'body.entityRef', message: 'invalid ref' }]);
            throw error;
          }
        },
      },
    },
    schema: { tags, summary: 'Re-read the location of an entity now (or every location, for admins)', body: z.object({ entityRef: z.string().max(500).optional() }).optional() },
    handler: async (request) => {
      const results = await catalog.refresh(request.body?.entityRef);
      return { refreshed: results.length, problems: results.flatMap((r) => r.problems) };
    },
  });

  // ---- entities (Paved writes) ---------------------------------------------------------------------
  app.post(`${BASE}/entities`, {
    config: { auth: { action: 'catalog:CreateEntity', resource: proposedEntityResource }, idempotent: true },
    schema: { tags, summary: 'Create an entity managed through the API (you must be in its owner group)', body: entityBody },
    handler: async (request, reply) => {
      const entity = await catalog.createEntity(requestContext(request), request.body);
      return reply.code(201).header('etag', `"${entity.metadata.etag}"`).send(entity);
    },
  });

  app.put(`${BASE}/entities/by-name/:kind/:namespace/:name`, {
    config: { auth: { action: 'catalog:UpdateEntity', resource: loadByName } },
    schema: { tags, summary: 'Replace an API-managed entity (If-Match: its ETag); location-managed: 409', params: nameParams, body: entityBody },
    handler: async (request, reply) => {
      const row = request.loaded as EntityRow;
      const entity = await catalog.updateEntity(requestContext(request), row.ref, request.body, ifMatchEtag(request.headers['if-match']));
      return reply.header('etag', `"${entity.metadata.etag}"`).send(entity);
    },
  });

  // ---- locations -----------------------------------------------------------------------------------
  app.post(`${BASE}/locations`, {
    config: { auth: { action: 'catalog:CreateLocation', resource: () => platformResource } },
    schema: {
      tags,
      summary: 'Register a location (file path or http(s) URL) and read it now; dryRun=true only reads',
      querystring: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
      body: z.object({ type: z.string().max(20).optional(), target: z.string().min(1).max(2000) }),
    },
    handler: async (request, reply) => {
      const result = await catalog.addLocation(requestContext(request), request.body, request.query.dryRun === 'true');
      return reply.code(201).send(result);
    },
  });

  app.get(`${BASE}/locations`, {
    config: { auth: { action: 'catalog:ListLocations', resource: () => platformResource } },
    schema: { tags, summary: 'List registered locations (Backstage shape: [{data}])' },
    handler: async () => (await catalog.listLocations()).map((data) => ({ data })),
  });

  app.get(`${BASE}/locations/:id`, {
    config: { auth: { action: 'catalog:GetLocation', resource: (r) => ({ type: 'CatalogLocation', id: (r.params as { id: string }).id }) } },
    schema: { tags, summary: 'Get a location, with the problems of its last read', params: z.object({ id: z.string().max(100) }) },
    handler: async (request) => catalog.getLocation(request.params.id),
  });

  app.get(`${BASE}/locations/by-entity/:kind/:namespace/:name`, {
    config: { auth: { action: 'catalog:GetLocation', resource: loadByName } },
    schema: { tags, summary: 'The location that manages an entity', params: nameParams },
    handler: async (request) => catalog.getLocationByEntity((request.loaded as EntityRow).ref),
  });

  app.delete(`${BASE}/locations/:id`, {
    onRequest: tolerateEmptyJson,
    config: { auth: { action: 'catalog:DeleteLocation', resource: (r) => ({ type: 'CatalogLocation', id: (r.params as { id: string }).id }) } },
    schema: { tags, summary: 'Unregister a location and delete its entities', params: z.object({ id: z.string().max(100) }) },
    handler: async (request, reply) => {
      await catalog.deleteLocation(requestContext(request), request.params.id);
      return reply.code(204).send();
    },
  });

  // ---- settings ------------------------------------------------------------------------------------
  const settingsSchema = z.object({
    refreshIntervalSeconds: z.number().int().min(5).max(86_400),
    orphanPolicy: z.enum(['keep', 'delete']),
    orphanGraceMinutes: z.number().int().min(0).max(525_600),
  });
  app.get(`${BASE}/settings`, {
    config: { auth: { action: 'catalog:GetSettings', resource: () => platformResource } },
    schema: { tags, summary: 'Refresh interval and orphan policy', response: { 200: settingsSchema } },
    handler: async () => catalog.settings(),
  });
  app.put(`${BASE}/settings`, {
    config: { auth: { action: 'catalog:UpdateSettings', resource: () => platformResource } },
    schema: { tags, summary: 'Change the refresh interval or the orphan policy (keep, or delete after N minutes)', body: settingsSchema.partial(), response: { 200: settingsSchema } },
    handler: async (request) => catalog.updateSettings(requestContext(request), request.body),
  });
}
