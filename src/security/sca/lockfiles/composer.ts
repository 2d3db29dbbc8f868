// composer.lock (JSON): `packages` and `packages-dev`; composer.json beside it names the direct ones.
// Platform requirements (php, ext-*, lib-*) are not packages.
import type { RawEdge, RawGraph, RawNode } from '../graph.js';
import { hashFromHex } from '../graph.js';
import { LockfileError } from '../model.js';
import { objectAt, parseJsonAt, type LockfileInput, type LockfileParser } from './types.js';

const platform = (name: string) => name === 'php' || /^(ext|lib)-/.test(name) || !name.includes('/');

export function parseComposer(input: LockfileInput): RawGraph {
  const lock = objectAt(parseJsonAt(input.text, input.file), input.file, 'composer.lock');
  const nodes: RawNode[] = [];
  const byName = new Map<string, string>();
  const all: Array<[Record<string, any>, boolean]> = [];
  for (const [field, dev] of [['packages', false], ['packages-dev', true]] as const) {
    const list = lock[field] ?? [];
    if (!Array.isArray(list)) throw new LockfileError(input.file, 0, `${field} must be an array`);
    for (const p of list) {
      if (!p?.name || !p?.version) throw new LockfileError(input.file, 0, `an entry of ${field} lacks name or version`);
      const name = String(p.name).toLowerCase();
      const key = `${name}@${p.version}`;
      const sha = p.dist?.shasum ? hashFromHex('sha1', p.dist.shasum) : undefined;
      const license = Array.isArray(p.license) && p.license.length ? (p.license.length > 1 ? `(${p.license.join(' OR ')})` : p.license[0]) : undefined;
      nodes.push({ key, name, version: String(p.version), hashes: sha ? [sha] : [], license, scope: dev ? 'dev' : 'runtime' });
      byName.set(name, key);
      all.push([p, dev]);
    }
  }
  const edges = new Map<string, RawEdge[]>();
  for (const [p] of all) {
    edges.set(
      `${String(p.name).toLowerCase()}@${p.version}`,
      Object.keys(p.require ?? {}).flatMap((n) => (!platform(n) && byName.has(n.toLowerCase()) ? [{ to: byName.get(n.toLowerCase())!, kind: 'runtime' as const }] : [])),
    );
  }
  const manifestText = input.sibling('composer.json');
  const manifest = manifestText ? objectAt(parseJsonAt(manifestText, 'composer.json'), 'composer.json', 'composer.json') : {};
  const root: RawEdge[] = [];
  for (const [field, kind] of [['require', 'runtime'], ['require-dev', 'dev']] as const) {
    for (const n of Object.keys(manifest[field] ?? {})) if (byName.has(n.toLowerCase())) root.push({ to: byName.get(n.toLowerCase())!, kind });
  }
  if (!manifestText) {
    const required = new Set([...edges.values()].flatMap((l) => l.map((e) => e.to)));
    for (const n of nodes) if (!required.has(n.key)) root.push({ to: n.key, kind: n.scope ?? 'runtime' });
  }
  return { format: 'composer', ecosystem: 'Packagist', name: manifest.name ?? input.folderName, nodes, root, edges };
}

export const composerParser: LockfileParser = { format: 'composer', fileNames: ['composer.lock'], parse: (i) => [parseComposer(i)] };
