// yarn.lock v2+ ("berry"): real YAML, read with the `yaml` package. Keys are comma-separated descriptors
// (`lodash@npm:^4.17.21`); workspace entries (`app@workspace:.`) are the projects, not packages.
import { parse as parseYaml } from 'yaml';
import type { RawEdge, RawGraph, RawNode } from '../graph.js';
import { LockfileError, type Scope } from '../model.js';
import { parseJsonAt, type LockfileInput } from './types.js';
import { specName } from './yarn-classic.js';

export function parseYarnBerry(input: LockfileInput): RawGraph {
  const { file } = input;
  let doc: Record<string, any>;
  try {
    doc = parseYaml(input.text, { uniqueKeys: false }) ?? {};
  } catch (error) {
    const line = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line ?? 0;
    throw new LockfileError(file, line, `invalid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const byDescriptor = new Map<string, string>();
  const nodes = new Map<string, RawNode>();
  const deps = new Map<string, Record<string, any>>();
  const workspaces: Array<Record<string, any>> = [];
  for (const [keys, raw] of Object.entries(doc)) {
    if (keys === '__metadata') continue;
    const e = raw as Record<string, any>;
    if (typeof e !== 'object' || e === null || !e.version) throw new LockfileError(file, 0, `entry ${keys} has no version`);
    const first = keys.split(',')[0]!.trim();
    const name = specName(first);
    if (String(e.resolution ?? first).includes('@workspace:')) {
      workspaces.push(e);
      continue;
    }
    const key = `${name}@${e.version}`;
    for (const d of keys.split(',')) byDescriptor.set(d.trim(), key);
    if (!nodes.has(key)) {
      // checksum: `<cacheKey>/<sha512 hex>` (or just the hex in older files)
      const sum = typeof e.checksum === 'string' ? e.checksum.split('/').pop()! : '';
      nodes.set(key, { key, name, version: String(e.version), hashes: /^[0-9a-f]{128}$/.test(sum) ? [{ alg: 'SHA-512', content: sum }] : [] });
      deps.set(key, { ...e.dependencies });
      for (const [n, meta] of Object.entries(e.dependenciesMeta ?? {})) if ((meta as any)?.optional) deps.get(key)![n] = { optional: e.dependencies?.[n] };
    }
  }
  const lookup = (name: string, range: string) =>
    byDescriptor.get(`${name}@${range}`) ?? byDescriptor.get(`${name}@npm:${range}`);
  const edges = new Map<string, RawEdge[]>();
  for (const [key, d] of deps) {
    const list: RawEdge[] = [];
    for (const [n, r] of Object.entries(d)) {
      const optional = typeof r === 'object' && r !== null;
      const to = lookup(n, optional ? String((r as any).optional) : String(r));
      if (to) list.push({ to, kind: optional ? 'optional' : 'runtime' });
    }
    edges.set(key, list);
  }
  const manifestText = input.sibling('package.json');
  const manifest = manifestText ? parseJsonAt<Record<string, any>>(manifestText, 'package.json') : {};
  const devNames = new Set(Object.keys(manifest.devDependencies ?? {}));
  const root: RawEdge[] = [];
  for (const ws of workspaces) {
    for (const [n, r] of Object.entries(ws.dependencies ?? {})) {
      const to = lookup(n, String(r));
      const kind: Scope = devNames.has(n) && !(manifest.dependencies ?? {})[n] ? 'dev' : 'runtime';
      if (to && !root.some((e) => e.to === to)) root.push({ to, kind });
    }
  }
  return { format: 'yarn-berry', ecosystem: 'npm', name: manifest.name || input.folderName, version: manifest.version, nodes: [...nodes.values()], root, edges };
}
