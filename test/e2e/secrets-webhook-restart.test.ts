// Rotation durability with the webhook rotator: signed requests, a failure at testSecret that leaves
// CURRENT untouched with the error recorded, and a server stopped between steps that resumes the
// rotation from its recorded step after restarting on the same home and database.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createPostgresDatabase, type TestDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import type { RotationWorker } from '../../src/secrets/rotation/worker.js';

const SIGNING_KEY = 'hmac-key-for-rotation-webhook';

interface Hook {
  url: string;
  steps: string[];
  failAt: Set<string>;
  badSignatures: number;
  close(): Promise<void>;
}

async function startWebhook(): Promise<Hook> {
  const hook = { steps: [] as string[], failAt: new Set<string>(), badSignatures: 0 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const expected = 'sha256=' + createHmac('sha256', SIGNING_KEY).update(`${req.headers['x-paved-timestamp']}.${body}`).digest('hex');
      const given = String(req.headers['x-paved-signature'] ?? '');
      if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
        hook.badSignatures++;
        res.writeHead(401).end();
        return;
      }
      const { Step } = JSON.parse(body) as { Step: string };
      hook.steps.push(Step);
      if (hook.failAt.has(Step)) return void res.writeHead(500).end('{"error":"target refused"}');
      if (Step === 'createSecret') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ secretString: `rotated-${hook.steps.length}-value` }));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { ...hook, get steps() { return hook.steps; }, get badSignatures() { return hook.badSignatures; }, failAt: hook.failAt, url: `http://127.0.0.1:${port}/rotate`, close: () => new Promise((r) => server.close(() => r())) } as Hook;
}

const workerOf = (s: TestServer) => (s.kernel.services.get('secrets-rotation') as { worker: RotationWorker }).worker;

type Answer = Awaited<ReturnType<TestServer['api']>>;

/**
 * Polls an API call until `ok` holds. Any non-200 answer fails at once with its status and body (a 401 from
 * a lost token or a 500 must not pass for "the value changed"); the deadline stays under the test timeout
 * so a slow rotation fails here, naming the last answer, rather than as a bare vitest timeout.
 */
async function until(fn: () => Promise<Answer>, ok: (v: Answer) => boolean, what: string, deadlineMs = 20_000): Promise<Answer> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const v = await fn();
    if (v.status !== 200) throw new Error(`waiting for ${what}: HTTP ${v.status} ${JSON.stringify(v.body)}`);
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}; last answer: HTTP ${v.status} ${JSON.stringify(v.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(backends())('webhook rotation on %s', (backend) => {
  let home: string;
  let database: TestDatabase | undefined;
  let server: TestServer;
  let hook: Hook;
  const start = () => startTestServer(backend, { home, databaseUrl: database?.url });

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'paved-rot-'));
    database = backend === 'postgres' ? await createPostgresDatabase() : undefined;
    hook = await startWebhook();
    server = await start();
    await server.api('POST', '/api/v1/secrets', { body: { name: 'hooks/signing-key', secretString: SIGNING_KEY } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await hook?.close();
    await database?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  it('a failure at testSecret rolls back: CURRENT untouched, PENDING removed, error recorded, retry scheduled', async () => {
    await server.api('POST', '/api/v1/secrets', { body: { name: 'ext/api', secretString: 'original-value' } });
    hook.failAt.add('testSecret');
    const configured = await server.api('PUT', '/api/v1/secrets/ext%2Fapi/rotation', { body: { rotator: 'webhook', config: { url: hook.url, signingSecret: 'hooks/signing-key' }, rotateImmediately: true } });
    expect(configured.status).toBe(200);
    const described = await until(() => server.api('GET', '/api/v1/secrets/ext%2Fapi'), (r) => r.body.lastRotationError !== null, 'the failure');
    expect(described.body.lastRotationError).toBe('testSecret failed: testSecret: the webhook answered HTTP 500');
    expect(described.body.rotationInProgress).toMatchObject({ step: 'createSecret', attempts: 1 });
    expect(new Date(described.body.rotationInProgress.nextAttemptAt).getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(described.body.versions.flatMap((v: { versionStages: string[] }) => v.versionStages)).toEqual(['CURRENT']);
    expect((await server.api('GET', '/api/v1/secrets/ext%2Fapi/value')).body.secretString).toBe('original-value');
    expect(hook.steps).toEqual(['createSecret', 'setSecret', 'testSecret', 'rollbackSecret']);
    expect(hook.badSignatures).toBe(0);
    const history = await server.api('GET', '/api/v1/secrets/ext%2Fapi/rotation/history');
    expect(history.body.items[0]).toMatchObject({ outcome: 'rolled_back', step: 'testSecret' });
    // The retry, once due, succeeds when the target accepts again.
    hook.failAt.clear();
    hook.steps.length = 0;
    await server.kernel.db.query(`UPDATE secret_rotations SET next_attempt_at = now() WHERE secret_name = 'ext/api'`);
    workerOf(server).kick();
    const value = await until(() => server.api('GET', '/api/v1/secrets/ext%2Fapi/value'), (r) => r.body.secretString !== 'original-value', 'the retry');
    expect(value.body.secretString).toMatch(/^rotated-\d+-value$/);
    expect((await server.api('GET', '/api/v1/secrets/ext%2Fapi')).body.lastRotationError).toBeNull();
  });

  it('a server stopped between steps resumes the rotation from its recorded step after restart', async () => {
    await server.api('POST', '/api/v1/secrets', { body: { name: 'ext/db', secretString: 'before-restart' } });
    hook.steps.length = 0;
    let reached!: () => void;
    const atTest = new Promise<void>((r) => (reached = r));
    workerOf(server).hooks = {
      beforeStep: (_name, step, signal) => {
        if (step !== 'testSecret') return;
        reached();
        return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      },
    };
    await server.api('PUT', '/api/v1/secrets/ext%2Fdb/rotation', { body: { rotator: 'webhook', config: { url: hook.url, signingSecret: 'hooks/signing-key' }, rotateImmediately: true } });
    await atTest;
    const token = server.adminToken; // a restarted server has no bootstrap token to hand out
    expect(token).not.toBe('');
    await server.stop();
    expect(hook.steps).toEqual(['createSecret', 'setSecret']);

    server = await start();
    const value = await until(() => server.api('GET', '/api/v1/secrets/ext%2Fdb/value', { token }), (r) => r.body.secretString !== 'before-restart', 'the resumed rotation');
    expect(value.body.secretString).toMatch(/^rotated-\d+-value$/);
    expect(hook.steps).toEqual(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    const previous = await server.api('GET', '/api/v1/secrets/ext%2Fdb/value?versionStage=PREVIOUS', { token });
    expect(previous.body.secretString).toBe('before-restart');
    expect((await server.api('GET', '/api/v1/secrets/ext%2Fdb/rotation/history', { token })).body.items[0]).toMatchObject({ outcome: 'succeeded' });
  });
});
