// HTTP for git hosting's API: /api/v1/git/*. Schemas, status codes and access declarations only.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Authorizer } from '../kernel/authz/authorizer.js';
import { NotFoundError } from '../kernel/errors.js';
import { platformResource } from '../kernel/http/route-auth.js';
import { requestContext } from '../kernel/http/security.js';
import { decodeCursor, encodeCursor, pageQuerySchema } from '../kernel/pagination.js';
import { allows, repositoryResource } from './access.js';
import { registerBrowseRoutes } from './browse-routes.js';
import { createOverrideSchema, createRepositorySchema, overrideSchema, protectionRuleSchema, putProtectionSchema, repoParams, repositorySchema, slugSchema } from './model.js';
import type { GitService } from './service.js';
import type { RepositoryRow } from './store.js';

const listQuery = pageQuerySchema.extend({ owner: slugSchema.optional() });
const isKey = (v: unknown): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string');

/** Resource loader for routes on one repository: reads the row so Cedar sees its owner and visibility. */
export function loadRepository(git: GitService) {
  return async (request: FastifyRequest) => {
    const { owner, name } = request.params as { owner: string; name: string };
    const row = typeof owner === 'string' && typeof name === 'string' ? await git.row(owner, name) : undefined;
    if (!row) throw new NotFoundError(`repository ${owner}/${name} not found`);
    return { ...repositoryResource(row.owner, row.name, row), loaded: row };
  };
}

export function registerGitRoutes(fastify: FastifyInstance, git: GitService, authz: Authorizer): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['git'];
  const repository = loadRepository(git);

  app.get('/api/v1/git/repos', {
    config: { auth: { action: 'git:ListRepositories', resource: () => platformResource } },
    schema: { tags, summary: 'List the repositories you may read', querystring: listQuery, response: { 200: z.object({ items: z.array(repositorySchema), nextCursor: z.string().nullable() }) } },
    handler: async (request) => {
      const { limit, cursor, owner } = request.query;
      const rows = await git.list(decodeCursor(cursor, isKey), limit, owner);
      const visible = rows.filter((r) => allows(authz, request.principal, 'git:Read', r));
      const last = rows.at(-1);
      return {
        items: await Promise.all(visible.map((r) => git.present(r))),
        nextCursor: rows.length === limit && last ? encodeCursor([last.owner, last.name]) : null,
      };
    },
  });

  app.post('/api/v1/git/repos', {
    config: {
      auth: {
        action: 'git:CreateRepository',
        // Members of the owning group may create its repositories. Runs before validation, so a body
        // without an owner is checked against the platform (admins only) and then fails validation.
        resource: (request) => {
          const body = request.body as { owner?: unknown; name?: unknown } | undefined;
          if (typeof body?.owner !== 'string' || typeof body.name !== 'string') return platformResource;
          return repositoryResource(body.owner, body.name);
        },
      },
      idempotent: true,
    },
    schema: { tags, summary: 'Create a repository', body: createRepositorySchema, response: { 201: repositorySchema } },
    handler: async (request, reply) => {
      const created = await git.create(requestContext(request), request.body);
      return reply.code(201).header('location', `/api/v1/git/repos/${created.owner}/${created.name}`).send(created);
    },
  });

  app.get('/api/v1/git/repos/:owner/:name', {
    config: { auth: { action: 'git:Read', resource: repository } },
    schema: { tags, summary: 'Get a repository', params: repoParams, response: { 200: repositorySchema } },
    handler: async (request) => git.present(request.loaded as RepositoryRow),
  });

  app.delete('/api/v1/git/repos/:owner/:name', {
    config: { auth: { action: 'git:Admin', resource: repository } },
    schema: { tags, summary: 'Delete a repository and everything in it', params: repoParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await git.delete(requestContext(request), request.params.owner, request.params.name);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/git/repos/:owner/:name/protection', {
    config: { auth: { action: 'git:Read', resource: repository } },
    schema: { tags, summary: 'Branch protection rules', params: repoParams, response: { 200: z.object({ rules: z.array(protectionRuleSchema) }) } },
    handler: async (request) => ({ rules: await git.protection(request.params.owner, request.params.name) }),
  });

  app.put('/api/v1/git/repos/:owner/:name/protection', {
    config: { auth: { action: 'git:Admin', resource: repository } },
    schema: { tags, summary: 'Replace the branch protection rules', params: repoParams, body: putProtectionSchema, response: { 200: z.object({ rules: z.array(protectionRuleSchema) }) } },
    handler: async (request) => ({ rules: await git.putProtection(requestContext(request), request.params.owner, request.params.name, request.body.rules) }),
  });

  app.post('/api/v1/git/repos/:owner/:name/push-overrides', {
    config: { auth: { action: 'git:Admin', resource: repository } },
    schema: {
      tags,
      summary: 'Allow one push past the secrets check (admins; audited; valid ten minutes)',
      params: repoParams,
      body: createOverrideSchema,
      response: { 201: overrideSchema },
    },
    handler: async (request, reply) => reply.code(201).send(await git.createOverride(requestContext(request), request.params.owner, request.params.name, request.body.reason)),
  });

  registerBrowseRoutes(fastify, git, repository);
}
