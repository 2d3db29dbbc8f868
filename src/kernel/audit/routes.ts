// GET /api/v1/audit (filtered listing) and GET /api/v1/audit/verify (chain and signature check).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../pagination.js';
import type { AuditLog } from './audit-log.js';

const auditResource = () => ({ type: 'AuditLog', id: 'paved' });

export const auditRecordSchema = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  resource: z.string(),
  outcome: z.string(),
  requestId: z.string().nullable(),
  sourceIp: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

export const verifyReportSchema = z.object({
  ok: z.boolean(),
  records: z.number(),
  digests: z.number(),
  lastSeq: z.number(),
  problems: z.array(z.object({ seq: z.number(), kind: z.string(), message: z.string() })),
});

export function registerAuditRoutes(fastify: FastifyInstance, audit: AuditLog, trustedKeys: () => KeyObject[]): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/audit', {
    config: { auth: { action: 'audit:List', resource: auditResource } },
    schema: {
      tags: ['audit'],
      summary: 'List audit records, newest first',
      querystring: z.object({
        actor: z.string().max(300).optional(),
        action: z.string().max(300).optional().describe('exact, or a prefix ending in * (iam:*)'),
        resource: z.string().max(300).optional(),
        outcome: z.enum(['success', 'denied', 'failure']).optional(),
        since: z.coerce.date().optional(),
        until: z.coerce.date().optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        cursor: z.string().max(100).optional(),
      }),
      response: { 200: z.object({ items: z.array(auditRecordSchema), nextCursor: z.string().nullable() }) },
    },
    handler: async (request) => {
      const q = request.query;
      const before = decodeCursor(q.cursor, (v): v is number => typeof v === 'number');
      const records = await audit.list({ ...q, before, limit: q.limit + 1 });
      const items = records.slice(0, q.limit).map((r) => ({ ...r, at: r.at.toISOString() }));
      return { items, nextCursor: records.length > q.limit ? encodeCursor(items[items.length - 1]!.seq) : null };
    },
  });
  app.get('/api/v1/audit/verify', {
    config: { auth: { action: 'audit:Verify', resource: auditResource } },
    schema: { tags: ['audit'], summary: 'Verify the hash chain and the signed digests', response: { 200: verifyReportSchema } },
    handler: async () => audit.verify(trustedKeys()),
  });
}
