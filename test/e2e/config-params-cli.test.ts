// `paved params …` against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paved } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('paved params', () => {
  let server: TestServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    env = { PAVED_URL: server.url, PAVED_TOKEN: server.adminToken, HOME: server.home };
  }, 60_000);
  afterAll(async () => server?.stop());

  it('puts, gets, lists by path, labels, shows history and deletes', async () => {
    expect((await paved(['params', 'put', '/web/prod/url'], env, 'https://one.example\n')).stdout).toContain('version 1');
    expect((await paved(['params', 'put', '/web/prod/url'], env, 'https://two.example')).code).toBe(3); // needs --overwrite
    expect((await paved(['params', 'put', '/web/prod/url', '--overwrite'], env, 'https://two.example')).stdout).toContain('version 2');
    expect((await paved(['params', 'put', '/web/prod/token', '--type', 'SecureString'], env, 'tok-123')).code).toBe(0);
    expect((await paved(['params', 'get', '/web/prod/url'], env)).stdout).toBe('https://two.example\n');
    expect((await paved(['params', 'get', '/web/prod/token'], env)).stdout).toBe('tok-123\n');
    expect((await paved(['params', 'get', '/web/prod/token', '--no-decrypt'], env)).stdout).toBe('(encrypted)\n');
    expect((await paved(['params', 'label', '/web/prod/url', 'good', '--version', '1'], env)).code).toBe(0);
    expect((await paved(['params', 'get', '/web/prod/url', '--label', 'good'], env)).stdout).toBe('https://one.example\n');
    const byPath = await paved(['params', 'get-by-path', '/web', '--recursive', '--json'], env);
    expect(JSON.parse(byPath.stdout).map((p: { name: string; value: string }) => [p.name, p.value])).toEqual([
      ['/web/prod/token', 'tok-123'],
      ['/web/prod/url', 'https://two.example'],
    ]);
    expect((await paved(['params', 'get-by-path', '/web'], env)).stdout).not.toContain('/web/prod/url');
    const history = await paved(['params', 'history', '/web/prod/token'], env);
    expect(history.stdout).toContain('(encrypted)');
    expect(history.stdout).not.toContain('tok-123');
    expect((await paved(['params', 'put', '/x', '--type', 'Number'], env, '1')).code).toBe(2);
    expect((await paved(['params', 'delete', '/web/prod/url'], env)).code).toBe(0);
    expect((await paved(['params', 'get', '/web/prod/url'], env)).code).toBe(3);
  });
});
