// yarn.lock v1 ("classic"): Yarn's own indented format, not YAML. Hand-parsed: entry headers at column 0
// list the specifiers (`name@range`, comma-separated, maybe quoted) that resolve to the entry below them.
import type { RawEdge, RawGraph, RawNode } from '../graph.js';
import { hashFromSri } from '../graph.js';
import { LockfileError, type Scope } from '../model.js';
import { parseJsonAt, type LockfileInput } from './types.js';

interface ClassicEntry {
  line: number;
  version?: string;
  integrity?: string;
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
}

const unquote = (s: string) => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);

/** `name@range` → name (scoped names start with `@`). */
export function specName(spec: string): string {
  const at = spec.indexOf('@', 1);
  return at < 0 ? spec : spec.slice(0, at);
}

export function parseYarnClassic(input: LockfileInput): RawGraph {
  const { file } = input;
  const bySpec = new Map<string, ClassicEntry>();
  const entries: ClassicEntry[] = [];
  let current: ClassicEntry | undefined;
  let section: 'dependencies' | 'optionalDependencies' | undefined;
  const lines = input.text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (!raw.trim() || raw.trimStart().startsWith('#')) return;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    if (indent === 0) {
      if (!line.endsWith(':')) throw new LockfileError(file, lineNo, `expected an entry header ending in ":", got ${JSON.stringify(line.slice(0, 60))}`);
      current = { line: lineNo, dependencies: {}, optionalDependencies: {} };
      entries.push(current);
      for (const spec of line.slice(0, -1).split(/,\s*/)) bySpec.set(unquote(spec.trim()), current);
      section = undefined;
      return;
    }
    if (!current) throw new LockfileError(file, lineNo, 'indented line before the first entry');
    if (indent === 2) {
      section = undefined;
      if (line === 'dependencies:' || line === 'optionalDependencies:') {
        section = line.slice(0, -1) as 'dependencies' | 'optionalDependencies';
        return;
      }
      const m = /^("?[^\s"]+"?)\s+(.+)$/.exec(line);
      if (!m) {
        if (line.endsWith(':')) return; // another map section we do not use (peerDependenciesMeta…)
        throw new LockfileError(file, lineNo, `cannot read ${JSON.stringify(line.slice(0, 60))}`);
      }
      const key = unquote(m[1]!);
      const value = unquote(m[2]!.trim());
      if (key === 'version') current.version = value;
      else if (key === 'integrity') current.integrity = value;
      return;
    }
    if (section) {
      const m = /^("?[^\s"]+"?)\s+(.+)$/.exec(line);
      if (!m) throw new LockfileError(file, lineNo, `cannot read dependency ${JSON.stringify(line.slice(0, 60))}`);
      current[section][unquote(m[1]!)] = unquote(m[2]!.trim());
    }
  });
  const keyOf = new Map<ClassicEntry, string>();
  const nodes = new Map<string, RawNode>();
  for (const [spec, e] of bySpec) {
    if (!e.version) throw new LockfileError(file, e.line, `entry ${spec} has no version`);
    const name = specName(spec);
    const key = `${name}@${e.version}`;
    keyOf.set(e, key);
    if (!nodes.has(key)) nodes.set(key, { key, name, version: e.version, hashes: hashFromSri(e.integrity) });
  }
  const lookup = (name: string, range: string) => {
    const e = bySpec.get(`${name}@${range}`);
    return e ? keyOf.get(e) : undefined;
  };
  const edges = new Map<string, RawEdge[]>();
  for (const e of entries) {
    const key = keyOf.get(e)!;
    const list: RawEdge[] = edges.get(key) ?? [];
    for (const [n, r] of Object.entries(e.dependencies)) {
      const to = lookup(n, r);
      if (to) list.push({ to, kind: 'runtime' });
    }
    for (const [n, r] of Object.entries(e.optionalDependencies)) {
      const to = lookup(n, r);
      if (to) list.push({ to, kind: 'optional' });
    }
    edges.set(key, list);
  }
  return { format: 'yarn-classic', ecosystem: 'npm', ...rootFromManifest(input, edges, nodes, lookup), nodes: [...nodes.values()], edges };
}

/** Direct dependencies from package.json; without it, the packages nothing else depends on. */
export function rootFromManifest(
  input: LockfileInput,
  edges: Map<string, RawEdge[]>,
  nodes: Map<string, RawNode>,
  lookup: (name: string, range: string) => string | undefined,
): { name: string; version?: string; root: RawEdge[] } {
  const text = input.sibling('package.json');
  if (!text) {
    const required = new Set([...edges.values()].flatMap((l) => l.map((e) => e.to)));
    return { name: input.folderName, root: [...nodes.keys()].filter((k) => !required.has(k)).map((to) => ({ to, kind: 'runtime' as Scope })) };
  }
  const manifest = parseJsonAt<Record<string, any>>(text, input.file.replace(/[^/]*$/, 'package.json'));
  const root: RawEdge[] = [];
  const add = (deps: Record<string, string> | undefined, kind: Scope) => {
    for (const [n, r] of Object.entries(deps ?? {})) {
      const to = lookup(n, String(r));
      if (to && !root.some((e) => e.to === to)) root.push({ to, kind });
    }
  };
  add(manifest.dependencies, 'runtime');
  add(manifest.optionalDependencies, 'optional');
  add(manifest.peerDependencies, 'runtime');
  add(manifest.devDependencies, 'dev');
  return { name: manifest.name || input.folderName, version: manifest.version, root };
}
