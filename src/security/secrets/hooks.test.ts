// The pre-commit hook, installed into real repositories; a real `git commit` runs it.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { installHook, uninstallHook } from './hooks.js';
import { commands } from './hooks-cli.js';
import { checksummed, seeded } from './testing/random.js';
import { commit, git, gitEnv, initRepo, remove, write } from './testing/git-fixture.js';
import type { CommandIO } from '../../cli/command.js';

const rng = seeded(3);
const dirs: string[] = [];
const repo = () => {
  const d = initRepo();
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) remove(d);
});

const builtCli = fileURLToPath(new URL('../../../dist/src/cli/main.js', import.meta.url));

function io(cwd: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const value: CommandIO = { stdout, stderr, stdin: new PassThrough(), env: {}, cwd, isTTY: false, color: false };
  return { io: value, out: () => out, err: () => err };
}

const tryCommit = (dir: string) => spawnSync('git', ['commit', '-m', 'attempt'], { cwd: dir, env: gitEnv, encoding: 'utf8' });

describe('pre-commit hook', () => {
  // The hook runs the built CLI (`npm test` builds first); without a build there is nothing to run.
  it.skipIf(!existsSync(builtCli))('blocks a commit that stages a secret and lets a clean one through', () => {
    const dir = repo();
    commit(dir, { 'README.md': '# app\n' }, 'init');
    const token = checksummed(rng, 'ghp_');
    return installHook(dir).then(() => {
      write(dir, 'src/config.ts', `export const token = "${token}";\n`);
      git(dir, 'add', 'src/config.ts');
      const blocked = tryCommit(dir);
      expect(blocked.status).not.toBe(0);
      expect(blocked.stdout + blocked.stderr).toContain('github-classic-pat');
      expect(blocked.stdout + blocked.stderr).not.toContain(token);
      expect(git(dir, 'rev-list', '--count', 'HEAD').trim()).toBe('1');

      write(dir, 'src/config.ts', 'export const token = process.env.GITHUB_TOKEN;\n');
      git(dir, 'add', 'src/config.ts');
      const allowed = tryCommit(dir);
      expect(allowed.status, allowed.stdout + allowed.stderr).toBe(0);
      expect(git(dir, 'rev-list', '--count', 'HEAD').trim()).toBe('2');
    });
  });

  it('refuses to overwrite a foreign hook, chains it on request, and restores it on uninstall', async () => {
    const dir = repo();
    const hook = join(dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho previous-ran > "$(git rev-parse --show-toplevel)/previous.txt"\n');
    chmodSync(hook, 0o755);
    const refused = io(dir);
    expect(await commands[0]!.run([], refused.io)).toBe(1);
    expect(refused.err()).toMatch(/already exists .* --chain .* --force/);

    const chained = io(dir);
    expect(await commands[0]!.run(['--chain'], chained.io)).toBe(0);
    expect(chained.out()).toMatch(/existing hook runs first/);
    expect(readFileSync(hook, 'utf8')).toContain('paved-secrets-hook');
    expect(readFileSync(join(dir, '.git', 'hooks', 'pre-commit.paved-previous'), 'utf8')).toContain('previous-ran');

    // The chained hook runs before the scan: a commit runs it (the scan then decides).
    await installHook(dir, { command: 'true' });
    commit(dir, { 'a.txt': 'hello\n' }, 'first');
    expect(existsSync(join(dir, 'previous.txt'))).toBe(true);

    const removed = io(dir);
    expect(await commands[1]!.run([], removed.io)).toBe(0);
    expect(removed.out()).toMatch(/restored the previous pre-commit hook/);
    expect(readFileSync(hook, 'utf8')).toContain('previous-ran');
    await expect(uninstallHook(dir)).rejects.toThrow(/not installed by Paved/);
  });

  it('--force keeps a backup; uninstall without a hook is a failure; --chain with --force is a usage error', async () => {
    const dir = repo();
    const hook = join(dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\nexit 0\n');
    const forced = await installHook(dir, { force: true });
    expect(forced.message).toMatch(/saved as pre-commit.paved-backup/);
    expect(existsSync(join(dir, '.git', 'hooks', 'pre-commit.paved-backup'))).toBe(true);
    await uninstallHook(dir);
    const none = io(dir);
    expect(await commands[1]!.run([], none.io)).toBe(1);
    await expect(commands[0]!.run(['--chain', '--force'], io(dir).io)).rejects.toThrow(/cannot be combined/);
  });
});
