// The bare repositories on disk: create, delete, install hooks, read refs and changed paths.
// Every call runs the real `git` with an argument array (no shell), in the repository directory.
import { spawn } from 'node:child_process';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ZERO = '0000000000000000000000000000000000000000';
/** The empty tree's id: the base for changed paths of a branch with no ancestor in the repository. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs git; resolves with its exit code and output (never rejects on a non-zero exit). */
export function runGit(cwd: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: Buffer | string; maxBuffer?: number } = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: options.env ?? gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let size = 0;
    let err = '';
    const max = options.maxBuffer ?? 64 * 1024 * 1024;
    child.stdout.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) child.kill();
      else out.push(c);
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: err }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** git's environment without the caller's repository or config overrides leaking in. */
export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return { ...env, GIT_TERMINAL_PROMPT: '0', ...extra };
}

async function must(cwd: string, args: string[]): Promise<string> {
  const r = await runGit(cwd, args);
  if (r.code !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr.trim().split('\n')[0] ?? r.code}`);
  return r.stdout.toString('utf8');
}

export function repositoryPath(root: string, owner: string, name: string): string {
  return join(root, owner, `${name}.git`);
}

/**
 * `git init --bare` with what Paved needs: pushes over HTTP, push options for overrides, the default
 * branch, and the hooks that enforce protection and the secrets check.
 */
export async function createBareRepository(path: string, defaultBranch: string): Promise<void> {
  await mkdir(path, { recursive: true });
  await must(path, ['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`, '.']);
  await must(path, ['config', 'http.receivepack', 'true']);
  await must(path, ['config', 'receive.advertisePushOptions', 'true']);
  // Refuse pushes that would leave corrupt objects in the repository.
  await must(path, ['config', 'receive.fsckObjects', 'true']);
  await installHooks(path);
}

/**
 * The pre-receive hook is a small shell wrapper that runs Paved's Node script. The node binary and the
 * script path come from the environment Paved sets when it runs `git http-backend`; a push that does
 * not come through Paved (no environment) is refused rather than let through unchecked.
 */
export async function installHooks(path: string): Promise<void> {
  const hook = join(path, 'hooks', 'pre-receive');
  await mkdir(join(path, 'hooks'), { recursive: true });
  await writeFile(
    hook,
    `#!/bin/sh
# Installed by Paved: branch protection and the secrets check (see docs/git.md).
if [ -z "$PAVED_HOOK_SCRIPT" ] || [ -z "$PAVED_NODE" ]; then
  echo "Paved: pushes to this repository must go through the Paved server" >&2
  exit 1
fi
exec "$PAVED_NODE" "$PAVED_HOOK_SCRIPT"
`,
  );
  await chmod(hook, 0o755);
}

export async function deleteBareRepository(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

/** Every ref and its tip: `refs/heads/main → sha`. */
export async function readRefs(path: string): Promise<Map<string, string>> {
  const out = await must(path, ['for-each-ref', '--format=%(objectname) %(refname)']);
  const refs = new Map<string, string>();
  for (const line of out.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) refs.set(line.slice(space + 1), line.slice(0, space));
  }
  return refs;
}

export interface RefChange {
  ref: string;
  before: string;
  after: string;
}

export function diffRefs(before: Map<string, string>, after: Map<string, string>): RefChange[] {
  const changes: RefChange[] = [];
  for (const [ref, sha] of after) if (before.get(ref) !== sha) changes.push({ ref, before: before.get(ref) ?? ZERO, after: sha });
  for (const [ref, sha] of before) if (!after.has(ref)) changes.push({ ref, before: sha, after: ZERO });
  return changes.sort((a, b) => a.ref.localeCompare(b.ref));
}

/**
 * Paths a ref change touched. A new branch is compared with its merge base with the default branch
 * (what the branch adds), or with the empty tree when it shares no history; a deletion touched nothing.
 */
export async function changedPaths(path: string, change: RefChange, defaultRef: string, refsBefore: Map<string, string>): Promise<string[]> {
  if (change.after === ZERO) return [];
  let base = change.before;
  if (base === ZERO) {
    const defaultTip = refsBefore.get(defaultRef);
    base = EMPTY_TREE;
    if (defaultTip) {
      const mb = await runGit(path, ['merge-base', defaultTip, change.after]);
      if (mb.code === 0 && mb.stdout.toString().trim()) base = mb.stdout.toString().trim();
    }
  }
  const r = await runGit(path, ['diff', '--name-only', '--no-renames', '-z', base, change.after]);
  if (r.code !== 0) return [];
  return r.stdout.toString('utf8').split('\0').filter(Boolean);
}
