// Finds every lockfile under a directory and parses each into its own component(s). A file that cannot be
// parsed is returned as an error beside the components, so one broken lockfile never hides the others.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { walkFiles } from '../../files.js';
import { buildComponent } from '../graph.js';
import { LockfileError, type Component } from '../model.js';
import { bunParser } from './bun.js';
import { cargoParser } from './cargo.js';
import { composerParser } from './composer.js';
import { goParsers } from './go.js';
import { jvmParsers } from './jvm.js';
import { npmLockParser } from './npm.js';
import { nugetParser } from './nuget.js';
import { pnpmParser } from './pnpm.js';
import { pythonParsers } from './python.js';
import { rubyParser } from './ruby.js';
import type { LockfileParser } from './types.js';
import { yarnParser } from './yarn.js';

export const lockfileParsers: LockfileParser[] = [npmLockParser, yarnParser, pnpmParser, bunParser, ...pythonParsers, ...goParsers, cargoParser, rubyParser, composerParser, nugetParser, ...jvmParsers];

const byFileName = new Map(lockfileParsers.flatMap((p) => p.fileNames.map((n) => [n, p] as const)));

export function isLockfileName(name: string): boolean {
  return byFileName.has(name);
}

/** Parses one lockfile; throws LockfileError (never another error) when it cannot. */
export function parseLockfile(absolutePath: string, relativePath: string, text?: string): Component[] {
  const name = basename(absolutePath);
  const parser = byFileName.get(name);
  if (!parser) throw new LockfileError(relativePath, 0, `not a lockfile Paved reads (${[...byFileName.keys()].join(', ')})`);
  const dir = dirname(absolutePath);
  let content: string;
  try {
    content = text ?? readFileSync(absolutePath, 'utf8');
  } catch (error) {
    throw new LockfileError(relativePath, 0, `cannot read: ${(error as Error).message}`);
  }
  try {
    const graphs = parser.parse({
      text: content.replace(/^\uFEFF/, ''),
      file: relativePath,
      folderName: basename(dir),
      sibling: (n) => {
        try {
          return readFileSync(join(dir, n), 'utf8');
        } catch {
          return undefined;
        }
      },
    });
    return graphs.map((g) => buildComponent(relativePath, g));
  } catch (error) {
    if (error instanceof LockfileError) throw error;
    // A shape the parser did not expect (a number where an object belongs…): still the file's fault.
    throw new LockfileError(relativePath, 0, `unexpected structure: ${(error as Error).message}`);
  }
}

export interface Discovery {
  components: Component[];
  errors: LockfileError[];
  /** Lockfiles looked at. */
  files: string[];
}

/** Every lockfile under `root` (or `root` itself when it is a lockfile). */
export async function discoverComponents(root: string, signal?: AbortSignal): Promise<Discovery> {
  const out: Discovery = { components: [], errors: [], files: [] };
  for await (const f of walkFiles(root, { accept: (rel) => byFileName.has(rel.split('/').pop()!) })) {
    signal?.throwIfAborted();
    out.files.push(f.relativePath);
    try {
      out.components.push(...parseLockfile(f.path, f.relativePath));
    } catch (error) {
      out.errors.push(error instanceof LockfileError ? error : new LockfileError(f.relativePath, 0, String(error)));
    }
  }
  return out;
}
