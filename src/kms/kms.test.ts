import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/databases.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { loadRootKey } from './root-key.js';
import type { KmsService } from './service.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe.each(backends())('kms on %s', (backend) => {
  let server: TestServer;
  let userToken: string;
  beforeAll(async () => {
    server = await startTestServer(backend);
    await server.api('POST', '/api/v1/iam/users', { body: { name: 'kim' } });
    await server.api('POST', '/api/v1/iam/groups', { body: { name: 'crypto', members: [{ type: 'user', id: 'kim' }] } });
    userToken = (await server.api('POST', '/api/v1/iam/users/kim/tokens', { body: { name: 't' } })).body.token;
  }, 60_000);
  afterAll(async () => server?.stop());

  it('creates the root key file with mode 0600 on first start', () => {
    expect(statSync(join(server.home, 'keys', 'master.key')).mode & 0o777).toBe(0o600);
  });

  it('encrypts and decrypts with an encryption context; a wrong context or a flipped byte fails', async () => {
    const key = await server.api('POST', '/api/v1/kms/keys', { body: { description: 'app', alias: 'alias/app/main' } });
    expect(key.status).toBe(201);
    expect(key.body.keyUsage).toBe('ENCRYPT_DECRYPT');
    const enc = await server.api('POST', '/api/v1/kms/keys/alias%2Fapp%2Fmain/encrypt', { body: { plaintext: b64('hello kms'), encryptionContext: { app: 'a' } } });
    expect(enc.status).toBe(200);
    expect(enc.body.keyId).toBe(key.body.keyId);
    const dec = await server.api('POST', '/api/v1/kms/decrypt', { body: { ciphertextBlob: enc.body.ciphertextBlob, encryptionContext: { app: 'a' } } });
    expect(Buffer.from(dec.body.plaintext, 'base64').toString()).toBe('hello kms');
    const wrong = await server.api('POST', '/api/v1/kms/decrypt', { body: { ciphertextBlob: enc.body.ciphertextBlob, encryptionContext: { app: 'b' } } });
    expect(wrong.status).toBe(400);
    const bytes = Buffer.from(enc.body.ciphertextBlob, 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect((await server.api('POST', '/api/v1/kms/decrypt', { body: { ciphertextBlob: bytes.toString('base64'), encryptionContext: { app: 'a' } } })).status).toBe(400);
  });

  it('rotates: new encryptions use the new version, old ciphertexts still decrypt', async () => {
    const key = (await server.api('POST', '/api/v1/kms/keys', { body: {} })).body;
    const old = (await server.api('POST', `/api/v1/kms/keys/${key.keyId}/encrypt`, { body: { plaintext: b64('v1 data') } })).body;
    expect(old.keyVersion).toBe(1);
    const rotated = await server.api('POST', `/api/v1/kms/keys/${key.keyId}/rotate`);
    expect(rotated.body.currentVersion).toBe(2);
    const fresh = (await server.api('POST', `/api/v1/kms/keys/${key.keyId}/encrypt`, { body: { plaintext: b64('v2 data') } })).body;
    expect(fresh.keyVersion).toBe(2);
    for (const [blob, text] of [[old.ciphertextBlob, 'v1 data'], [fresh.ciphertextBlob, 'v2 data']]) {
      const dec = await server.api('POST', '/api/v1/kms/decrypt', { body: { ciphertextBlob: blob } });
      expect(Buffer.from(dec.body.plaintext, 'base64').toString()).toBe(text);
    }
  });

  it('rotates keys whose period elapsed in the background loop', async () => {
    const key = (await server.api('POST', '/api/v1/kms/keys', { body: { rotationPeriodDays: 90 } })).body;
    expect(key.nextRotationAt).not.toBeNull();
    await server.kernel.db.query(`UPDATE kms_keys SET next_rotation_at = now() - interval '1 minute' WHERE id = $1`, [key.keyId]);
    const kms = server.kernel.services.get('kms') as KmsService;
    const done = await kms.runScheduled();
    expect(done.rotated).toBeGreaterThanOrEqual(1);
    const after = (await server.api('GET', `/api/v1/kms/keys/${key.keyId}`)).body;
    expect(after.currentVersion).toBe(2);
    expect(new Date(after.nextRotationAt).getTime()).toBeGreaterThan(Date.now() + 80 * 86_400_000);
  });

  it('refuses to use a disabled key and enforces the 7–30 day deletion window with cancel', async () => {
    const key = (await server.api('POST', '/api/v1/kms/keys', { body: {} })).body;
    const blob = (await server.api('POST', `/api/v1/kms/keys/${key.keyId}/encrypt`, { body: { plaintext: b64('x') } })).body.ciphertextBlob;
    expect((await server.api('PATCH', `/api/v1/kms/keys/${key.keyId}`, { body: { enabled: false } })).body.keyState).toBe('Disabled');
    const denied = await server.api('POST', '/api/v1/kms/decrypt', { body: { ciphertextBlob: blob } });
    expect(denied.status).toBe(409);
    expect(denied.body.detail).toContain('Disabled');
    expect((await server.api('POST', `/api/v1/kms/keys/${key.keyId}/schedule-deletion`, { body: { pendingWindowInDays: 6 } })).status).toBe(400);
    const pending = await server.api('POST', `/api/v1/kms/keys/${key.keyId}/schedule-deletion`, { body: { pendingWindowInDays: 7 } });
    expect(pending.body.keyState).toBe('PendingDeletion');
    expect(new Date(pending.body.deletionDate).getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
    const cancelled = await server.api('POST', `/api/v1/kms/keys/${key.keyId}/cancel-deletion`);
    expect(cancelled.body.keyState).toBe('Disabled');
    await server.api('PATCH', `/api/v1/kms/keys/${key.keyId}`, { body: { enabled: true } });
    expect((await server.api('POST', '/api/v1/kms/decrypt', { body: { ciphertextBlob: blob } })).status).toBe(200);
    // A deletion whose window passed really deletes the key: its ciphertexts are gone for good.
    await server.api('POST', `/api/v1/kms/keys/${key.keyId}/schedule-deletion`, { body: { pendingWindowInDays: 7 } });
    await server.kernel.db.query(`UPDATE kms_keys SET deletion_at = now() - interval '1 second' WHERE id = $1`, [key.keyId]);
    await (server.kernel.services.get('kms') as KmsService).runScheduled();
    expect((await server.api('GET', `/api/v1/kms/keys/${key.keyId}`)).status).toBe(404);
  });

  it.each(['ED25519', 'ECC_NIST_P256'])('signs and verifies with %s, old versions verify after rotation', async (keySpec) => {
    const key = (await server.api('POST', '/api/v1/kms/keys', { body: { keySpec } })).body;
    expect(key.keyUsage).toBe('SIGN_VERIFY');
    const message = b64('release 1.2.3');
    const signed = (await server.api('POST', `/api/v1/kms/keys/${key.keyId}/sign`, { body: { message } })).body;
    await server.api('POST', `/api/v1/kms/keys/${key.keyId}/rotate`);
    const ok = await server.api('POST', `/api/v1/kms/keys/${key.keyId}/verify`, { body: { message, signature: signed.signature, keyVersion: 1 } });
    expect(ok.body.signatureValid).toBe(true);
    const wrongVersion = await server.api('POST', `/api/v1/kms/keys/${key.keyId}/verify`, { body: { message, signature: signed.signature } });
    expect(wrongVersion.body.signatureValid).toBe(false);
    const tampered = await server.api('POST', `/api/v1/kms/keys/${key.keyId}/verify`, { body: { message: b64('release 6.6.6'), signature: signed.signature, keyVersion: 1 } });
    expect(tampered.body.signatureValid).toBe(false);
    const pub = await server.api('GET', `/api/v1/kms/keys/${key.keyId}/public-key?keyVersion=1`);
    expect(pub.body.publicKey).toContain('BEGIN PUBLIC KEY');
    expect((await server.api('POST', `/api/v1/kms/keys/${key.keyId}/encrypt`, { body: { plaintext: b64('x') } })).status).toBe(400);
  });

  it('separates administration from use: the owner group manages a key but may not use it until a policy grants kmsUse', async () => {
    const key = (await server.api('POST', '/api/v1/kms/keys', { body: { owner: 'crypto' } })).body;
    expect((await server.api('GET', `/api/v1/kms/keys/${key.keyId}`, { token: userToken })).status).toBe(200);
    expect((await server.api('POST', `/api/v1/kms/keys/${key.keyId}/rotate`, { token: userToken })).status).toBe(200);
    const denied = await server.api('POST', `/api/v1/kms/keys/${key.keyId}/encrypt`, { token: userToken, body: { plaintext: b64('x') } });
    expect(denied.status).toBe(403);
    const policy = await server.api('PUT', '/api/v1/iam/policies/kim-uses-key', {
      body: { description: 'kim may use the key', body: `permit (principal == Paved::User::"kim", action in Paved::Action::"kmsUse", resource == Paved::KmsKey::"${key.keyId}");` },
    });
    expect(policy.status).toBeLessThan(300);
    const allowed = await server.api('POST', `/api/v1/kms/keys/${key.keyId}/encrypt`, { token: userToken, body: { plaintext: b64('secret stuff') } });
    expect(allowed.status).toBe(200);
    // An unrelated key stays out of reach (and invisible).
    const other = (await server.api('POST', '/api/v1/kms/keys', { body: {} })).body;
    expect((await server.api('GET', `/api/v1/kms/keys/${other.keyId}`, { token: userToken })).status).toBe(404);
    // Every use is audited with the key and version, never the data.
    const audit = await server.kernel.db.query<{ actor: string; outcome: string; details: unknown }>(`SELECT actor, outcome, details FROM audit_log WHERE action = 'kms:Encrypt' AND resource = $1 ORDER BY seq`, [`KmsKey:${key.keyId}`]);
    expect(audit.rows.map((r) => `${r.actor} ${r.outcome}`)).toEqual(['user:kim denied', 'user:kim success']);
    expect(JSON.stringify(audit.rows)).not.toContain(b64('secret stuff'));
    expect(audit.rows[1]!.details).toEqual({ keyVersion: 2 }); // kim rotated it above
  });
});

describe('root key', () => {
  it('rejects a PAVED_MASTER_KEY that is not 32 base64 bytes, naming the variable', () => {
    expect(() => loadRootKey('/nonexistent', Buffer.alloc(16).toString('base64'))).toThrow(/PAVED_MASTER_KEY.*32/);
    expect(loadRootKey('/nonexistent', Buffer.alloc(32, 7).toString('base64')).key).toEqual(Buffer.alloc(32, 7));
  });
});
