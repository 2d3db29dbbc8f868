// HTTP for identity: /api/v1/iam/* and /api/v1/auth/*. Schemas, status codes and access declarations
// only; the logic is in the services.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotAllowedError, NotFoundError } from '../kernel/errors.js';
import { principalEntityType, type Principal } from '../kernel/http/context.js';
import { platformResource } from '../kernel/http/route-auth.js';
import { CSRF_HEADER, requestContext, SESSION_COOKIE, sessionCookie } from '../kernel/http/security.js';
import { decodeCursor, etag, expectedVersion, isString, pageQuerySchema } from '../kernel/pagination.js';
import {
  createGroupSchema,
  createServiceAccountSchema,
  createTokenSchema,
  createUserSchema,
  createdTokenSchema,
  groupSchema,
  loginSchema,
  memberSchema,
  nameSchema,
  pageSchema,
  policyIdSchema,
  policySchema,
  putPolicySchema,
  serviceAccountSchema,
  tokenSchema,
  updateGroupSchema,
  updateUserSchema,
  userSchema,
  whoamiSchema,
} from './model.js';
import type { PolicyService } from './policies.js';
import type { IdentityService } from './service.js';
import { SESSION_HOURS, type SessionService } from './sessions.js';
import { serviceAccountStore } from './store.js';
import type { Db } from '../kernel/db/database.js';

export interface IamRouteDeps {
  db: Db;
  identity: IdentityService;
  sessions: SessionService;
  policies: PolicyService;
}

const idParam = z.object({ id: nameSchema });
const tokenParams = z.object({ id: nameSchema, tokenId: z.string().min(1).max(100) });

function whoami(p: Principal) {
  return { type: p.type, id: p.id, name: p.name, groups: p.groups, via: p.via, ...(p.csrfToken ? { csrfToken: p.csrfToken } : {}) };
}

/** The principal that owns the tokens at /users/:id/tokens or /service-accounts/:id/tokens. */
const tokenOwner = (type: 'user' | 'service') => async (request: FastifyRequest) => {
  const { id } = request.params as { id: string };
  if (type === 'service') {
    const sa = await serviceAccountStore.get(deps(request).db, id);
    if (!sa) throw new NotFoundError(`service account ${id} not found`);
    return { type: 'ServiceAccount', id, owner: sa.owner_group_id };
  }
  return { type: 'User', id };
};

// Route resource loaders need the store; the deps are attached to the app once at registration.
const depsKey = Symbol('iam-deps');
function deps(request: FastifyRequest): IamRouteDeps {
  return (request.server as unknown as Record<symbol, IamRouteDeps>)[depsKey]!;
}

export function registerIamRoutes(fastify: FastifyInstance, d: IamRouteDeps): void {
  (fastify as unknown as Record<symbol, IamRouteDeps>)[depsKey] = d;
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { identity, sessions, policies } = d;
  const tags = ['iam'];

  // ---- sign-in ----------------------------------------------------------------------------------
  app.post('/api/v1/auth/login', {
    config: { auth: 'public' },
    schema: { tags: ['auth'], summary: 'Sign in to the portal with a password or an API token', body: loginSchema, response: { 200: whoamiSchema } },
    handler: async (request, reply) => {
      const meta = { requestId: request.id, sourceIp: request.ip };
      const body = request.body;
      const result = 'token' in body ? await sessions.signInWithToken(body.token, meta) : await sessions.signInWithPassword(body.username, body.password, meta);
      setSessionCookie(request, reply, result.sessionId, SESSION_HOURS * 3600);
      return whoami(result.principal);
    },
  });

  app.post('/api/v1/auth/logout', {
    config: { auth: 'public' },
    schema: { tags: ['auth'], summary: 'Sign out of the portal', response: { 204: z.null() } },
    handler: async (request, reply) => {
      const session = sessionCookie(request);
      if (session) {
        // Signing out is a write: a cross-site page must not be able to sign a user out either.
        if (request.principal?.via === 'session' && request.headers[CSRF_HEADER] !== request.principal.csrfToken) {
          throw new NotAllowedError(`cookie-authenticated writes must send the ${CSRF_HEADER} header from sign-in`);
        }
        await sessions.signOut(session);
      }
      setSessionCookie(request, reply, '', 0);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/iam/whoami', {
    config: { auth: { action: 'iam:WhoAmI', resource: (r) => ({ type: principalEntityType(r.principal!), id: r.principal!.id }) } },
    schema: { tags, summary: 'Who the caller is, with groups', response: { 200: whoamiSchema } },
    handler: async (request) => whoami(request.principal!),
  });

  // ---- users ------------------------------------------------------------------------------------
  app.get('/api/v1/iam/users', {
    config: { auth: { action: 'iam:ListUsers', resource: () => platformResource } },
    schema: { tags, summary: 'List users', querystring: pageQuerySchema, response: { 200: pageSchema(userSchema) } },
    handler: async (request) => identity.listUsers(decodeCursor(request.query.cursor, isString), request.query.limit),
  });
  app.post('/api/v1/iam/users', {
    config: { auth: { action: 'iam:CreateUser', resource: () => platformResource }, idempotent: true },
    schema: { tags, summary: 'Create a user', body: createUserSchema, response: { 201: userSchema } },
    handler: async (request, reply) => reply.code(201).send(await identity.createUser(requestContext(request), request.body)),
  });
  app.get('/api/v1/iam/users/:id', {
    config: { auth: { action: 'iam:GetUser', resource: (r) => ({ type: 'User', id: (r.params as { id: string }).id }) } },
    schema: { tags, summary: 'Get a user', params: idParam, response: { 200: userSchema } },
    handler: async (request, reply) => {
      const user = await identity.getUser(request.params.id);
      return reply.header('etag', etag(user.version)).send(user);
    },
  });
  app.patch('/api/v1/iam/users/:id', {
    config: { auth: { action: 'iam:UpdateUser', resource: (r) => ({ type: 'User', id: (r.params as { id: string }).id }) } },
    schema: { tags, summary: 'Update a user (If-Match for optimistic concurrency)', params: idParam, body: updateUserSchema, response: { 200: userSchema } },
    handler: async (request, reply) => {
      const user = await identity.updateUser(requestContext(request), request.params.id, request.body, expectedVersion(request.headers['if-match']));
      return reply.header('etag', etag(user.version)).send(user);
    },
  });
  app.delete('/api/v1/iam/users/:id', {
    config: { auth: { action: 'iam:DeleteUser', resource: (r) => ({ type: 'User', id: (r.params as { id: string }).id }) } },
    schema: { tags, summary: 'Delete a user and revoke their tokens', params: idParam, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await identity.deleteUser(requestContext(request), request.params.id);
      return reply.code(204).send(null);
    },
  });

  // ---- groups -----------------------------------------------------------------------------------
  app.get('/api/v1/iam/groups', {
    config: { auth: { action: 'iam:ListGroups', resource: () => platformResource } },
    schema: { tags, summary: 'List groups', querystring: pageQuerySchema, response: { 200: pageSchema(groupSchema) } },
    handler: async (request) => identity.listGroups(decodeCursor(request.query.cursor, isString), request.query.limit),
  });
  app.post('/api/v1/iam/groups', {
    config: { auth: { action: 'iam:CreateGroup', resource: () => platformResource }, idempotent: true },
    schema: { tags, summary: 'Create a group', body: createGroupSchema, response: { 201: groupSchema } },
    handler: async (request, reply) => reply.code(201).send(await identity.createGroup(requestContext(request), request.body)),
  });
  const groupResource = (r: FastifyRequest) => ({ type: 'Group', id: (r.params as { id: string }).id });
  app.get('/api/v1/iam/groups/:id', {
    config: { auth: { action: 'iam:GetGroup', resource: groupResource } },
    schema: { tags, summary: 'Get a group with its direct members', params: idParam, response: { 200: groupSchema } },
    handler: async (request, reply) => {
      const group = await identity.getGroup(request.params.id);
      return reply.header('etag', etag(group.version)).send(group);
    },
  });
  app.patch('/api/v1/iam/groups/:id', {
    config: { auth: { action: 'iam:UpdateGroup', resource: groupResource } },
    schema: { tags, summary: 'Update a group', params: idParam, body: updateGroupSchema, response: { 200: groupSchema } },
    handler: async (request) =>
      identity.updateGroup(requestContext(request), request.params.id, request.body.description ?? null, expectedVersion(request.headers['if-match'])),
  });
  app.delete('/api/v1/iam/groups/:id', {
    config: { auth: { action: 'iam:DeleteGroup', resource: groupResource } },
    schema: { tags, summary: 'Delete a group', params: idParam, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await identity.deleteGroup(requestContext(request), request.params.id);
      return reply.code(204).send(null);
    },
  });
  app.post('/api/v1/iam/groups/:id/members', {
    config: { auth: { action: 'iam:AddGroupMember', resource: groupResource } },
    schema: { tags, summary: 'Add a user, service account or group to a group', params: idParam, body: memberSchema, response: { 200: groupSchema } },
    handler: async (request) => identity.addMember(requestContext(request), request.params.id, request.body),
  });
  app.delete('/api/v1/iam/groups/:id/members/:type/:member', {
    config: { auth: { action: 'iam:RemoveGroupMember', resource: groupResource } },
    schema: {
      tags,
      summary: 'Remove a member from a group',
      params: z.object({ id: nameSchema, type: memberSchema.shape.type, member: nameSchema }),
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await identity.removeMember(requestContext(request), request.params.id, { type: request.params.type, id: request.params.member });
      return reply.code(204).send(null);
    },
  });

  // ---- service accounts -------------------------------------------------------------------------
  app.get('/api/v1/iam/service-accounts', {
    config: { auth: { action: 'iam:ListServiceAccounts', resource: () => platformResource } },
    schema: { tags, summary: 'List service accounts', querystring: pageQuerySchema, response: { 200: pageSchema(serviceAccountSchema) } },
    handler: async (request) => identity.listServiceAccounts(decodeCursor(request.query.cursor, isString), request.query.limit),
  });
  app.post('/api/v1/iam/service-accounts', {
    config: { auth: { action: 'iam:CreateServiceAccount', resource: () => platformResource }, idempotent: true },
    schema: { tags, summary: 'Create a service account', body: createServiceAccountSchema, response: { 201: serviceAccountSchema } },
    handler: async (request, reply) => reply.code(201).send(await identity.createServiceAccount(requestContext(request), request.body)),
  });
  const saResource = tokenOwner('service');
  app.get('/api/v1/iam/service-accounts/:id', {
    config: { auth: { action: 'iam:GetServiceAccount', resource: saResource } },
    schema: { tags, summary: 'Get a service account', params: idParam, response: { 200: serviceAccountSchema } },
    handler: async (request) => identity.getServiceAccount(request.params.id),
  });
  app.delete('/api/v1/iam/service-accounts/:id', {
    config: { auth: { action: 'iam:DeleteServiceAccount', resource: saResource } },
    schema: { tags, summary: 'Delete a service account and revoke its tokens', params: idParam, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await identity.deleteServiceAccount(requestContext(request), request.params.id);
      return reply.code(204).send(null);
    },
  });

  // ---- tokens (of a user or of a service account) -----------------------------------------------
  for (const [type, base] of [
    ['user', '/api/v1/iam/users/:id/tokens'],
    ['service', '/api/v1/iam/service-accounts/:id/tokens'],
  ] as const) {
    const owner = tokenOwner(type);
    app.get(base, {
      config: { auth: { action: 'iam:ListTokens', resource: owner } },
      schema: { tags, summary: `List the API tokens of a ${type === 'user' ? 'user' : 'service account'} (never their secrets)`, params: idParam, response: { 200: z.object({ items: z.array(tokenSchema) }) } },
      handler: async (request) => ({ items: await identity.listTokens({ type, id: request.params.id }) }),
    });
    app.post(base, {
      config: { auth: { action: 'iam:CreateToken', resource: owner }, idempotent: true },
      schema: { tags, summary: 'Create an API token; the secret is in this response only', params: idParam, body: createTokenSchema, response: { 201: createdTokenSchema } },
      handler: async (request, reply) => reply.code(201).send(await identity.createToken(requestContext(request), { type, id: request.params.id }, request.body)),
    });
    app.delete(`${base}/:tokenId`, {
      config: { auth: { action: 'iam:RevokeToken', resource: owner } },
      schema: { tags, summary: 'Revoke an API token', params: tokenParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await identity.revokeToken(requestContext(request), { type, id: request.params.id }, request.params.tokenId);
        return reply.code(204).send(null);
      },
    });
  }

  // ---- policies ---------------------------------------------------------------------------------
  const policyParams = z.object({ id: policyIdSchema });
  app.get('/api/v1/iam/policies', {
    config: { auth: { action: 'iam:ListPolicies', resource: () => platformResource } },
    schema: { tags, summary: 'List Cedar policies (built-in and stored)', response: { 200: z.object({ items: z.array(policySchema), schema: z.string() }) } },
    handler: async (request) => ({ items: await policies.list(), schema: request.server.authzSchema }),
  });
  app.get('/api/v1/iam/policies/:id', {
    config: { auth: { action: 'iam:GetPolicy', resource: (r) => ({ type: 'Policy', id: (r.params as { id: string }).id }) } },
    schema: { tags, summary: 'Get a Cedar policy', params: policyParams, response: { 200: policySchema } },
    handler: async (request) => policies.get(request.params.id),
  });
  app.put('/api/v1/iam/policies/:id', {
    config: { auth: { action: 'iam:PutPolicy', resource: () => platformResource } },
    schema: { tags, summary: 'Create or replace a Cedar policy; it is validated against the schema first', params: policyParams, body: putPolicySchema, response: { 200: policySchema } },
    handler: async (request) => policies.put(requestContext(request), request.params.id, request.body, expectedVersion(request.headers['if-match'])),
  });
  app.delete('/api/v1/iam/policies/:id', {
    config: { auth: { action: 'iam:DeletePolicy', resource: (r) => ({ type: 'Policy', id: (r.params as { id: string }).id }) } },
    schema: { tags, summary: 'Delete a stored Cedar policy', params: policyParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await policies.delete(requestContext(request), request.params.id);
      return reply.code(204).send(null);
    },
  });
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https';
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`,
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The Cedar schema text, shown to policy authors. */
    authzSchema: string;
  }
}
