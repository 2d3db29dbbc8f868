// `paved hooks install|uninstall`: a git pre-commit hook that runs `paved scan secrets --staged` and
// blocks the commit when a secret is staged. An existing hook is never overwritten silently: install
// refuses, or with `chain` keeps it (renamed) and runs it first, or with `force` replaces it (kept as a backup).
import { chmod, readFile, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConflictError, NotFoundError } from '../../kernel/errors.js';
import { git } from './git-scan.js';

const marker = '# paved-secrets-hook';

export interface InstallOptions {
  /** Keep an existing hook and run it before Paved's check. */
  chain?: boolean;
  /** Replace an existing hook (it is kept as pre-commit.paved-backup). */
  force?: boolean;
  /** The command the hook runs (default: `paved` from PATH, else this installation's bin/paved.js). */
  command?: string;
}

export interface HookResult {
  path: string;
  message: string;
}

async function hooksDirectory(repo: string): Promise<string> {
  const dir = (await git(repo, ['rev-parse', '--git-path', 'hooks'])).trim();
  return isAbsolute(dir) ? dir : join(repo, dir);
}

function defaultCommand(): string {
  // This module lives at src/security/secrets (tests) or dist/src/security/secrets (installed).
  const bin = ['../../../bin/paved.js', '../../../../bin/paved.js'].map((p) => fileURLToPath(new URL(p, import.meta.url))).find((p) => existsSync(p));
  const fallback = bin ? `"${process.execPath}" "${bin}"` : 'paved';
  return `if command -v paved >/dev/null 2>&1; then PAVED=paved; else PAVED='${fallback.replace(/'/g, "'\\''")}'; fi`;
}

export function hookScript(command?: string): string {
  const setup = command ? `PAVED='${command.replace(/'/g, "'\\''")}'` : defaultCommand();
  return `#!/bin/sh
${marker}: installed by \`paved hooks install\`, removed by \`paved hooks uninstall\`.
# Blocks the commit when the staged changes contain a secret. Bypass once: git commit --no-verify
previous="$(dirname "$0")/pre-commit.paved-previous"
if [ -x "$previous" ]; then "$previous" "$@" || exit $?; fi
${setup}
eval "$PAVED scan secrets --staged --fail-on low"
`;
}

export async function installHook(repo: string, options: InstallOptions = {}): Promise<HookResult> {
  const dir = await hooksDirectory(repo);
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'pre-commit');
  let message = `installed the secrets pre-commit hook at ${path}`;
  if (existsSync(path)) {
    const existing = await readFile(path, 'utf8');
    if (existing.includes(marker)) message = `updated the secrets pre-commit hook at ${path}`;
    else if (options.chain) {
      await rename(path, join(dir, 'pre-commit.paved-previous'));
      message = `installed the secrets pre-commit hook at ${path}; the existing hook runs first (kept as pre-commit.paved-previous)`;
    } else if (options.force) {
      await rename(path, join(dir, 'pre-commit.paved-backup'));
      message = `replaced the existing pre-commit hook (saved as pre-commit.paved-backup) with the secrets hook`;
    } else {
      throw new ConflictError(`a pre-commit hook already exists at ${path}. Use --chain to run it before the secrets check, or --force to replace it (it is kept as pre-commit.paved-backup).`);
    }
  }
  await writeFile(path, hookScript(options.command));
  await chmod(path, 0o755);
  return { path, message };
}

export async function uninstallHook(repo: string): Promise<HookResult> {
  const dir = await hooksDirectory(repo);
  const path = join(dir, 'pre-commit');
  if (!existsSync(path)) throw new NotFoundError(`no pre-commit hook at ${path}`);
  if (!(await readFile(path, 'utf8')).includes(marker)) throw new ConflictError(`the pre-commit hook at ${path} was not installed by Paved; leaving it alone`);
  await rm(path);
  const previous = join(dir, 'pre-commit.paved-previous');
  if (existsSync(previous)) {
    await rename(previous, path);
    return { path, message: `removed the secrets hook and restored the previous pre-commit hook at ${path}` };
  }
  return { path, message: `removed the secrets pre-commit hook from ${path}` };
}
