// `paved secrets …` and `paved run` against a real server, as a user's terminal would run them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paved } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('paved secrets and paved run', () => {
  let server: TestServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    env = { PAVED_URL: server.url, PAVED_TOKEN: server.adminToken, HOME: server.home, PATH: process.env.PATH };
  }, 60_000);
  afterAll(async () => server?.stop());

  it('creates from stdin, gets, puts, lists, describes, deletes and restores', async () => {
    const created = await paved(['secrets', 'create', 'cli/token', '--description', 'from the CLI'], env, 'cli-value-one\n');
    expect(created).toMatchObject({ code: 0 });
    expect(created.stdout).toContain('Created cli/token');
    expect((await paved(['secrets', 'get', 'cli/token'], env)).stdout).toBe('cli-value-one');
    expect((await paved(['secrets', 'put', 'cli/token'], env, 'cli-value-two')).code).toBe(0);
    expect((await paved(['secrets', 'get', 'cli/token'], env)).stdout).toBe('cli-value-two');
    expect((await paved(['secrets', 'get', 'cli/token', '--version-stage', 'PREVIOUS'], env)).stdout).toBe('cli-value-one');
    const json = JSON.parse((await paved(['secrets', 'get', 'cli/token', '--json'], env)).stdout);
    expect(json).toMatchObject({ name: 'cli/token', secretString: 'cli-value-two', versionStages: ['CURRENT'] });
    const list = await paved(['secrets', 'list'], env);
    expect(list.stdout).toContain('cli/token');
    expect(list.stdout).not.toContain('cli-value');
    const described = await paved(['secrets', 'describe', 'cli/token'], env);
    expect(described.stdout).toContain('from the CLI');
    expect(described.stdout).toMatch(/CURRENT/);
    expect(described.stdout).not.toContain('cli-value');
    expect((await paved(['secrets', 'delete', 'cli/token', '--recovery-window-days', '7'], env)).stdout).toContain('Scheduled cli/token for deletion');
    expect((await paved(['secrets', 'get', 'cli/token'], env)).code).toBe(3);
    expect((await paved(['secrets', 'restore', 'cli/token'], env)).code).toBe(0);
    expect((await paved(['secrets', 'get', 'cli/token'], env)).stdout).toBe('cli-value-two');
  });

  it('rotates with a rotator and reports usage errors with exit code 2', async () => {
    await paved(['secrets', 'create', 'cli/rotated'], env, 'before-rotation');
    expect((await paved(['secrets', 'rotate', 'cli/rotated', '--rotator', 'random-password', '--config', '{"length": 24}'], env)).code).toBe(0);
    let value = 'before-rotation';
    for (let i = 0; i < 100 && value === 'before-rotation'; i++) {
      value = (await paved(['secrets', 'get', 'cli/rotated'], env)).stdout;
      if (value === 'before-rotation') await new Promise((r) => setTimeout(r, 100));
    }
    expect(value).toHaveLength(24);
    expect((await paved(['secrets', 'rotate', 'cli/rotated', '--config', '{'], env)).code).toBe(2);
    expect((await paved(['secrets', 'create'], env, 'x')).code).toBe(2);
    expect((await paved(['secrets', 'put', 'cli/rotated'], env, '')).code).toBe(2);
  });

  it('paved run puts secrets into the environment of the command and returns its exit code', async () => {
    await paved(['secrets', 'create', 'cli/db-password'], env, 'run-value-1');
    await paved(['secrets', 'put', 'cli/db-password'], env, 'run-value-2');
    const result = await paved(['run', '--secret', 'DB_PASSWORD=cli/db-password', '--secret', 'OLD=cli/db-password:PREVIOUS', '--', 'sh', '-c', 'printf "%s %s" "$DB_PASSWORD" "$OLD"; exit 7'], env);
    expect(result.stdout).toBe('run-value-2 run-value-1');
    expect(result.code).toBe(7);
    expect((await paved(['run', '--secret', 'not valid', '--', 'true'], env)).code).toBe(2);
    expect((await paved(['run', '--secret', 'X=cli/db-password'], env)).code).toBe(2);
    expect((await paved(['run', '--secret', 'X=cli/missing', '--', 'true'], env)).code).toBe(3);
  });
});
