// HTTP for secrets under /api/v1/secrets. Names contain slashes (`prod/payments/db`): clients send
// them URL-encoded as one path segment (prod%2Fpayments%2Fdb). Values appear only in the value routes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { platformResource } from '../kernel/http/route-auth.js';
import { requestContext } from '../kernel/http/security.js';
import { decodeCursor, encodeCursor, isString, pageQuerySchema } from '../kernel/pagination.js';
import { createSecretSchema, deleteQuerySchema, getValueQuerySchema, moveLabelSchema, policyBodySchema, putValueSchema, rotationConfigSchema, secretNameSchema, tagSchema, untagSchema, updateSecretSchema } from './model.js';
import type { RotationService } from './rotation/service.js';
import type { SecretsService } from './service.js';
import type { SecretRow } from './store.js';

const params = z.object({ name: secretNameSchema });

export function registerSecretRoutes(fastify: FastifyInstance, secrets: SecretsService, rotation: RotationService): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['secrets'];
  /** Loads the secret (the handler gets it as request.loaded) and tells Cedar its owner group. */
  const secret = (action: string) => ({
    auth: {
      action,
      resource: async (request: FastifyRequest) => {
        const row = await secrets.row(String((request.params as { name?: unknown }).name ?? ''));
        return { type: 'Secret', id: row.name, owner: row.owner_group_id, loaded: row };
      },
    },
  });
  const loaded = (request: FastifyRequest) => request.loaded as SecretRow;

  app.post('/api/v1/secrets', {
    config: { auth: { action: 'secrets:CreateSecret', resource: () => platformResource }, idempotent: true },
    schema: { tags, summary: 'Create a secret (optionally with its first value)', body: createSecretSchema },
    handler: async (request, reply) => reply.code(201).send(await secrets.create(requestContext(request), request.body)),
  });
  app.get('/api/v1/secrets', {
    config: { auth: { action: 'secrets:ListSecrets', resource: () => platformResource } },
    schema: { tags, summary: 'List secrets (metadata only, never values)', querystring: pageQuerySchema.extend({ includeDeleted: z.enum(['true', 'false']).optional() }) },
    handler: async (request) => {
      const page = await secrets.list(decodeCursor(request.query.cursor, isString), request.query.limit, request.query.includeDeleted === 'true');
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  });
  app.get('/api/v1/secrets/:name', {
    config: secret('secrets:DescribeSecret'),
    schema: { tags, summary: 'Describe a secret: metadata, versions and labels, rotation state', params },
    handler: async (request) => secrets.describe(requestContext(request), loaded(request)),
  });
  app.patch('/api/v1/secrets/:name', {
    config: secret('secrets:UpdateSecret'),
    schema: { tags, summary: 'Change the description or the KMS key of new versions', params, body: updateSecretSchema },
    handler: async (request) => secrets.update(requestContext(request), loaded(request), request.body),
  });
  app.delete('/api/v1/secrets/:name', {
    config: secret('secrets:DeleteSecret'),
    schema: { tags, summary: 'Delete with a 7–30 day recovery window (default 30), or at once with forceDeleteWithoutRecovery=true', params, querystring: deleteQuerySchema },
    handler: async (request) => secrets.delete(requestContext(request), loaded(request), { recoveryWindowInDays: request.query.recoveryWindowInDays, force: request.query.forceDeleteWithoutRecovery === 'true' }),
  });
  app.post('/api/v1/secrets/:name/restore', {
    config: secret('secrets:RestoreSecret'),
    schema: { tags, summary: 'Cancel a scheduled deletion', params },
    handler: async (request) => secrets.restore(requestContext(request), loaded(request)),
  });

  app.get('/api/v1/secrets/:name/value', {
    config: secret('secrets:GetSecretValue'),
    schema: { tags, summary: 'Read a value (CURRENT by default; by versionId or versionStage). Audited.', params, querystring: getValueQuerySchema },
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return secrets.getValue(requestContext(request), loaded(request), request.query);
    },
  });
  app.put('/api/v1/secrets/:name/value', {
    config: secret('secrets:PutSecretValue'),
    schema: { tags, summary: 'Store a new version (labelled CURRENT unless versionStages says otherwise)', params, body: putValueSchema },
    handler: async (request) => secrets.putValue(requestContext(request), loaded(request), request.body),
  });
  app.post('/api/v1/secrets/:name/stages', {
    config: secret('secrets:UpdateSecretVersionStage'),
    schema: { tags, summary: 'Move or remove a staging label', params, body: moveLabelSchema, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await secrets.updateLabel(requestContext(request), loaded(request), request.body);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/secrets/:name/tags', {
    config: secret('secrets:TagResource'),
    schema: { tags, summary: 'Add or change tags', params, body: tagSchema },
    handler: async (request) => secrets.tag(requestContext(request), loaded(request), request.body.tags),
  });
  app.post('/api/v1/secrets/:name/untag', {
    config: secret('secrets:TagResource'),
    schema: { tags, summary: 'Remove tags', params, body: untagSchema },
    handler: async (request) => secrets.tag(requestContext(request), loaded(request), {}, request.body.keys),
  });

  app.get('/api/v1/secrets/:name/policy', {
    config: secret('secrets:GetResourcePolicy'),
    schema: { tags, summary: "The secret's Cedar resource policy", params },
    handler: async (request) => ({ name: loaded(request).name, policy: loaded(request).policy }),
  });
  app.put('/api/v1/secrets/:name/policy', {
    config: secret('secrets:PutResourcePolicy'),
    schema: { tags, summary: 'Set the Cedar resource policy (validated against the Paved schema)', params, body: policyBodySchema, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await secrets.putPolicy(requestContext(request), loaded(request), request.body.policy);
      return reply.code(204).send(null);
    },
  });
  app.delete('/api/v1/secrets/:name/policy', {
    config: secret('secrets:DeleteResourcePolicy'),
    schema: { tags, summary: 'Remove the resource policy', params, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await secrets.deletePolicy(requestContext(request), loaded(request));
      return reply.code(204).send(null);
    },
  });

  app.put('/api/v1/secrets/:name/rotation', {
    config: secret('secrets:RotateSecret'),
    schema: { tags, summary: 'Configure rotation: rotator, schedule (rate(…) or cron(…)), rotator config', params, body: rotationConfigSchema },
    handler: async (request) => rotation.configure(requestContext(request), loaded(request), request.body),
  });
  app.delete('/api/v1/secrets/:name/rotation', {
    config: secret('secrets:RotateSecret'),
    schema: { tags, summary: 'Turn scheduled rotation off', params, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await rotation.cancelSchedule(requestContext(request), loaded(request));
      return reply.code(204).send(null);
    },
  });
  app.post('/api/v1/secrets/:name/rotate', {
    config: secret('secrets:RotateSecret'),
    schema: { tags, summary: 'Rotate now (asynchronous: watch describe or /rotation/history)', params },
    handler: async (request, reply) => reply.code(202).send(await rotation.rotateNow(requestContext(request), loaded(request))),
  });
  app.get('/api/v1/secrets/:name/rotation/history', {
    config: secret('secrets:DescribeSecret'),
    schema: { tags, summary: 'Recent rotation outcomes with their errors', params },
    handler: async (request) => {
      await secrets.gate(requestContext(request), loaded(request), 'secrets:DescribeSecret', true);
      return { items: await secrets.rotationHistory(loaded(request).name) };
    },
  });
}
