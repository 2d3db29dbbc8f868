// Reads `git log -p` / `git diff-tree -p` / `git diff --cached` output (with -U0) as a stream of
// added lines per file and commit. Only added lines matter: a secret is reported at the commit that
// introduced it, even if a later commit deleted it.
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

/**
 * Parses a unified diff stream (latin1, so bytes survive) into added lines per file. Lines are split by
 * hand and fed to a synchronous state machine per chunk: readline's per-line async iteration cost more CPU
 * than the scan itself on 10,000-commit histories.
 */
export async function* parseDiff(stream: Readable): AsyncGenerator<AddedLines> {
  stream.setEncoding('latin1');
  const parser = new DiffParser();
  let rest = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      parser.line(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
    if (parser.ready.length) yield* parser.ready.splice(0);
  }
  if (rest) parser.line(rest);
  parser.flush();
  yield* parser.ready;
}

class DiffParser {
  readonly ready: AddedLines[] = [];
  private commit: CommitInfo | undefined;
  private current: AddedLines | undefined;
  private newLine = 0;
  private inHunk = false;

  flush(): void {
    if (this.current?.lines.length) this.ready.push(this.current);
    this.current = undefined;
  }

  line(line: string): void {
    const first = line.charCodeAt(0);
    if (this.inHunk && this.current) {
      if (first === 43 /* + */) {
        this.current.lines.push({ line: this.newLine++, text: line.slice(1) });
        return;
      }
      if (first === 45 /* - */) return;
      if (first === 32 /* space */) {
        this.newLine++;
        return;
      }
      if (first === 92 /* \ No newline at end of file */) return;
    }
    if (first === 1) {
      this.flush();
      const [sha, author, email, date] = line.slice(1).split('\0');
      this.commit = { commit: sha!, author: Buffer.from(author ?? '', 'latin1').toString('utf8'), email: email ?? '', date: date ?? '' };
      this.inHunk = false;
    } else if (line.startsWith('diff --git ')) {
      this.flush();
      this.inHunk = false;
    } else if (!this.inHunk && line.startsWith('+++ ')) {
      const target = line.slice(4);
      if (target === '/dev/null') this.current = undefined;
      else {
        const path = unquotePath(Buffer.from(target, 'latin1').toString('utf8'));
        this.current = { path: path.startsWith('b/') ? path.slice(2) : path, lines: [] };
        if (this.commit) this.current.commit = this.commit;
      }
    } else if (line.startsWith('@@')) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      this.newLine = m ? Number(m[1]) : 0;
      this.inHunk = true;
    }
  }
}
