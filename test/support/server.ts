// Starts a real Paved server for a test: its own temporary home, its own database, a free port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type StartOptions } from '../../src/server.js';
import { createPostgresDatabase, type Backend } from './databases.js';

export interface TestServer extends RunningServer {
  home: string;
  /** The admin token created on first start. */
  adminToken: string;
  /** fetch against the server with a token (admin's by default). JSON bodies are encoded. */
  api(method: string, path: string, options?: { token?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export async function startTestServer(backend: Backend = 'pglite', options: StartOptions & { home?: string; databaseUrl?: string } = {}): Promise<TestServer> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'paved-test-'));
  const database = backend === 'postgres' && !options.databaseUrl ? await createPostgresDatabase() : undefined;
  const server = await startServer({
    ...options,
    env: {},
    overrides: {
      home,
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      demo: false,
      rateLimit: 0,
      databaseUrl: options.databaseUrl ?? database?.url,
      ...(options.overrides ?? {}),
    },
  });
  const adminToken = server.bootstrap?.token ?? '';
  const api: TestServer['api'] = async (method, path, o = {}) => {
    const token = o.token === undefined ? adminToken : o.token;
    const response = await fetch(server.url + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(o.headers ?? {}),
      },
      body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body, headers: response.headers };
  };
  return {
    ...server,
    home,
    adminToken,
    api,
    async stop() {
      await server.close();
      await database?.drop();
      if (!options.home) rmSync(home, { recursive: true, force: true });
    },
  };
}
