// Git targets: the staged changes (what a pre-commit hook sees), the whole history (every commit on every
// ref, or since a revision) and pushed commits (for the git server). History uses `git rev-list` plus
// `git diff-tree --stdin -p -U0` split over parallel git processes, so diff generation uses every core.
import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Finding } from '../finding.js';
import { InputError } from '../../kernel/errors.js';
import { commitFormat, parseDiff, type AddedLines } from './git-diff.js';
import { hitToFinding } from './findings.js';
import type { PreparedScan } from './setup.js';
import type { Hit } from './model.js';

const run = promisify(execFile);
const zero = /^0+$/;

export async function git(cwd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 1024 * 1024 * 1024, env: env ?? process.env });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new InputError(`git ${args[0]} failed in ${cwd}: ${(e.stderr || e.message).trim().split('\n')[0]}`);
  }
}

export async function repositoryRoot(path: string): Promise<string> {
  return (await git(path, ['rev-parse', '--show-toplevel'])).trim();
}

/** Scans the added lines of one file of one commit (or of the index) and maps hits back to file lines. */
export function scanAdded(prepared: PreparedScan, added: AddedLines, redact: boolean): Finding[] {
  const text = added.lines.map((l) => l.text).join('\n');
  const context = added.commit ? { file: added.path, commit: added.commit.commit } : { file: added.path };
  const hits: Hit[] = prepared.engine.scan(text, context);
  return hits.map((hit) => {
    const line = added.lines[hit.line - 1]?.line ?? hit.line;
    const ctx = { file: added.path, redact, ignored: prepared.ignored, ...(added.commit ? { commit: added.commit } : {}) };
    return hitToFinding({ ...hit, line }, ctx);
  });
}

/** `git diff --cached`: the staged content, with line numbers of the staged files. */
export async function scanStaged(repo: string, prepared: PreparedScan, redact: boolean): Promise<{ findings: Finding[]; scanned: number }> {
  const root = await repositoryRoot(repo);
  const child = spawn('git', ['diff', '--cached', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-renames', '--diff-filter=d'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const { findings, files } = await collect(child, prepared, redact);
  return { findings, scanned: files };
}

export interface HistoryOptions {
  /** Only commits after this revision (`REV..HEAD`), or a range `A..B` as given. */
  since?: string;
  /** Explicit commits to scan (push scans). */
  commits?: string[];
  /** Parallel git processes. */
  threads?: number;
  env?: NodeJS.ProcessEnv;
  onProgress?: (done: number, total: number) => void;
}

/** Lists the commits a history scan covers: every ref, or those after `since`. Merges add no lines. */
export async function historyCommits(repo: string, since?: string, env?: NodeJS.ProcessEnv): Promise<string[]> {
  const range = since === undefined ? ['--all'] : since.includes('..') ? [since] : [`${since}..HEAD`];
  if (since !== undefined) await git(repo, ['rev-parse', '--verify', '--quiet', `${since.split('..')[0]}^{commit}`], env).catch(() => {
    throw new InputError(`--since: "${since}" is not a revision in ${repo}`);
  });
  const out = await git(repo, ['rev-list', '--no-merges', ...range], env);
  return out.split('\n').filter(Boolean);
}

/**
 * Scans the added lines of the given commits. A secret present in several commits (re-added, cherry-picked)
 * is reported once, at its earliest commit: the one that introduced it.
 */
export async function scanCommits(repo: string, commits: string[], prepared: PreparedScan, redact: boolean, options: HistoryOptions = {}): Promise<Finding[]> {
  if (commits.length === 0) return [];
  const threads = Math.max(1, Math.min(options.threads ?? 2, Math.ceil(commits.length / 50)));
  const chunks: string[][] = Array.from({ length: threads }, () => []);
  commits.forEach((c, i) => chunks[i % threads]!.push(c));
  let done = 0;
  const results = await Promise.all(
    chunks.map(async (chunk) => {
      const child = spawn('git', ['diff-tree', '--stdin', '-p', '-U0', '-r', '--root', '--no-color', '--no-ext-diff', '--no-renames', '--diff-filter=d', commitFormat], {
        cwd: repo,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: options.env ?? process.env,
      });
      child.stdin.end(chunk.join('\n') + '\n');
      return collect(child, prepared, redact, () => options.onProgress?.(++done, commits.length));
    }),
  );
  const earliest = new Map<string, Finding>();
  for (const { findings } of results) {
    for (const f of findings) {
      const seen = earliest.get(f.fingerprint);
      if (!seen || String(f.properties?.date) < String(seen.properties?.date)) earliest.set(f.fingerprint, f);
    }
  }
  return [...earliest.values()];
}

async function collect(child: ReturnType<typeof spawn>, prepared: PreparedScan, redact: boolean, onCommit?: () => void) {
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const findings: Finding[] = [];
  let files = 0;
  let lastCommit: string | undefined;
  for await (const added of parseDiff(child.stdout!)) {
    if (added.commit && added.commit.commit !== lastCommit) {
      lastCommit = added.commit.commit;
      onCommit?.();
    }
    files++;
    findings.push(...scanAdded(prepared, added, redact));
  }
  const code = await exited;
  if (code !== 0) throw new InputError(`git failed: ${stderr.trim().split('\n')[0] || `exit code ${code}`}`);
  return { findings, files };
}

export interface RefUpdate {
  ref: string;
  /** The old tip; all zeros for a new ref. */
  before: string;
  /** The new tip; all zeros for a deleted ref. */
  after: string;
}

/**
 * The commits a push adds: reachable from the new tips but from no old tip and no other ref. Works before
 * the refs move (pre-receive) and after (post-receive), because updated refs are excluded explicitly.
 */
export async function pushedCommits(repo: string, updates: RefUpdate[], env?: NodeJS.ProcessEnv): Promise<string[]> {
  const afters = updates.filter((u) => !zero.test(u.after)).map((u) => u.after);
  if (afters.length === 0) return [];
  const updated = new Set(updates.map((u) => u.ref));
  const refs = (await git(repo, ['for-each-ref', '--format=%(objectname) %(refname)'], env))
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ') as [string, string])
    .filter(([, name]) => !updated.has(name))
    .map(([sha]) => sha);
  const befores = updates.filter((u) => !zero.test(u.before)).map((u) => u.before);
  const exclude = [...new Set([...befores, ...refs])];
  const out = await git(repo, ['rev-list', '--no-merges', ...afters, ...(exclude.length ? ['--not', ...exclude] : [])], env);
  return out.split('\n').filter(Boolean);
}
