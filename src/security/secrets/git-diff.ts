// Reads `git log -p` / `git diff-tree -p` / `git diff --cached` output (with -U0) as a stream of
// added lines per file and commit. Only added lines matter: a secret is reported at the commit that
// introduced it, even if a later commit deleted it.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { CommitInfo } from './model.js';

/** The commit header line we ask git for: \x01 sha \0 author \0 email \0 ISO date. */
export const commitFormat = '--format=%x01%H%x00%an%x00%ae%x00%aI';

export interface AddedLines {
  commit?: CommitInfo;
  /** Path in the new tree, relative to the repository root. */
  path: string;
  lines: Array<{ line: number; text: string }>;
}

/** Undoes git's C-style quoting of unusual paths ("a\303\244.txt" → bytes). */
export function unquotePath(path: string): string {
  if (!path.startsWith('"')) return path;
  const body = path.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(c.charCodeAt(0));
      continue;
    }
    const n = body[++i]!;
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push({ n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 }[n] ?? n.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Parses a unified diff stream (latin1, so bytes survive) into added lines per file. */
export async function* parseDiff(stream: Readable): AsyncGenerator<AddedLines> {
  stream.setEncoding('latin1');
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let commit: CommitInfo | undefined;
  let current: AddedLines | undefined;
  let newLine = 0;
  let inHunk = false;
  for await (const line of lines) {
    if (line.charCodeAt(0) === 1) {
      if (current?.lines.length) yield current;
      current = undefined;
      const [sha, author, email, date] = line.slice(1).split('\0');
      commit = { commit: sha!, author: Buffer.from(author ?? '', 'latin1').toString('utf8'), email: email ?? '', date: date ?? '' };
      inHunk = false;
      continue;
    }
    if (line.startsWith('diff --git ')) {
      if (current?.lines.length) yield current;
      current = undefined;
      inHunk = false;
      continue;
    }
    if (!inHunk && line.startsWith('+++ ')) {
      const target = line.slice(4);
      if (target === '/dev/null') current = undefined;
      else {
        const path = unquotePath(Buffer.from(target, 'latin1').toString('utf8'));
        current = { path: path.startsWith('b/') || path.startsWith('"b/') ? path.slice(2) : path, lines: [] };
        if (commit) current.commit = commit;
      }
      continue;
    }
    if (line.startsWith('@@')) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      newLine = m ? Number(m[1]) : 0;
      inHunk = true;
      continue;
    }
    if (!inHunk || !current) continue;
    const first = line.charCodeAt(0);
    if (first === 43 /* + */) current.lines.push({ line: newLine++, text: line.slice(1) });
    else if (first === 32 /* space */) newLine++;
  }
  if (current?.lines.length) yield current;
}
