// NuGet packages.lock.json: per target framework, every package with type Direct/Transitive/CentralTransitive
// (Project entries are other projects of the solution). contentHash is a base64 SHA-512.
import type { RawEdge, RawGraph, RawNode } from '../graph.js';
import { LockfileError } from '../model.js';
import { objectAt, parseJsonAt, type LockfileInput, type LockfileParser } from './types.js';

export function parseNuget(input: LockfileInput): RawGraph {
  const lock = objectAt(parseJsonAt(input.text, input.file), input.file, 'packages.lock.json');
  const frameworks = objectAt(lock.dependencies, input.file, 'dependencies');
  const nodes = new Map<string, RawNode>();
  const byName = new Map<string, string>();
  const rawDeps = new Map<string, Record<string, string>>();
  const direct = new Set<string>();
  for (const [tfm, pkgs] of Object.entries(frameworks)) {
    for (const [name, raw] of Object.entries(objectAt(pkgs, input.file, `dependencies.${tfm}`))) {
      const e = objectAt(raw, input.file, `dependencies.${tfm}.${name}`);
      if (e.type === 'Project') continue;
      if (!e.resolved) throw new LockfileError(input.file, 0, `dependencies.${tfm}.${name} has no "resolved" version`);
      const key = `${name}@${e.resolved}`;
      if (!nodes.has(key)) {
        const hex = typeof e.contentHash === 'string' ? Buffer.from(e.contentHash, 'base64').toString('hex') : '';
        nodes.set(key, { key, name, version: String(e.resolved), hashes: hex.length === 128 ? [{ alg: 'SHA-512', content: hex }] : [] });
      }
      byName.set(`${tfm}\u0000${name.toLowerCase()}`, key);
      rawDeps.set(`${tfm}\u0000${key}`, e.dependencies ?? {});
      if (e.type === 'Direct') direct.add(key);
    }
  }
  const edges = new Map<string, RawEdge[]>();
  for (const [k, deps] of rawDeps) {
    const [tfm, key] = k.split('\u0000') as [string, string];
    const list = edges.get(key) ?? [];
    for (const n of Object.keys(deps)) {
      const to = byName.get(`${tfm}\u0000${n.toLowerCase()}`);
      if (to && !list.some((e) => e.to === to)) list.push({ to, kind: 'runtime' });
    }
    edges.set(key, list);
  }
  return { format: 'nuget', ecosystem: 'NuGet', name: input.folderName, nodes: [...nodes.values()], root: [...direct].map((to) => ({ to, kind: 'runtime' })), edges };
}

export const nugetParser: LockfileParser = { format: 'nuget', fileNames: ['packages.lock.json'], parse: (i) => [parseNuget(i)] };
