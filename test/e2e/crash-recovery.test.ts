// Killing the server with SIGKILL in the middle of a burst of writes and starting it again loses no
// acknowledged write and leaves the audit chain valid. The server runs as a real child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backends, createPostgresDatabase, type TestDatabase } from '../support/databases.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'paved.js');

function startChild(home: string, databaseUrl?: string): Promise<{ child: ChildProcess; url: string }> {
  if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) throw new Error('dist is missing: run `npm run build` (npm test does it)');
  const child = spawn(process.execPath, [bin, 'server', '--home', home, '--port', '0', '--log-level', 'error', '--no-demo'], {
    env: { ...process.env, PAVED_RATE_LIMIT: '0', ...(databaseUrl ? { PAVED_DATABASE_URL: databaseUrl } : { PAVED_DATABASE_URL: '' }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

describe.each(backends())('crash recovery on %s', (backend) => {
  const home = mkdtempSync(join(tmpdir(), 'paved-crash-'));
  let database: TestDatabase | undefined;
  afterAll(async () => {
    await database?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  it('keeps every acknowledged write and a valid audit chain after SIGKILL', async () => {
    database = backend === 'postgres' ? await createPostgresDatabase() : undefined;
    const first = await startChild(home, database?.url);
    const token = readFileSync(join(home, 'bootstrap-token'), 'utf8').trim();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const name = `burst-${next++}`;
        try {
          const r = await fetch(`${first.url}/api/v1/iam/groups`, { method: 'POST', headers, body: JSON.stringify({ name }) });
          if (r.status === 201) acknowledged.push(name);
        } catch {
          return; // the connection died with the server
        }
        if (acknowledged.length >= 60 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    await new Promise((resolve) => first.child.once('exit', resolve).unref?.() ?? resolve(undefined));
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);

    const second = await startChild(home, database?.url);
    // A restart never bootstraps again: the first start's token stays the only admin token.
    expect(readFileSync(join(home, 'bootstrap-token'), 'utf8').trim()).toBe(token);
    try {
      for (const name of acknowledged) {
        const r = await fetch(`${second.url}/api/v1/iam/groups/${name}`, { headers });
        expect(r.status, `acknowledged group ${name} after restart`).toBe(200);
      }
      const verify = (await (await fetch(`${second.url}/api/v1/audit/verify`, { headers })).json()) as { ok: boolean; records: number; problems: unknown[] };
      expect(verify.problems).toEqual([]);
      expect(verify.ok).toBe(true);
      expect(verify.records).toBeGreaterThanOrEqual(acknowledged.length);
      // The server still takes writes after recovery.
      const after = await fetch(`${second.url}/api/v1/iam/groups`, { method: 'POST', headers, body: JSON.stringify({ name: 'after-crash' }) });
      expect(after.status).toBe(201);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
  }, 180_000);
});
