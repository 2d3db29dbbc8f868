// HTTP for KMS under /api/v1/kms. Administration actions (create, enable, rotate, schedule deletion,
// aliases) are separate Cedar actions from use actions (encrypt, decrypt, sign, …), as AWS recommends.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InputError } from '../kernel/errors.js';
import { platformResource } from '../kernel/http/route-auth.js';
import { requestContext } from '../kernel/http/security.js';
import { decodeCursor, isString, pageQuerySchema } from '../kernel/pagination.js';
import { aliasNameSchema, aliasSchema, createKeySchema, dataKeySchema, decryptSchema, encryptSchema, keyRefSchema, keySchema, scheduleDeletionSchema, signSchema, updateKeySchema, verifySchema } from './model.js';
import type { KmsService } from './service.js';

const params = z.object({ keyId: keyRefSchema });
const b64 = (b: Buffer) => b.toString('base64');
const buf = (s: string) => Buffer.from(s, 'base64');

export function registerKmsRoutes(fastify: FastifyInstance, kms: KmsService): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['kms'];
  /** The key a route acts on, with its owner group (members of the owner may administer it). */
  const key = async (request: FastifyRequest) => {
    const { keyId } = request.params as { keyId: string };
    const parsed = keyRefSchema.safeParse(keyId);
    if (!parsed.success) throw new InputError('invalid key id', [{ path: 'params.keyId', message: parsed.error.issues[0]!.message }]);
    const row = await kms.row(keyId);
    return { type: 'KmsKey', id: row.id, owner: row.owner_group_id };
  };
  const keyAuth = (action: string) => ({ auth: { action, resource: key } });

  app.post('/api/v1/kms/keys', {
    config: { auth: { action: 'kms:CreateKey', resource: () => platformResource }, idempotent: true },
    schema: { tags, summary: 'Create a customer key', body: createKeySchema, response: { 201: keySchema } },
    handler: async (request, reply) => reply.code(201).send(await kms.createKey(requestContext(request), request.body)),
  });
  app.get('/api/v1/kms/keys', {
    config: { auth: { action: 'kms:ListKeys', resource: () => platformResource } },
    schema: { tags, summary: 'List keys', querystring: pageQuerySchema },
    handler: async (request) => kms.list(decodeCursor(request.query.cursor, isString), request.query.limit).then((p) => ({ items: p.items, nextCursor: p.nextCursor ? Buffer.from(JSON.stringify(p.nextCursor)).toString('base64url') : null })),
  });
  app.get('/api/v1/kms/keys/:keyId', {
    config: keyAuth('kms:DescribeKey'),
    schema: { tags, summary: 'Describe a key', params, response: { 200: keySchema } },
    handler: async (request) => kms.describe(request.params.keyId),
  });
  app.patch('/api/v1/kms/keys/:keyId', {
    config: keyAuth('kms:UpdateKey'),
    schema: { tags, summary: 'Enable, disable, describe or set the rotation period of a key', params, body: updateKeySchema, response: { 200: keySchema } },
    handler: async (request) => kms.update(requestContext(request), request.params.keyId, request.body),
  });
  app.post('/api/v1/kms/keys/:keyId/rotate', {
    config: keyAuth('kms:RotateKey'),
    schema: { tags, summary: 'Rotate a key now (adds a version)', params, response: { 200: keySchema } },
    handler: async (request) => kms.rotate(requestContext(request), request.params.keyId),
  });
  app.post('/api/v1/kms/keys/:keyId/schedule-deletion', {
    config: keyAuth('kms:ScheduleKeyDeletion'),
    schema: { tags, summary: 'Schedule deletion after a 7–30 day window', params, body: scheduleDeletionSchema, response: { 200: keySchema } },
    handler: async (request) => kms.scheduleDeletion(requestContext(request), request.params.keyId, request.body.pendingWindowInDays),
  });
  app.post('/api/v1/kms/keys/:keyId/cancel-deletion', {
    config: keyAuth('kms:CancelKeyDeletion'),
    schema: { tags, summary: 'Cancel a scheduled deletion (the key stays Disabled)', params, response: { 200: keySchema } },
    handler: async (request) => kms.cancelDeletion(requestContext(request), request.params.keyId),
  });
  app.get('/api/v1/kms/keys/:keyId/public-key', {
    config: keyAuth('kms:GetPublicKey'),
    schema: { tags, summary: 'Public key (PEM) of an asymmetric key version', params, querystring: z.object({ keyVersion: z.coerce.number().int().min(1).optional() }) },
    handler: async (request) => kms.publicKey(request.params.keyId, request.query.keyVersion),
  });

  // ---- aliases ----
  app.get('/api/v1/kms/aliases', {
    config: { auth: { action: 'kms:ListAliases', resource: () => platformResource } },
    schema: { tags, summary: 'List aliases' },
    handler: async () => ({ items: await kms.listAliases() }),
  });
  app.post('/api/v1/kms/aliases', {
    config: { auth: { action: 'kms:CreateAlias', resource: async (r) => ({ type: 'KmsKey', id: (await kms.row(String((r.body as { keyId?: unknown })?.keyId ?? ''))).id }) } },
    schema: { tags, summary: 'Create or move an alias', body: aliasSchema, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await kms.createAlias(requestContext(request), request.body.name, request.body.keyId);
      return reply.code(204).send(null);
    },
  });
  app.delete('/api/v1/kms/aliases/*', {
    config: { auth: { action: 'kms:DeleteAlias', resource: async (r) => ({ type: 'KmsKey', id: await kms.resolve(aliasOf(r)) }) } },
    schema: { tags, summary: 'Delete an alias (/api/v1/kms/aliases/alias/name)', response: { 204: z.null() } },
    handler: async (request, reply) => {
      await kms.deleteAlias(requestContext(request), aliasOf(request));
      return reply.code(204).send(null);
    },
  });

  // ---- use ----
  app.post('/api/v1/kms/keys/:keyId/encrypt', {
    config: keyAuth('kms:Encrypt'),
    schema: { tags, summary: 'Encrypt up to 4 KiB', params, body: encryptSchema },
    handler: async (request) => {
      const r = await kms.encrypt(requestContext(request), request.params.keyId, buf(request.body.plaintext), request.body.encryptionContext);
      return { keyId: r.keyId, keyVersion: r.keyVersion, ciphertextBlob: b64(r.ciphertextBlob) };
    },
  });
  app.post('/api/v1/kms/decrypt', {
    // The key is named inside the ciphertext blob; authorize Decrypt on that key.
    config: {
      auth: {
        action: 'kms:Decrypt',
        resource: async (r) => {
          const blob = (r.body as { ciphertextBlob?: unknown } | undefined)?.ciphertextBlob;
          if (typeof blob !== 'string') throw new InputError('ciphertextBlob is required', [{ path: 'body.ciphertextBlob', message: 'required' }]);
          const row = await kms.row(kms.keyIdOfBlob(buf(blob)));
          return { type: 'KmsKey', id: row.id, owner: row.owner_group_id };
        },
      },
    },
    schema: { tags, summary: 'Decrypt a ciphertext blob (the key is named inside it)', body: decryptSchema },
    handler: async (request) => {
      const r = await kms.decrypt(requestContext(request), buf(request.body.ciphertextBlob), request.body.encryptionContext);
      return { keyId: r.keyId, keyVersion: r.keyVersion, plaintext: b64(r.plaintext) };
    },
  });
  app.post('/api/v1/kms/keys/:keyId/generate-data-key', {
    config: keyAuth('kms:GenerateDataKey'),
    schema: { tags, summary: 'A fresh AES-256 data key, in the clear and encrypted under this key', params, body: dataKeySchema },
    handler: async (request) => {
      const r = await kms.generateDataKey(requestContext(request), request.params.keyId, request.body.encryptionContext);
      return { keyId: r.keyId, keyVersion: r.keyVersion, ciphertextBlob: b64(r.ciphertextBlob), ...(request.body.withoutPlaintext ? {} : { plaintext: b64(r.plaintext) }) };
    },
  });
  app.post('/api/v1/kms/keys/:keyId/sign', {
    config: keyAuth('kms:Sign'),
    schema: { tags, summary: 'Sign a message (Ed25519, or ECDSA P-256 with SHA-256)', params, body: signSchema },
    handler: async (request) => {
      const r = await kms.sign(requestContext(request), request.params.keyId, buf(request.body.message));
      return { keyId: r.keyId, keyVersion: r.keyVersion, signingAlgorithm: r.signingAlgorithm, signature: b64(r.signature) };
    },
  });
  app.post('/api/v1/kms/keys/:keyId/verify', {
    config: keyAuth('kms:Verify'),
    schema: { tags, summary: 'Verify a signature with the current or a named key version', params, body: verifySchema },
    handler: async (request) => {
      const r = await kms.verify(requestContext(request), request.params.keyId, buf(request.body.message), buf(request.body.signature), request.body.keyVersion);
      return { keyId: r.keyId, keyVersion: r.keyVersion, signatureValid: r.signatureValid };
    },
  });
}

function aliasOf(request: FastifyRequest): string {
  const name = (request.params as { '*': string })['*'];
  const parsed = aliasNameSchema.safeParse(name);
  if (!parsed.success) throw new InputError('invalid alias name', [{ path: 'params.alias', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}
