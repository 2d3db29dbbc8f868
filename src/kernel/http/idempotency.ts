// Idempotency-Key on creates (routes with `config.idempotent`): the first successful response for a
// (principal, key) pair is stored and replayed for 24 hours, so a client retrying after a timeout does
// not create twice. Reusing a key for a different request is refused.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.js';
import { ConflictError, InputError } from '../errors.js';
import { actorName } from './context.js';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

export function installIdempotency(app: FastifyInstance, db: Db): void {
  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config?.idempotent) return;
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new InputError('Idempotency-Key must be 1-200 letters, digits, ".", "_", ":" or "-"', [{ path: 'header.idempotency-key', message: 'invalid' }]);
    }
    const { rows } = await db.query<{ method: string; path: string; status: number; body: unknown }>(
      `SELECT method, path, status, body FROM idempotency_keys WHERE principal = $1 AND key = $2 AND created_at > now() - interval '24 hours'`,
      [actorName(request.principal), key],
    );
    const stored = rows[0];
    if (!stored) return;
    if (stored.method !== request.method || stored.path !== request.url) {
      throw new ConflictError(`Idempotency-Key ${key} was used for ${stored.method} ${stored.path}`);
    }
    reply.header('idempotent-replayed', 'true');
    return reply.code(stored.status).send(stored.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.headers['idempotency-key'];
    if (!request.routeOptions.config?.idempotent || typeof key !== 'string' || reply.getHeader('idempotent-replayed')) return payload;
    if (reply.statusCode < 200 || reply.statusCode >= 300 || typeof payload !== 'string') return payload;
    await db.query(
      `INSERT INTO idempotency_keys (principal, key, method, path, status, body) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (principal, key) DO UPDATE SET method = EXCLUDED.method, path = EXCLUDED.path, status = EXCLUDED.status,
         body = EXCLUDED.body, created_at = now() WHERE idempotency_keys.created_at <= now() - interval '24 hours'`,
      [actorName(request.principal), key, request.method, request.url, reply.statusCode, payload],
    );
    return payload;
  });
}
