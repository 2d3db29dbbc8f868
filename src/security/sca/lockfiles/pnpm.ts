// pnpm-lock.yaml v6–v9 (YAML via `yaml`). v6 keys packages as `/name@1.0.0(peer@x)`; v9 splits them into
// `packages` (metadata) and `snapshots` (dependencies). Each importer of a workspace is its own component.
import { parse as parseYaml } from 'yaml';
import type { RawEdge, RawGraph, RawNode } from '../graph.js';
import { hashFromSri } from '../graph.js';
import { LockfileError, type Scope } from '../model.js';
import type { LockfileInput, LockfileParser } from './types.js';

/** `/@scope/name@1.2.3(peer@1)` → ['@scope/name', '1.2.3']. */
export function splitPnpmKey(key: string): [string, string] {
  const bare = key.replace(/^\//, '').replace(/\(.*$/, '');
  const at = bare.indexOf('@', 1);
  return at < 0 ? [bare, ''] : [bare.slice(0, at), bare.slice(at + 1)];
}

/** A dependency's version field → the package key, or undefined for links to workspace folders. */
function refKey(name: string, version: string): string | undefined {
  const v = String(version);
  if (v.startsWith('link:') || v.startsWith('file:') || v.startsWith('workspace:')) return undefined;
  const bare = v.replace(/\(.*$/, '');
  if (bare.startsWith('/')) return splitPnpmKey(bare).join('@'); // v5/v6 absolute reference
  if (bare.indexOf('@', 1) > 0) return bare; // alias: `npm:other@1.0.0` written as `other@1.0.0`
  return `${name}@${bare}`;
}

export function parsePnpm(input: LockfileInput): RawGraph[] {
  const { file } = input;
  let doc: Record<string, any>;
  try {
    doc = parseYaml(input.text) ?? {};
  } catch (error) {
    const line = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line ?? 0;
    throw new LockfileError(file, line, `invalid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const major = parseInt(String(doc.lockfileVersion ?? ''), 10);
  if (!(major >= 6 && major <= 9)) throw new LockfileError(file, 1, `unsupported lockfileVersion ${JSON.stringify(doc.lockfileVersion)} (6 to 9 are read)`);
  const nodes = new Map<string, RawNode>();
  const edges = new Map<string, RawEdge[]>();
  const packages: Record<string, any> = doc.packages ?? {};
  const snapshots: Record<string, any> = doc.snapshots ?? packages; // before v9 both live in `packages`
  for (const [k, meta] of Object.entries(packages)) {
    const [name, version] = splitPnpmKey(k);
    if (!version) throw new LockfileError(file, 0, `package key ${k} has no version`);
    const key = `${name}@${version}`;
    const m = (meta ?? {}) as Record<string, any>;
    nodes.set(key, {
      key,
      name,
      version,
      hashes: hashFromSri(m.resolution?.integrity),
      scope: m.dev === true ? 'dev' : m.optional ? 'optional' : m.dev === false ? 'runtime' : undefined,
    });
  }
  for (const [k, snap] of Object.entries(snapshots)) {
    const key = splitPnpmKey(k).join('@');
    const list = edges.get(key) ?? [];
    const s = (snap ?? {}) as Record<string, any>;
    for (const [field, kind] of [['dependencies', 'runtime'], ['optionalDependencies', 'optional']] as const) {
      for (const [n, v] of Object.entries(s[field] ?? {})) {
        const to = refKey(n, String(v));
        if (to && !list.some((e) => e.to === to)) list.push({ to, kind });
      }
    }
    edges.set(key, list);
  }
  const importers: Record<string, any> = doc.importers ?? { '.': doc };
  return Object.entries(importers).map(([path, imp]) => {
    const root: RawEdge[] = [];
    for (const [field, kind] of [['dependencies', 'runtime'], ['optionalDependencies', 'optional'], ['devDependencies', 'dev']] as const) {
      for (const [n, v] of Object.entries((imp ?? {})[field] ?? {})) {
        // v6+: { specifier, version }; older: the version string itself
        const version = typeof v === 'object' && v !== null ? (v as any).version : v;
        const to = refKey(n, String(version));
        if (to) root.push({ to, kind: kind as Scope });
      }
    }
    // A workspace's packages are shared: keep the ones this importer reaches.
    const reach = new Set<string>();
    const stack = root.map((e) => e.to);
    while (stack.length) {
      const k = stack.pop()!;
      if (reach.has(k)) continue;
      reach.add(k);
      for (const e of edges.get(k) ?? []) stack.push(e.to);
    }
    const own = Object.keys(importers).length > 1 ? [...nodes.values()].filter((n) => reach.has(n.key)) : [...nodes.values()];
    return {
      format: 'pnpm',
      ecosystem: 'npm' as const,
      name: path === '.' ? input.folderName : `${input.folderName}/${path}`,
      nodes: own.map((n) => ({ ...n, scope: Object.keys(importers).length > 1 ? undefined : n.scope })),
      root,
      edges,
    };
  });
}

export const pnpmParser: LockfileParser = { format: 'pnpm', fileNames: ['pnpm-lock.yaml'], parse: parsePnpm };
