// HTTP for the parameter store under /api/v1/params. Names are paths, so they travel in `?name=`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Authorizer } from '../kernel/authz/authorizer.js';
import { InputError, NotFoundError } from '../kernel/errors.js';
import { principalEntityType } from '../kernel/http/context.js';
import { platformResource } from '../kernel/http/route-auth.js';
import { requestContext } from '../kernel/http/security.js';
import { byPathQuerySchema, getParameterQuerySchema, labelBodySchema, parameterNameSchema, putParameterSchema } from './parameters-model.js';
import type { ParameterRow, ParameterService } from './parameters.js';

const nameQuery = z.object({ name: parameterNameSchema });

export function registerParameterRoutes(fastify: FastifyInstance, params: ParameterService, authz: Authorizer): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['params'];
  const nameOf = (request: FastifyRequest) => {
    const parsed = parameterNameSchema.safeParse((request.query as { name?: unknown }).name);
    if (!parsed.success) throw new InputError('invalid parameter name', [{ path: 'query.name', message: parsed.error.issues[0]!.message }]);
    return parsed.data;
  };
  /** The parameter (loaded for its owner); `mayCreate` lets PutParameter name one that does not exist yet. */
  const parameter = (action: string, mayCreate = false) => ({
    auth: {
      action,
      resource: async (request: FastifyRequest) => {
        const name = nameOf(request);
        const row = await params.row(name);
        if (!row && !mayCreate) throw new NotFoundError(`parameter ${name} not found`);
        const owner = row?.owner_group_id ?? (mayCreate ? ((request.body as { owner?: string } | undefined)?.owner ?? null) : null);
        return { type: 'Parameter', id: name, owner, loaded: row };
      },
    },
  });
  const loaded = (request: FastifyRequest) => request.loaded as ParameterRow;

  app.put('/api/v1/params', {
    config: parameter('params:PutParameter', true),
    schema: { tags, summary: 'Create a parameter or add a version (overwrite: true)', querystring: nameQuery, body: putParameterSchema },
    handler: async (request) => params.put(requestContext(request), request.query.name, request.body),
  });
  app.get('/api/v1/params', {
    config: parameter('params:GetParameter'),
    schema: { tags, summary: 'Read a parameter (current, ?version= or ?label=); SecureString values need withDecryption=true', querystring: nameQuery.extend(getParameterQuerySchema.shape) },
    handler: async (request) => params.get(requestContext(request), loaded(request), { version: request.query.version, label: request.query.label }, request.query.withDecryption === 'true'),
  });
  app.delete('/api/v1/params', {
    config: parameter('params:DeleteParameter'),
    schema: { tags, summary: 'Delete a parameter and its history', querystring: nameQuery, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await params.delete(requestContext(request), request.query.name);
      return reply.code(204).send(null);
    },
  });
  app.get('/api/v1/params/history', {
    config: parameter('params:GetParameterHistory'),
    schema: { tags, summary: 'Every version with labels (SecureString values are not shown)', querystring: nameQuery },
    handler: async (request) => ({ items: await params.history(loaded(request)) }),
  });
  app.post('/api/v1/params/labels', {
    config: parameter('params:LabelParameterVersion'),
    schema: { tags, summary: 'Attach labels to a version (a label moves from any other version)', querystring: nameQuery, body: labelBodySchema },
    handler: async (request) => params.label(requestContext(request), loaded(request), request.body.version, request.body.labels),
  });
  app.get('/api/v1/params/by-path', {
    config: { auth: { action: 'params:GetParametersByPath', resource: () => platformResource } },
    schema: { tags, summary: 'Parameters under a path (recursive=true for all levels); only those the caller may read', querystring: byPathQuerySchema },
    handler: async (request) => {
      const ctx = requestContext(request);
      const p = ctx.principal;
      const who = { type: principalEntityType(p), id: p.id, name: p.name, groups: p.groups };
      // Each parameter is authorized on its own, so a path listing never reveals what GetParameter would hide.
      const visible = (row: ParameterRow) => authz.isAuthorized(who, 'params:GetParameter', { type: 'Parameter', id: row.name, owner: row.owner_group_id }).allowed;
      return { items: await params.byPath(ctx, request.query.path, request.query.recursive === 'true', request.query.withDecryption === 'true', visible) };
    },
  });
}
