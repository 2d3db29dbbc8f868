// History, staged and push scans against real git repositories.
import { afterEach, describe, expect, it } from 'vitest';
import { secretsScanner, scanPush } from './index.js';
import { checksummed, seeded, alnum, chars } from './testing/random.js';
import { commit, git, initRepo, remove, tempDir, write } from './testing/git-fixture.js';

const rng = seeded(42);
const dirs: string[] = [];
const repo = () => {
  const dir = initRepo();
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) remove(d);
});

describe('history scan', () => {
  it('finds a secret that a later commit deleted, at the commit that introduced it', async () => {
    const dir = repo();
    const token = checksummed(rng, 'ghp_');
    commit(dir, { 'README.md': '# app\n' }, 'init', '2025-01-01T10:00:00Z');
    const introduced = commit(dir, { 'src/config.ts': `export const a = 1;\nexport const b = 2;\nconst gh = "${token}";\n` }, 'add config', '2025-01-02T10:00:00Z');
    commit(dir, { 'src/config.ts': 'export const a = 1;\nexport const b = 2;\n' }, 'remove token', '2025-01-03T10:00:00Z');

    const tree = await secretsScanner.scan({ root: dir });
    expect(tree.findings).toEqual([]);

    const result = await secretsScanner.scan({ root: dir, options: { history: true } });
    expect(result.scanned).toBe(3);
    expect(result.findings).toHaveLength(1);
    const [f] = result.findings;
    expect(f).toMatchObject({ ruleId: 'github-classic-pat', file: 'src/config.ts', line: 3 });
    expect(f!.properties).toMatchObject({ commit: introduced, author: 'Ada Dev', email: 'ada@corp.internal' });
    expect(String(f!.properties!.date)).toMatch(/^2025-01-02T10:00:00/);
    expect(f!.message).not.toContain(token);
    expect(f!.message).toContain(token.slice(0, 4));
  });

  it('reports a secret present in several commits once, at the earliest', async () => {
    const dir = repo();
    const token = checksummed(rng, 'npm_');
    const first = commit(dir, { 'a.txt': `t=${token}\n` }, 'one', '2025-01-01T00:00:00Z');
    commit(dir, { 'a.txt': `x\nt=${token}\n` }, 'two', '2025-01-05T00:00:00Z');
    git(dir, 'checkout', '-q', '-b', 'feature');
    commit(dir, { 'a.txt': null }, 'gone', '2025-01-06T00:00:00Z');
    commit(dir, { 'a.txt': `t=${token}\n` }, 'back', '2025-01-07T00:00:00Z');
    const result = await secretsScanner.scan({ root: dir, options: { history: true } });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.properties!.commit).toBe(first);
  });

  it('--since limits the scan to later commits and rejects an unknown revision', async () => {
    const dir = repo();
    const old = commit(dir, { 'a.txt': `t=${checksummed(rng, 'ghp_')}\n` }, 'old');
    commit(dir, { 'b.txt': `t=${checksummed(rng, 'gho_')}\n` }, 'new');
    const result = await secretsScanner.scan({ root: dir, options: { since: old } });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['github-oauth-token']);
    await expect(secretsScanner.scan({ root: dir, options: { since: 'no-such-rev' } })).rejects.toThrow(/not a revision/);
  });

  it('fails clearly outside a git repository', async () => {
    const dir = tempDir();
    dirs.push(dir);
    await expect(secretsScanner.scan({ root: dir, options: { history: true } })).rejects.toThrow(/git rev-parse failed/);
  });
});

describe('staged scan', () => {
  it('reports staged secrets with staged line numbers, not unstaged or committed ones', async () => {
    const dir = repo();
    commit(dir, { 'old.txt': `t=${checksummed(rng, 'ghp_')}\n` }, 'committed before');
    write(dir, 'app.py', `import os\n\nSLACK = "xoxb-${'1234567890'}12-${'1234567890'}123-${chars(rng, alnum, 24)}"\n`);
    git(dir, 'add', 'app.py');
    write(dir, 'unstaged.txt', `t=${checksummed(rng, 'ghs_')}\n`);
    const result = await secretsScanner.scan({ root: dir, options: { staged: true } });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([['slack-bot-token', 'app.py', 3]]);
  });
});

describe('scanPush', () => {
  it('scans only the commits a push adds, for a new branch and an updated one', async () => {
    const bare = tempDir();
    dirs.push(bare);
    git(bare, 'init', '-q', '--bare', '-b', 'main');
    const work = repo();
    const oldToken = checksummed(rng, 'ghp_');
    const base = commit(work, { 'a.txt': `old=${oldToken}\n` }, 'base');
    git(work, 'push', '-q', bare, 'main');

    const newToken = checksummed(rng, 'npm_');
    git(work, 'checkout', '-q', '-b', 'feature');
    const added = commit(work, { 'b.txt': `x\nnew=${newToken}\n` }, 'feature work');
    git(work, 'push', '-q', bare, 'feature');
    const zero = '0'.repeat(40);

    // A new branch: only commits no other ref has (not the base commit already on main).
    const created = await scanPush({ repoPath: bare, updates: [{ ref: 'refs/heads/feature', before: zero, after: added }] });
    expect(created.map((f) => [f.ruleId, f.file, f.line, f.properties!.commit])).toEqual([['npm-access-token', 'b.txt', 2, added]]);

    // main moves from base to a newer commit (pushed after the fact, post-receive style): only that commit,
    // not the feature commit that another ref already has.
    const third = checksummed(rng, 'gho_');
    const next = commit(work, { 'c.txt': `third=${third}\n` }, 'more work');
    git(work, 'push', '-q', bare, 'feature:main');
    const updated = await scanPush({ repoPath: bare, updates: [{ ref: 'refs/heads/main', before: base, after: next }] });
    expect(updated.map((f) => [f.ruleId, f.properties!.commit])).toEqual([['github-oauth-token', next]]);

    // A deletion adds nothing.
    expect(await scanPush({ repoPath: bare, updates: [{ ref: 'refs/heads/feature', before: added, after: zero }] })).toEqual([]);
  });
});
