// HTTP for browsing a repository (portal file browser, API clients): branches, commits, tree, blob, README.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ResourceDescriptor } from '../kernel/authz/authorizer.js';
import { blob, branches, commits, readme, tree } from './browse.js';
import { repoParams } from './model.js';
import type { GitService } from './service.js';
import type { RepositoryRow } from './store.js';

const blobSchema = z.object({ path: z.string(), size: z.number(), binary: z.boolean(), content: z.string().nullable(), truncated: z.boolean() });
const refQuery = z.object({ ref: z.string().max(250).optional(), path: z.string().max(4096).optional() });

export function registerBrowseRoutes(fastify: FastifyInstance, git: GitService, repository: (r: FastifyRequest) => Promise<ResourceDescriptor & { loaded?: unknown }>): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['git'];
  const access = { auth: { action: 'git:Read', resource: repository } };
  const where = (request: FastifyRequest) => {
    const row = request.loaded as RepositoryRow;
    return { path: git.path(row.owner, row.name), defaultBranch: row.default_branch };
  };

  app.get('/api/v1/git/repos/:owner/:name/branches', {
    config: access,
    schema: {
      tags,
      summary: 'Branches, most recently changed first',
      params: repoParams,
      response: { 200: z.object({ items: z.array(z.object({ name: z.string(), commit: z.string(), date: z.string(), subject: z.string() })) }) },
    },
    handler: async (request) => ({ items: await branches(where(request).path) }),
  });

  app.get('/api/v1/git/repos/:owner/:name/commits', {
    config: access,
    schema: {
      tags,
      summary: 'Recent commits of a ref (default branch by default), optionally touching a path',
      params: repoParams,
      querystring: refQuery.extend({ limit: z.coerce.number().int().min(1).max(200).default(30) }),
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), author: z.string(), email: z.string(), date: z.string(), subject: z.string() })) }) },
    },
    handler: async (request) => {
      const w = where(request);
      return { items: await commits(w.path, request.query.ref ?? w.defaultBranch, request.query.path, request.query.limit) };
    },
  });

  app.get('/api/v1/git/repos/:owner/:name/tree', {
    config: access,
    schema: {
      tags,
      summary: 'A directory listing at a ref',
      params: repoParams,
      querystring: refQuery,
      response: {
        200: z.object({
          items: z.array(z.object({ name: z.string(), path: z.string(), type: z.enum(['blob', 'tree', 'commit']), mode: z.string(), size: z.number().nullable() })),
        }),
      },
    },
    handler: async (request) => {
      const w = where(request);
      return { items: await tree(w.path, request.query.ref ?? w.defaultBranch, request.query.path) };
    },
  });

  app.get('/api/v1/git/repos/:owner/:name/blob', {
    config: access,
    schema: { tags, summary: 'A file at a ref (text up to 1 MiB)', params: repoParams, querystring: refQuery, response: { 200: blobSchema } },
    handler: async (request) => {
      const w = where(request);
      return blob(w.path, request.query.ref ?? w.defaultBranch, request.query.path ?? '');
    },
  });

  app.get('/api/v1/git/repos/:owner/:name/readme', {
    config: access,
    schema: { tags, summary: 'The README at the top of a ref, as stored (Markdown is rendered by the portal)', params: repoParams, querystring: refQuery, response: { 200: z.object({ readme: blobSchema.nullable() }) } },
    handler: async (request) => {
      const w = where(request);
      return { readme: (await readme(w.path, request.query.ref ?? w.defaultBranch)) ?? null };
    },
  });
}
