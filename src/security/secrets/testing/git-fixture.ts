// Temporary git repositories for tests: real git, isolated from the user's configuration.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Ada Dev',
  GIT_AUTHOR_EMAIL: 'ada@corp.internal',
  GIT_COMMITTER_NAME: 'Ada Dev',
  GIT_COMMITTER_EMAIL: 'ada@corp.internal',
};

export function tempDir(prefix = 'paved-secrets-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function initRepo(dir = tempDir()): string {
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

export function write(root: string, file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

/** Writes files and commits them with a fixed date, returning the commit id. */
export function commit(repo: string, files: Record<string, string | null>, message: string, date = '2025-01-01T12:00:00Z'): string {
  for (const [file, text] of Object.entries(files)) {
    if (text === null) git(repo, 'rm', '-q', file);
    else {
      write(repo, file, text);
      git(repo, 'add', file);
    }
  }
  execFileSync('git', ['commit', '-q', '-m', message], { cwd: repo, env: { ...gitEnv, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  return git(repo, 'rev-parse', 'HEAD').trim();
}

export function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
