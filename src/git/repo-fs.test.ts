// The bare repository on disk: what `createBareRepository` configures, ref diffs, changed paths, and the
// hook refusing pushes that bypass the server.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedPaths, createBareRepository, diffRefs, readRefs, ZERO } from './repo-fs.js';

const env = { PATH: process.env.PATH, HOME: tmpdir(), GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x.invalid' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();

describe('bare repositories', () => {
  let dir: string;
  let bare: string;
  let work: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paved-repo-fs-'));
    bare = join(dir, 'team', 'app.git');
    await createBareRepository(bare, 'trunk');
    work = join(dir, 'work');
    git(dir, 'init', '--quiet', '--initial-branch=trunk', work);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is bare, accepts pushes over HTTP and push options, and starts on the chosen default branch', () => {
    expect(git(bare, 'rev-parse', '--is-bare-repository')).toBe('true');
    expect(git(bare, 'config', 'http.receivepack')).toBe('true');
    expect(git(bare, 'config', 'receive.advertisePushOptions')).toBe('true');
    expect(git(bare, 'symbolic-ref', 'HEAD')).toBe('refs/heads/trunk');
  });

  it('refuses a push that does not come through the Paved server', () => {
    writeFileSync(join(work, 'a.txt'), 'a\n');
    git(work, 'add', '.');
    git(work, 'commit', '--quiet', '-m', 'a');
    const push = spawnSync('git', ['push', bare, 'trunk'], { cwd: work, env, encoding: 'utf8' });
    expect(push.status).not.toBe(0);
    expect(push.stderr).toContain('pushes to this repository must go through the Paved server');
  });
});

describe('ref diffs and changed paths', () => {
  it('lists created, updated and deleted refs', () => {
    const before = new Map([
      ['refs/heads/main', 'a'.repeat(40)],
      ['refs/heads/old', 'b'.repeat(40)],
    ]);
    const after = new Map([
      ['refs/heads/main', 'c'.repeat(40)],
      ['refs/heads/new', 'd'.repeat(40)],
    ]);
    expect(diffRefs(before, after)).toEqual([
      { ref: 'refs/heads/main', before: 'a'.repeat(40), after: 'c'.repeat(40) },
      { ref: 'refs/heads/new', before: ZERO, after: 'd'.repeat(40) },
      { ref: 'refs/heads/old', before: 'b'.repeat(40), after: ZERO },
    ]);
  });

  it('compares a new branch with its merge base on the default branch, and a first push with the empty tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paved-paths-'));
    try {
      git(dir, 'init', '--quiet', '--initial-branch=main', '.');
      writeFileSync(join(dir, 'base.txt'), 'base\n');
      git(dir, 'add', '.');
      git(dir, 'commit', '--quiet', '-m', 'base');
      const base = git(dir, 'rev-parse', 'HEAD');
      git(dir, 'checkout', '--quiet', '-b', 'feature');
      writeFileSync(join(dir, 'feature.txt'), 'f\n');
      git(dir, 'add', '.');
      git(dir, 'commit', '--quiet', '-m', 'feature');
      const tip = git(dir, 'rev-parse', 'HEAD');
      const refs = await readRefs(dir);
      expect(refs.get('refs/heads/main')).toBe(base);
      expect(await changedPaths(dir, { ref: 'refs/heads/feature', before: ZERO, after: tip }, 'refs/heads/main', refs)).toEqual(['feature.txt']);
      expect(await changedPaths(dir, { ref: 'refs/heads/main', before: ZERO, after: tip }, 'refs/heads/none', new Map())).toEqual(['base.txt', 'feature.txt']);
      expect(await changedPaths(dir, { ref: 'refs/heads/feature', before: tip, after: ZERO }, 'refs/heads/main', refs)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
