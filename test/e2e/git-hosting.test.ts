// Git hosting end to end: the real git client clones, pushes and is refused over Paved's smart HTTP.
import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paved } from '../support/cli.js';
import { backends } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let work: string;
function git(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'init.defaultBranch=main', '-c', 'credential.helper=', ...args],
      { cwd, env: { PATH: process.env.PATH, HOME: work, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', LANG: 'C' } },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
/** A fresh AWS-shaped key pair, generated at run time so no secret lives in this file. */
function awsKeyPair() {
  return {
    id: `AKIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
    secret: pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+', 40),
  };
}

describe.each(backends())('git hosting over smart HTTP on %s', (backend) => {
  let server: TestServer;
  let alice: string;
  let bob: string;
  const url = (token: string | null, repo: string) => {
    const u = new URL(`${server.url}/git/${repo}.git`);
    if (token) {
      u.username = 'x';
      u.password = token;
    }
    return u.toString();
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'paved-git-e2e-'));
    server = await startTestServer(backend);
    for (const name of ['alice', 'bob']) expect((await server.api('POST', '/api/v1/iam/users', { body: { name } })).status).toBe(201);
    expect((await server.api('POST', '/api/v1/iam/groups', { body: { name: 'payments', members: [{ type: 'user', id: 'alice' }] } })).status).toBe(201);
    alice = (await server.api('POST', '/api/v1/iam/users/alice/tokens', { body: {} })).body.token;
    bob = (await server.api('POST', '/api/v1/iam/users/bob/tokens', { body: {} })).body.token;
  }, 120_000);

  afterAll(async () => {
    // pg's pool.end() resolves before its sockets finish closing; dropping the test database at once can
    // kill a closing connection (57P01, an unhandled error). Close first, let the sockets go, then drop.
    await server?.close();
    await new Promise((r) => setTimeout(r, 250));
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('lets a group member create a repository through the API, with the default branch protected', async () => {
    const created = await server.api('POST', '/api/v1/git/repos', { token: alice, body: { owner: 'payments', name: 'checkout', description: 'Checkout API' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ fullName: 'payments/checkout', visibility: 'private', defaultBranch: 'main', protection: [{ pattern: 'main', allowForcePush: false, allowDeletion: false }] });
    expect(created.body.cloneUrl).toMatch(/\/git\/payments\/checkout\.git$/);
    expect((await server.api('POST', '/api/v1/git/repos', { token: alice, body: { owner: 'payments', name: 'checkout' } })).status).toBe(409);
    // bob is not in payments: he may not create its repositories, and the group must exist.
    expect((await server.api('POST', '/api/v1/git/repos', { token: bob, body: { owner: 'payments', name: 'other' } })).status).toBe(403);
    const noGroup = await server.api('POST', '/api/v1/git/repos', { body: { owner: 'nobody', name: 'x' } });
    expect(noGroup.status).toBe(400);
    expect(JSON.stringify(noGroup.body)).toContain('group nobody does not exist');
    const badName = await server.api('POST', '/api/v1/git/repos', { body: { owner: 'payments', name: '../etc' } });
    expect(badName.status).toBe(400);
  });

  it('clones, commits and pushes with the real git client; the push becomes a git.push event', async () => {
    const dir = join(work, 'checkout');
    const clone = await git(work, ['clone', url(alice, 'payments/checkout'), dir]);
    expect(clone.code, clone.stderr).toBe(0);
    writeFileSync(join(dir, 'README.md'), '# Checkout\n\nPays for things.\n');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'index.ts'), 'export const answer = 42;\n');
    expect((await git(dir, ['add', '.'])).code).toBe(0);
    expect((await git(dir, ['commit', '-m', 'first'])).code).toBe(0);
    const push = await git(dir, ['push', 'origin', 'main']);
    expect(push.code, push.stderr).toBe(0);

    const head = (await git(dir, ['rev-parse', 'HEAD'])).stdout.trim();
    const { rows } = await server.kernel.db.query<{ payload: any; actor: string }>("SELECT payload, actor FROM events WHERE topic = 'git.push' ORDER BY id");
    expect(rows.at(-1)!.payload).toEqual({
      repository: 'payments/checkout',
      ref: 'refs/heads/main',
      before: '0'.repeat(40),
      after: head,
      changedPaths: ['README.md', 'src/index.ts'],
    });
    expect(rows.at(-1)!.actor).toBe('user:alice');

    // The browse API sees what was pushed.
    const readme = await server.api('GET', '/api/v1/git/repos/payments/checkout/readme', { token: alice });
    expect(readme.body.readme).toMatchObject({ path: 'README.md', content: '# Checkout\n\nPays for things.\n' });
    const tree = await server.api('GET', '/api/v1/git/repos/payments/checkout/tree', { token: alice });
    expect(tree.body.items.map((e: { name: string; type: string }) => `${e.type}:${e.name}`)).toEqual(['tree:src', 'blob:README.md']);
    const commits = await server.api('GET', '/api/v1/git/repos/payments/checkout/commits?ref=main', { token: alice });
    expect(commits.body.items).toMatchObject([{ id: head, subject: 'first', author: 'Test' }]);
    const branches = await server.api('GET', '/api/v1/git/repos/payments/checkout/branches', { token: alice });
    expect(branches.body.items).toMatchObject([{ name: 'main', commit: head }]);
    expect((await server.api('GET', '/api/v1/git/repos/payments/checkout/blob?path=../x', { token: alice })).status).toBe(400);
    expect((await server.api('GET', '/api/v1/git/repos/payments/checkout/tree?ref=--output=x', { token: alice })).status).toBe(400);
  });

  it('rejects a push that adds an AWS key pair, naming the file, line and rule, and moves no ref', async () => {
    const dir = join(work, 'checkout');
    const before = (await git(dir, ['rev-parse', 'HEAD'])).stdout.trim();
    const key = awsKeyPair();
    writeFileSync(join(dir, 'src', 'settings.py'), `REGION = "eu-west-1"\naws_access_key_id = "${key.id}"\naws_secret_access_key = "${key.secret}"\n`);
    await git(dir, ['add', '.']);
    await git(dir, ['commit', '-m', 'add settings']);
    const push = await git(dir, ['push', 'origin', 'main']);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toContain('remote: Paved: push rejected');
    expect(push.stderr).toMatch(/remote:\s+src\/settings\.py:2\s+\S*aws\S*/i);
    expect(push.stderr).not.toContain(key.secret);
    expect(push.stderr).not.toContain(key.id);
    const remote = await git(dir, ['ls-remote', url(alice, 'payments/checkout'), 'refs/heads/main']);
    expect(remote.stdout.split('\t')[0]).toBe(before);
    const audit = await server.api('GET', '/api/v1/audit?action=git:Write');
    expect(audit.body.items.some((r: any) => r.outcome === 'denied' && r.details.findings?.some((f: any) => f.file === 'src/settings.py' && f.line === 2))).toBe(true);
  });

  it('lets an admin override the secrets check for exactly one push, audited with the reason', async () => {
    const dir = join(work, 'checkout');
    expect((await server.api('POST', '/api/v1/git/repos/payments/checkout/push-overrides', { token: alice, body: { reason: 'test fixture' } })).status).toBe(403);
    const override = await server.api('POST', '/api/v1/git/repos/payments/checkout/push-overrides', { body: { reason: 'throwaway test credentials, revoked' } });
    expect(override.status).toBe(201);
    const pushed = await git(dir, ['push', '-o', `paved-override=${override.body.token}`, 'origin', 'main']);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stderr).toContain(`accepted by override ${override.body.id}`);
    const audit = await server.api('GET', '/api/v1/audit?action=git:Write');
    const record = audit.body.items.find((r: any) => r.outcome === 'success' && r.details.override === override.body.id);
    expect(record).toMatchObject({ actor: 'user:alice', details: { overrideReason: 'throwaway test credentials, revoked' } });

    // Spent: the same token does not let a second secret through.
    const key = awsKeyPair();
    writeFileSync(join(dir, 'src', 'more.py'), `aws_access_key_id = "${key.id}"\naws_secret_access_key = "${key.secret}"\n`);
    await git(dir, ['add', '.']);
    await git(dir, ['commit', '-m', 'more']);
    const again = await git(dir, ['push', '-o', `paved-override=${override.body.token}`, 'origin', 'main']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('paved-override token is not valid');
    await git(dir, ['reset', '--hard', 'HEAD~1']);
  });

  it('refuses a force-push and a deletion of the protected default branch, but not of other branches', async () => {
    const dir = join(work, 'checkout');
    writeFileSync(join(dir, 'CHANGELOG.md'), 'first\n');
    await git(dir, ['add', '.']);
    await git(dir, ['commit', '-m', 'changelog']);
    expect((await git(dir, ['push', 'origin', 'main'])).code).toBe(0);
    writeFileSync(join(dir, 'CHANGELOG.md'), 'rewritten\n');
    await git(dir, ['commit', '-am', 'rewritten history', '--amend']);
    const force = await git(dir, ['push', '--force', 'origin', 'main']);
    expect(force.code).not.toBe(0);
    expect(force.stderr).toContain('branch main is protected');
    expect(force.stderr).toContain('force-push');
    const del = await git(dir, ['push', 'origin', ':main']);
    expect(del.code).not.toBe(0);
    expect(del.stderr).toContain('cannot be deleted');

    expect((await git(dir, ['push', 'origin', 'HEAD:refs/heads/feature/x'])).code).toBe(0);
    await git(dir, ['commit', '--amend', '-m', 'rewritten again']);
    expect((await git(dir, ['push', '--force', 'origin', 'HEAD:refs/heads/feature/x'])).code).toBe(0);
    expect((await git(dir, ['push', 'origin', ':feature/x'])).code).toBe(0);

    // Protection is configurable per pattern: allowing force-pushes on main lets the rewrite through.
    const put = await server.api('PUT', '/api/v1/git/repos/payments/checkout/protection', { body: { rules: [{ pattern: 'main', allowForcePush: true }, { pattern: 'release/*' }] } });
    expect(put.status).toBe(200);
    expect(put.body.rules).toEqual([
      { pattern: 'main', allowForcePush: true, allowDeletion: false },
      { pattern: 'release/*', allowForcePush: false, allowDeletion: false },
    ]);
    expect((await git(dir, ['push', '--force', 'origin', 'main'])).code).toBe(0);
    expect((await git(dir, ['push', 'origin', 'HEAD:refs/heads/release/1'])).code).toBe(0);
    const delRelease = await git(dir, ['push', 'origin', ':release/1']);
    expect(delRelease.stderr).toContain('branch release/1 is protected');
  });

  it('answers anonymous git requests for a private repository with a Basic challenge', async () => {
    const info = await fetch(`${server.url}/git/payments/checkout.git/info/refs?service=git-upload-pack`);
    expect(info.status).toBe(401);
    expect(info.headers.get('www-authenticate')).toMatch(/^Basic realm="Paved"/);
    const clone = await git(work, ['clone', url(null, 'payments/checkout'), join(work, 'anon')]);
    expect(clone.code).not.toBe(0);
    expect(clone.stderr).toMatch(/Authentication failed|could not read Username/);
    // A signed-in outsider learns nothing about a private repository.
    const outsider = await git(work, ['clone', url(bob, 'payments/checkout'), join(work, 'bob-private')]);
    expect(outsider.code).not.toBe(0);
    expect(outsider.stderr).toContain('not found');
  });

  it('lets anyone clone a public repository, but only the owning group push to it (403 for others)', async () => {
    expect((await server.api('POST', '/api/v1/git/repos', { token: alice, body: { owner: 'payments', name: 'site', visibility: 'public' } })).status).toBe(201);
    const seed = join(work, 'site-seed');
    expect((await git(work, ['clone', url(alice, 'payments/site'), seed])).code).toBe(0);
    writeFileSync(join(seed, 'index.html'), '<h1>hi</h1>\n');
    await git(seed, ['add', '.']);
    await git(seed, ['commit', '-m', 'site']);
    expect((await git(seed, ['push', 'origin', 'main'])).code).toBe(0);

    const anon = await git(work, ['clone', url(null, 'payments/site'), join(work, 'site-anon')]);
    expect(anon.code, anon.stderr).toBe(0);
    const bobDir = join(work, 'site-bob');
    expect((await git(work, ['clone', url(bob, 'payments/site'), bobDir])).code).toBe(0);
    writeFileSync(join(bobDir, 'index.html'), '<h1>defaced</h1>\n');
    await git(bobDir, ['commit', '-am', 'deface']);
    const push = await git(bobDir, ['push', 'origin', 'main']);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toContain('403');
    const anonPush = await fetch(`${server.url}/git/payments/site.git/info/refs?service=git-receive-pack`);
    expect(anonPush.status).toBe(401);
  });

  it('creates and lists repositories from the CLI', async () => {
    const env = { PAVED_URL: server.url, PAVED_TOKEN: alice, XDG_CONFIG_HOME: work };
    const created = await paved(['repos', 'create', 'payments/ledger', '--visibility', 'internal'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('git clone http://');
    const list = await paved(['repos', 'list', '--json'], env);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((r: { fullName: string }) => r.fullName)).toEqual(['payments/checkout', 'payments/ledger', 'payments/site']);
    expect((await paved(['repos', 'create', 'ledger'], env)).code).toBe(2);
    const dup = await paved(['repos', 'create', 'payments/ledger'], env);
    expect(dup.code).toBe(3);
    expect(dup.stderr).toContain('already exists');
    // bob sees only the public repository (internal ones need the built-in git read policy).
    const bobList = await paved(['repos', 'list', '--json'], { ...env, PAVED_TOKEN: bob });
    expect(JSON.parse(bobList.stdout).map((r: { fullName: string }) => r.fullName)).toContain('payments/site');
    expect(JSON.parse(bobList.stdout).map((r: { fullName: string }) => r.fullName)).not.toContain('payments/checkout');
  });
});
