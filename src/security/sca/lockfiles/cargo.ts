// Cargo.lock (TOML). Packages without a `source` are the workspace's own crates: they are the roots.
// A dependency is written `name`, `name version` or `name version (source)` when ambiguous.
import type { RawEdge, RawGraph, RawNode } from '../graph.js';
import { hashFromHex } from '../graph.js';
import { LockfileError } from '../model.js';
import { arrayAt, type LockfileInput, type LockfileParser } from './types.js';
import { parseTomlAt } from './toml.js';

export function parseCargo(input: LockfileInput): RawGraph {
  const doc = parseTomlAt(input.text, input.file);
  const pkgs: Array<Record<string, any>> = arrayAt(doc.package, input.file, 'package');
  const nodes: RawNode[] = [];
  const byName = new Map<string, string[]>();
  const members: Array<Record<string, any>> = [];
  for (const p of pkgs) {
    if (!p.name || !p.version) throw new LockfileError(input.file, 0, 'a [[package]] lacks name or version');
    if (!p.source) {
      members.push(p);
      continue;
    }
    const key = `${p.name}@${p.version}`;
    const h = typeof p.checksum === 'string' ? hashFromHex('sha256', p.checksum) : undefined;
    nodes.push({ key, name: p.name, version: p.version, hashes: h ? [h] : [] });
    byName.set(p.name, [...(byName.get(p.name) ?? []), key]);
  }
  const ref = (d: string): string | undefined => {
    const [name, version] = String(d).split(' ');
    const keys = byName.get(name!) ?? [];
    return version ? keys.find((k) => k === `${name}@${version}`) : keys[0];
  };
  const edgesOf = (p: Record<string, any>): RawEdge[] =>
    arrayAt(p.dependencies, input.file, `dependencies of ${p.name}`).flatMap((d: string) => (ref(d) ? [{ to: ref(d)!, kind: 'runtime' as const }] : []));
  const edges = new Map<string, RawEdge[]>();
  for (const p of pkgs) if (p.source) edges.set(`${p.name}@${p.version}`, edgesOf(p));
  const root = members.flatMap(edgesOf);
  return { format: 'cargo', ecosystem: 'crates.io', name: members[0]?.name ?? input.folderName, version: members[0]?.version, nodes, root, edges };
}

export const cargoParser: LockfileParser = { format: 'cargo', fileNames: ['Cargo.lock'], parse: (i) => [parseCargo(i)] };
