// Turns what a lockfile parser read (nodes and edges) into a Component: which packages are direct,
// their scope (runtime beats optional beats dev, over every path from the component), and up to
// `maxPathsPerPackage` shortest dependency paths. Shared so every format answers these questions the same way.
import { maxPathsPerPackage, type Component, type Ecosystem, type Hash, type Package, type Scope } from './model.js';
import { purlOf } from './purl.js';

export interface RawNode {
  key: string;
  name: string;
  version: string;
  hashes?: Hash[];
  license?: string;
  /** The lockfile's own statement of scope (npm's `dev`/`optional` flags), trusted over the graph. */
  scope?: Scope;
}

export interface RawEdge {
  to: string;
  kind: Scope;
}

export interface RawGraph {
  format: string;
  ecosystem: Ecosystem;
  name: string;
  version?: string;
  nodes: RawNode[];
  /** The component's own dependencies. */
  root: RawEdge[];
  /** A package's dependencies by its key. Only runtime and optional edges matter below the root. */
  edges: Map<string, RawEdge[]>;
}

const rank: Record<Scope, number> = { runtime: 0, optional: 1, dev: 2 };
const worse = (a: Scope, b: Scope): Scope => (rank[a] >= rank[b] ? a : b);

export function buildComponent(lockfile: string, raw: RawGraph): Component {
  // A package listed twice (the same pin on two requirements lines) is one package.
  const byKey = new Map<string, RawNode>();
  for (const n of raw.nodes) if (!byKey.has(n.key)) byKey.set(n.key, n);
  const scopeOf = new Map<string, Scope>();
  const paths = new Map<string, string[][]>();
  const queue: string[] = [];
  for (const edge of raw.root) {
    if (!byKey.has(edge.to)) continue;
    const known = scopeOf.get(edge.to);
    if (!known || rank[edge.kind] < rank[known]) scopeOf.set(edge.to, edge.kind);
    if (!paths.has(edge.to)) {
      paths.set(edge.to, [[edge.to]]);
      queue.push(edge.to);
    }
  }
  // Breadth-first: the first paths recorded are the shortest. A node's later paths stop propagating
  // once it has been expanded, which only affects the capped, extra paths of its descendants.
  for (let head = 0; head < queue.length; head++) {
    const key = queue[head]!;
    const parentPaths = paths.get(key)!;
    for (const edge of raw.edges.get(key) ?? []) {
      const child = byKey.get(edge.to);
      if (!child) continue;
      let childPaths = paths.get(edge.to);
      if (!childPaths) {
        childPaths = [];
        paths.set(edge.to, childPaths);
        queue.push(edge.to);
      }
      for (const p of parentPaths) {
        if (childPaths.length >= maxPathsPerPackage) break;
        if (p.includes(edge.to)) continue; // a cycle back to an ancestor
        childPaths.push([...p, edge.to]);
      }
    }
  }
  // Scope: relax until nothing improves (each node can improve at most twice).
  let changed = true;
  while (changed) {
    changed = false;
    for (const key of queue) {
      const parent = scopeOf.get(key)!;
      for (const edge of raw.edges.get(key) ?? []) {
        if (!byKey.has(edge.to)) continue;
        const next = worse(parent, edge.kind === 'dev' ? 'runtime' : edge.kind);
        const known = scopeOf.get(edge.to);
        if (!known || rank[next] < rank[known]) {
          scopeOf.set(edge.to, next);
          changed = true;
        }
      }
    }
  }
  const rootKeys = new Set(raw.root.map((e) => e.to));
  const packages: Package[] = [...byKey.values()].map((n) => ({
    id: n.key,
    ecosystem: raw.ecosystem,
    name: n.name,
    version: n.version,
    purl: purlOf(raw.ecosystem, n.name, n.version),
    direct: rootKeys.has(n.key),
    scope: n.scope ?? scopeOf.get(n.key) ?? 'runtime',
    // Paths are kept as keys (two versions of one name are different steps) and shown as names.
    paths: (paths.get(n.key) ?? [[n.key]]).map((p) => [raw.name, ...p.map((k) => byKey.get(k)!.name)]),
    hashes: n.hashes ?? [],
    ...(n.license ? { license: n.license } : {}),
    dependencies: (raw.edges.get(n.key) ?? []).map((e) => e.to).filter((k) => byKey.has(k)),
  }));
  return {
    lockfile,
    format: raw.format,
    ecosystem: raw.ecosystem,
    name: raw.name,
    ...(raw.version ? { version: raw.version } : {}),
    packages,
    dependencies: [...rootKeys].filter((k) => byKey.has(k)),
  };
}

/** `sha512-<base64>` (npm, yarn, pnpm, bun) → a CycloneDX hash. Unknown algorithms are dropped. */
export function hashFromSri(sri: string | undefined): Hash[] {
  if (!sri) return [];
  const out: Hash[] = [];
  for (const part of sri.trim().split(/\s+/)) {
    const m = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/=]+)$/.exec(part);
    if (!m) continue;
    const alg = ({ sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' } as const)[m[1] as 'sha1'];
    const content = Buffer.from(m[2]!, 'base64').toString('hex');
    if (content.length === hexLength[alg]) out.push({ alg, content }); // a truncated digest is no digest
  }
  return out;
}

const hexLength: Record<Hash['alg'], number> = { MD5: 32, 'SHA-1': 40, 'SHA-256': 64, 'SHA-384': 96, 'SHA-512': 128 };

/** `sha256:<hex>` / `sha256=<hex>` (Python, Cargo, NuGet) → a CycloneDX hash. */
export function hashFromHex(alg: string, hex: string): Hash | undefined {
  const a = ({ sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512', md5: 'MD5' } as const)[
    alg.toLowerCase().replace('-', '') as 'sha1'
  ];
  if (!a || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength[a]) return undefined;
  return { alg: a, content: hex.toLowerCase() };
}
