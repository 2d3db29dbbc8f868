// package-lock.json (v1, v2, v3) and npm-shrinkwrap.json. v2/v3 list every installed folder under
// `packages`; v1 nests `dependencies`. Both are flattened to folder paths, and a `require` is resolved the
// way Node does: the nearest node_modules folder walking up from the requiring package.
import type { RawEdge, RawGraph, RawNode } from '../graph.js';
import { hashFromSri } from '../graph.js';
import { LockfileError, type Scope } from '../model.js';
import { objectAt, parseJsonAt, type LockfileInput, type LockfileParser } from './types.js';

interface Entry {
  name?: string;
  version?: string;
  integrity?: string;
  license?: string;
  link?: boolean;
  resolved?: string;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function nameFromPath(path: string): string {
  const i = path.lastIndexOf('node_modules/');
  return path.slice(i + 'node_modules/'.length);
}

/** Finds the folder Node would load `name` from when required by the package at `from`. */
function resolve(entries: Map<string, Entry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (entries.has(candidate)) return candidate;
    if (!base) return undefined;
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}

function v1ToPackages(deps: Record<string, any>, prefix: string, out: Map<string, Entry>, file: string): void {
  for (const [name, raw] of Object.entries(deps)) {
    const e = objectAt(raw, file, `dependencies.${name}`);
    const path = `${prefix}node_modules/${name}`;
    out.set(path, {
      version: e.version,
      integrity: e.integrity,
      dev: e.dev,
      optional: e.optional,
      resolved: e.resolved,
      dependencies: e.requires,
    });
    if (e.dependencies) v1ToPackages(e.dependencies, `${path}/`, out, file);
  }
}

function scopeOf(e: Entry): Scope | undefined {
  if (e.dev) return 'dev';
  if (e.optional || e.devOptional) return e.devOptional && !e.optional ? 'dev' : 'optional';
  return 'runtime';
}

export function parseNpmLock(input: LockfileInput, format: string): RawGraph {
  const { file } = input;
  const lock = objectAt(parseJsonAt(input.text, file), file, 'lockfile');
  const version = lock.lockfileVersion;
  if (version !== undefined && ![1, 2, 3].includes(version)) {
    throw new LockfileError(file, 0, `unsupported lockfileVersion ${JSON.stringify(version)} (1, 2 and 3 are read)`);
  }
  const entries = new Map<string, Entry>();
  let root: Entry;
  if (lock.packages) {
    for (const [path, e] of Object.entries(objectAt(lock.packages, file, 'packages'))) {
      entries.set(path, objectAt(e, file, `packages["${path}"]`) as Entry);
    }
    root = entries.get('') ?? {};
    entries.delete('');
  } else {
    v1ToPackages(objectAt(lock.dependencies, file, 'dependencies'), '', entries, file);
    const manifest = input.sibling('package.json');
    root = manifest ? (parseJsonAt<Entry>(manifest, 'package.json') ?? {}) : {};
    if (!manifest) {
      // Without package.json, the top-level packages nobody requires are the direct ones.
      const required = new Set<string>();
      for (const [path, e] of entries) for (const n of Object.keys(e.dependencies ?? {})) required.add(resolve(entries, path, n) ?? '');
      root = { dependencies: {} };
      for (const [path, e] of entries) {
        if (path.indexOf('/node_modules/') < 0 && !required.has(path)) root.dependencies![nameFromPath(path)] = e.version ?? '';
      }
    }
  }
  // Folder path → node key (name@version); duplicates of one name@version collapse into one package.
  const keyOfPath = new Map<string, string>();
  const nodes = new Map<string, RawNode>();
  const workspaces: Entry[] = [];
  for (const [path, e] of entries) {
    if (!path.includes('node_modules/')) {
      workspaces.push(e); // a workspace folder: first-party code, its dependencies count as direct
      continue;
    }
    if (e.link) continue;
    const name = e.name ?? nameFromPath(path);
    if (!e.version) throw new LockfileError(file, 0, `packages["${path}"] has no version`);
    const key = `${name}@${e.version}`;
    keyOfPath.set(path, key);
    const existing = nodes.get(key);
    const scope = scopeOf(e);
    if (existing) {
      if (existing.scope && scope && (existing.scope === 'dev' || scope === 'runtime')) existing.scope = scope;
      continue;
    }
    nodes.set(key, { key, name, version: e.version, hashes: hashFromSri(e.integrity), license: typeof e.license === 'string' ? e.license : undefined, scope: lock.packages ? scope : undefined });
  }
  // Links (workspace packages installed into node_modules) resolve to the folder they point at.
  const target = (path: string | undefined): string | undefined => {
    if (!path) return undefined;
    const e = entries.get(path);
    if (e?.link) return e.resolved && keyOfPath.has(e.resolved) ? keyOfPath.get(e.resolved) : undefined;
    return keyOfPath.get(path);
  };
  const edges = new Map<string, RawEdge[]>();
  for (const [path, e] of entries) {
    const key = keyOfPath.get(path);
    if (!key) continue;
    const list = edges.get(key) ?? [];
    const add = (deps: Record<string, string> | undefined, kind: Scope) => {
      for (const n of Object.keys(deps ?? {})) {
        const to = target(resolve(entries, path, n));
        if (to && !list.some((x) => x.to === to)) list.push({ to, kind });
      }
    };
    add(e.dependencies, 'runtime');
    add(e.optionalDependencies, 'optional');
    add(e.peerDependencies, 'runtime');
    edges.set(key, list);
  }
  const rootEdges: RawEdge[] = [];
  for (const ws of [root, ...workspaces]) {
    const add = (deps: Record<string, string> | undefined, kind: Scope) => {
      for (const n of Object.keys(deps ?? {})) {
        const to = target(resolve(entries, '', n));
        if (to && !rootEdges.some((x) => x.to === to)) rootEdges.push({ to, kind });
      }
    };
    add(ws.dependencies, 'runtime');
    add(ws.optionalDependencies, 'optional');
    add(ws.peerDependencies, 'runtime');
    add(ws.devDependencies, 'dev');
  }
  return {
    format,
    ecosystem: 'npm',
    name: (lock.name as string) || root.name || input.folderName,
    version: (lock.version as string) || root.version,
    nodes: [...nodes.values()],
    root: rootEdges,
    edges,
  };
}

export const npmLockParser: LockfileParser = {
  format: 'package-lock',
  fileNames: ['package-lock.json', 'npm-shrinkwrap.json'],
  parse: (input: LockfileInput) => [parseNpmLock(input, input.file.endsWith('npm-shrinkwrap.json') ? 'npm-shrinkwrap' : 'package-lock')],
};
