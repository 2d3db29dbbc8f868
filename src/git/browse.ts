// Read-only views of a repository for the portal and API: branches, commits, trees, files, README.
// Every ref a caller names is resolved to a commit id first (`rev-parse --verify --end-of-options`), so
// no caller text reaches git as an option.
import { InputError, NotFoundError } from '../kernel/errors.js';
import { runGit } from './repo-fs.js';

/** Files larger than this are listed but not returned by the blob endpoint. */
export const MAX_BLOB_BYTES = 1024 * 1024;

export interface Branch {
  name: string;
  commit: string;
  date: string;
  subject: string;
}

export interface Commit {
  id: string;
  author: string;
  email: string;
  date: string;
  subject: string;
}

export interface TreeEntry {
  name: string;
  path: string;
  type: 'blob' | 'tree' | 'commit';
  mode: string;
  size: number | null;
}

export interface Blob {
  path: string;
  size: number;
  binary: boolean;
  /** UTF-8 text; null when the file is binary or too large. */
  content: string | null;
  truncated: boolean;
}

async function out(repo: string, args: string[]): Promise<string> {
  const r = await runGit(repo, args);
  if (r.code !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr.trim().split('\n')[0]}`);
  return r.stdout.toString('utf8');
}

export async function resolveCommit(repo: string, ref: string): Promise<string> {
  if (!/^[A-Za-z0-9._/^~@{}-]{1,250}$/.test(ref)) throw new InputError(`ref ${JSON.stringify(ref)} is not a valid branch, tag or commit`, [{ path: 'query.ref', message: 'invalid ref' }]);
  const r = await runGit(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (r.code !== 0) throw new NotFoundError(`ref ${ref} does not exist (an empty repository has no commits yet)`);
  return r.stdout.toString('utf8').trim();
}

function cleanPath(path: string | undefined): string {
  const p = (path ?? '').replace(/^\/+|\/+$/g, '');
  if (p.split('/').some((s) => s === '..' || s === '.') || p.includes('\0') || p.includes(':')) {
    throw new InputError(`path ${JSON.stringify(path)} is not a path inside the repository`, [{ path: 'query.path', message: 'invalid path' }]);
  }
  return p;
}

export async function branches(repo: string): Promise<Branch[]> {
  const text = await out(repo, ['for-each-ref', '--sort=-committerdate', '--format=%(refname:short)%00%(objectname)%00%(committerdate:iso-strict)%00%(subject)', 'refs/heads']);
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [name, commit, date, subject] = l.split('\0');
      return { name: name!, commit: commit!, date: date!, subject: subject ?? '' };
    });
}

export async function commits(repo: string, ref: string, path: string | undefined, limit: number): Promise<Commit[]> {
  const sha = await resolveCommit(repo, ref);
  const p = cleanPath(path);
  const text = await out(repo, ['log', `--max-count=${limit}`, '--format=%H%x00%an%x00%ae%x00%aI%x00%s', sha, '--', ...(p ? [p] : [])]);
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [id, author, email, date, subject] = l.split('\0');
      return { id: id!, author: author!, email: email!, date: date!, subject: subject ?? '' };
    });
}

export async function tree(repo: string, ref: string, path: string | undefined): Promise<TreeEntry[]> {
  const sha = await resolveCommit(repo, ref);
  const p = cleanPath(path);
  const r = await runGit(repo, ['ls-tree', '-z', '--long', `${sha}:${p}`]);
  if (r.code !== 0) throw new NotFoundError(`${p || '/'} is not a directory at ${ref}`);
  const entries = r.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((l) => {
      const tab = l.indexOf('\t');
      const [mode, type, , size] = l.slice(0, tab).split(/\s+/);
      const name = l.slice(tab + 1);
      return { name, path: p ? `${p}/${name}` : name, type: type as TreeEntry['type'], mode: mode!, size: size === '-' ? null : Number(size) };
    });
  // Directories first, then files, each by name: what file browsers show.
  return entries.sort((a, b) => (a.type === 'tree') !== (b.type === 'tree') ? (a.type === 'tree' ? -1 : 1) : a.name.localeCompare(b.name));
}

export async function blob(repo: string, ref: string, path: string): Promise<Blob> {
  const sha = await resolveCommit(repo, ref);
  const p = cleanPath(path);
  if (!p) throw new InputError('name a file with ?path=', [{ path: 'query.path', message: 'required' }]);
  const sizeOut = await runGit(repo, ['cat-file', '-s', `${sha}:${p}`]);
  const type = await runGit(repo, ['cat-file', '-t', `${sha}:${p}`]);
  if (sizeOut.code !== 0 || type.stdout.toString().trim() !== 'blob') throw new NotFoundError(`${p} is not a file at ${ref}`);
  const size = Number(sizeOut.stdout.toString().trim());
  if (size > MAX_BLOB_BYTES) return { path: p, size, binary: false, content: null, truncated: true };
  const data = (await runGit(repo, ['cat-file', 'blob', `${sha}:${p}`])).stdout;
  const binary = data.subarray(0, 8000).includes(0);
  return { path: p, size, binary, content: binary ? null : data.toString('utf8'), truncated: false };
}

/** The README at the top of the tree (README.md first), or undefined. */
export async function readme(repo: string, ref: string): Promise<Blob | undefined> {
  const entries = await tree(repo, ref, '');
  const candidates = entries.filter((e) => e.type === 'blob' && /^readme(\.(md|markdown|txt|rst))?$/i.test(e.name));
  const best = candidates.find((e) => /\.(md|markdown)$/i.test(e.name)) ?? candidates[0];
  return best ? blob(repo, ref, best.path) : undefined;
}
