// Walks a directory tree for scanners: skips VCS and dependency folders, never follows symlinks out of
// the tree, and reports paths relative to the root with forward slashes.
import { opendir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export const defaultSkippedDirectories = new Set(['.git', 'node_modules', '.paved', '.terraform', '.venv', '__pycache__', 'dist', 'coverage']);

export interface WalkedFile {
  /** Absolute path. */
  path: string;
  /** Relative to the root, forward slashes. */
  relativePath: string;
  size: number;
}

export interface WalkOptions {
  skipDirectories?: Set<string>;
  /** Return false to skip a file early (by name) without a stat call. */
  accept?: (relativePath: string) => boolean;
}

export async function* walkFiles(root: string, options: WalkOptions = {}): AsyncGenerator<WalkedFile> {
  const skip = options.skipDirectories ?? defaultSkippedDirectories;
  const rootStat = await stat(root);
  if (rootStat.isFile()) {
    const name = root.split(sep).pop()!;
    yield { path: root, relativePath: name, size: rootStat.size };
    return;
  }
  const pending = [root];
  while (pending.length) {
    const dir = pending.pop()!;
    const entries = [];
    for await (const entry of await opendir(dir)) entries.push(entry);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skip.has(entry.name)) pending.push(path);
        continue;
      }
      if (!entry.isFile()) continue; // symlinks, sockets: never followed
      const relativePath = relative(root, path).split(sep).join('/');
      if (options.accept && !options.accept(relativePath)) continue;
      const { size } = await stat(path);
      yield { path, relativePath, size };
    }
  }
}

/** True when the first bytes contain a NUL: the usual test for a binary file. */
export function looksBinary(head: Uint8Array): boolean {
  const n = Math.min(head.length, 8000);
  for (let i = 0; i < n; i++) if (head[i] === 0) return true;
  return false;
}
