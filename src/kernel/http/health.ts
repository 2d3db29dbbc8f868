// Liveness, readiness, metrics and the OpenAPI document: the public operational routes.
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Db } from '../db/database.js';

export function registerOperationalRoutes(app: FastifyInstance, db: Db, metrics: Registry, isReady: () => boolean): void {
  app.get('/healthz', { config: { auth: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) => {
    try {
      await db.query('SELECT 1');
    } catch (error) {
      request.log.warn({ err: error }, 'database not reachable');
      return reply.code(503).send({ status: 'unavailable', reason: 'database' });
    }
    if (!isReady()) return reply.code(503).send({ status: 'starting' });
    return { status: 'ready' };
  });

  app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    reply.type(metrics.contentType);
    return metrics.metrics();
  });

  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());
}
