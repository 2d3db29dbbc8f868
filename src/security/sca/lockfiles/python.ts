// Python lockfiles: requirements.txt (pinned `==` lines with `--hash`), Pipfile.lock (JSON), poetry.lock
// and uv.lock (TOML). Python names compare after PEP 503 normalisation (`Foo_Bar` = `foo-bar`).
import type { RawEdge, RawGraph, RawNode } from '../graph.js';
import { hashFromHex } from '../graph.js';
import { LockfileError, type Hash, type Scope } from '../model.js';
import { arrayAt, objectAt, parseJsonAt, type LockfileInput, type LockfileParser } from './types.js';
import { parseTomlAt } from './toml.js';

import { normalizePyName } from '../names.js';

export { normalizePyName };

function hashesOf(values: unknown): Hash[] {
  const out: Hash[] = [];
  for (const v of Array.isArray(values) ? values : []) {
    const m = /^(\w+)[:=]([0-9a-fA-F]+)$/.exec(String(typeof v === 'object' && v ? (v as any).hash : v));
    const h = m && hashFromHex(m[1]!, m[2]!);
    if (h && !out.some((x) => x.content === h.content)) out.push(h);
  }
  return out;
}

function flat(input: LockfileInput, format: string, nodes: RawNode[], devKeys = new Set<string>()): RawGraph {
  return {
    format,
    ecosystem: 'PyPI',
    name: input.folderName,
    nodes,
    root: nodes.map((n) => ({ to: n.key, kind: devKeys.has(n.key) ? 'dev' : 'runtime' })),
    edges: new Map(),
  };
}

export function parseRequirements(input: LockfileInput): RawGraph {
  const nodes: RawNode[] = [];
  const lines = input.text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + ' ' + lines[++i];
    line = line.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('-')) continue; // options (-r, -e, --index-url) name no pinned package
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(===?|>=|<=|~=|!=|<|>)?\s*([^\s;,]*)([^;]*)(;.*)?$/.exec(line);
    if (!m) throw new LockfileError(input.file, start, `cannot read requirement ${JSON.stringify(line.slice(0, 60))}`);
    if (m[3] !== '==' && m[3] !== '===') continue; // not pinned: the installed version is unknown
    if (m[5]!.replace(/--hash[= ]\S+/g, '').trim().startsWith(',')) continue; // `==1.0, <2` is a range
    const name = normalizePyName(m[1]!);
    const version = m[4]!;
    const hashes = hashesOf([...line.matchAll(/--hash[= ](\S+)/g)].map((h) => h[1]));
    nodes.push({ key: `${name}@${version}`, name, version, hashes });
  }
  const dev = /(dev|test)/i.test(input.file.split('/').pop()!);
  return { ...flat(input, 'requirements', nodes), root: nodes.map((n) => ({ to: n.key, kind: dev ? 'dev' : 'runtime' })) };
}

export function parsePipfileLock(input: LockfileInput): RawGraph {
  const lock = objectAt(parseJsonAt(input.text, input.file), input.file, 'Pipfile.lock');
  const nodes: RawNode[] = [];
  const dev = new Set<string>();
  for (const section of ['default', 'develop'] as const) {
    for (const [rawName, raw] of Object.entries(objectAt(lock[section], input.file, section))) {
      const e = objectAt(raw, input.file, `${section}.${rawName}`);
      if (typeof e.version !== 'string') continue; // git/path entries carry no version
      const name = normalizePyName(rawName);
      const key = `${name}@${e.version.replace(/^===?/, '')}`;
      if (section === 'develop') {
        if (nodes.some((n) => n.key === key)) continue;
        dev.add(key);
      }
      nodes.push({ key, name, version: e.version.replace(/^===?/, ''), hashes: hashesOf(e.hashes) });
    }
  }
  return flat(input, 'pipfile', nodes, dev);
}

/** Direct dependency names from pyproject.toml: PEP 621 `[project]` and Poetry's own tables, by scope. */
function pyprojectRoots(input: LockfileInput): { name?: string; version?: string; names: Map<string, Scope> } | undefined {
  const text = input.sibling('pyproject.toml');
  if (!text) return undefined;
  const doc = parseTomlAt(text, input.file.replace(/[^/]*$/, 'pyproject.toml'));
  const names = new Map<string, Scope>();
  const reqName = (r: string) => normalizePyName(/^[A-Za-z0-9._-]+/.exec(r)?.[0] ?? r);
  for (const r of doc.project?.dependencies ?? []) names.set(reqName(String(r)), 'runtime');
  for (const list of Object.values(doc.project?.['optional-dependencies'] ?? {})) for (const r of list as string[]) if (!names.has(reqName(r))) names.set(reqName(r), 'optional');
  for (const list of Object.values(doc['dependency-groups'] ?? {})) for (const r of list as unknown[]) if (typeof r === 'string' && !names.has(reqName(r))) names.set(reqName(r), 'dev');
  const poetry = doc.tool?.poetry ?? {};
  for (const n of Object.keys(poetry.dependencies ?? {})) if (n !== 'python') names.set(normalizePyName(n), 'runtime');
  const devTables = [poetry['dev-dependencies'], ...Object.values(poetry.group ?? {}).map((g: any) => g?.dependencies)];
  for (const t of devTables) for (const n of Object.keys(t ?? {})) if (!names.has(normalizePyName(n))) names.set(normalizePyName(n), 'dev');
  return { name: doc.project?.name ?? poetry.name, version: doc.project?.version ?? poetry.version, names };
}

export function parsePoetry(input: LockfileInput): RawGraph {
  const doc = parseTomlAt(input.text, input.file);
  const pkgs: Array<Record<string, any>> = arrayAt(doc.package, input.file, 'package');
  const nodes = new Map<string, RawNode>();
  const byName = new Map<string, string>();
  const dev = new Set<string>();
  for (const p of pkgs) {
    if (!p.name || !p.version) throw new LockfileError(input.file, 0, `a [[package]] lacks name or version`);
    const name = normalizePyName(p.name);
    const key = `${name}@${p.version}`;
    const files = arrayAt(p.files ?? doc.metadata?.files?.[p.name], input.file, `files of ${p.name}`);
    const sdist = files.find((f: any) => /\.(tar\.gz|zip)$/.test(f.file ?? ''));
    nodes.set(key, { key, name, version: String(p.version), hashes: hashesOf(sdist ? [sdist] : files.slice(0, 1)) });
    byName.set(name, key);
    if (p.category === 'dev') dev.add(key);
  }
  const edges = new Map<string, RawEdge[]>();
  for (const p of pkgs) {
    const key = `${normalizePyName(p.name)}@${p.version}`;
    const list: RawEdge[] = [];
    for (const [n, spec] of Object.entries(objectAt(p.dependencies, input.file, `dependencies of ${p.name}`))) {
      const to = byName.get(normalizePyName(n));
      if (to) list.push({ to, kind: typeof spec === 'object' && (spec as any)?.optional ? 'optional' : 'runtime' });
    }
    edges.set(key, list);
  }
  const project = pyprojectRoots(input);
  let root: RawEdge[];
  if (project) {
    root = [...project.names].flatMap(([n, kind]) => (byName.has(n) ? [{ to: byName.get(n)!, kind }] : []));
  } else {
    const required = new Set([...edges.values()].flatMap((l) => l.map((e) => e.to)));
    root = [...nodes.keys()].filter((k) => !required.has(k)).map((to) => ({ to, kind: dev.has(to) ? 'dev' : 'runtime' }));
  }
  return { format: 'poetry', ecosystem: 'PyPI', name: project?.name ?? input.folderName, version: project?.version, nodes: [...nodes.values()], root, edges };
}

export function parseUv(input: LockfileInput): RawGraph {
  const doc = parseTomlAt(input.text, input.file);
  const pkgs: Array<Record<string, any>> = arrayAt(doc.package, input.file, 'package');
  const nodes = new Map<string, RawNode>();
  const byName = new Map<string, string>();
  const projects: Array<Record<string, any>> = [];
  for (const p of pkgs) {
    if (!p.name) throw new LockfileError(input.file, 0, 'a [[package]] lacks a name');
    if (p.source?.editable !== undefined || p.source?.virtual !== undefined) {
      projects.push(p); // the project itself (or a workspace member), not a dependency
      continue;
    }
    if (!p.version) throw new LockfileError(input.file, 0, `package ${p.name} has no version`);
    const name = normalizePyName(p.name);
    const key = `${name}@${p.version}`;
    nodes.set(key, { key, name, version: String(p.version), hashes: hashesOf(p.sdist ? [p.sdist] : (p.wheels ?? []).slice(0, 1)) });
    byName.set(name, key);
  }
  const ref = (d: any) => byName.get(normalizePyName(String(d?.name ?? '')));
  const edges = new Map<string, RawEdge[]>();
  for (const p of pkgs) {
    const key = byName.get(normalizePyName(p.name));
    if (!key) continue;
    const list: RawEdge[] = [];
    for (const d of arrayAt(p.dependencies, input.file, `dependencies of ${p.name}`)) if (ref(d)) list.push({ to: ref(d)!, kind: 'runtime' });
    for (const group of Object.values(objectAt(p['optional-dependencies'], input.file, 'optional-dependencies'))) for (const d of arrayAt(group, input.file, 'optional-dependencies')) if (ref(d)) list.push({ to: ref(d)!, kind: 'optional' });
    edges.set(key, list);
  }
  const root: RawEdge[] = [];
  for (const proj of projects) {
    for (const d of arrayAt(proj.dependencies, input.file, `dependencies of ${proj.name}`)) if (ref(d)) root.push({ to: ref(d)!, kind: 'runtime' });
    for (const group of Object.values(objectAt(proj['optional-dependencies'], input.file, 'optional-dependencies'))) for (const d of arrayAt(group, input.file, 'optional-dependencies')) if (ref(d)) root.push({ to: ref(d)!, kind: 'optional' });
    for (const group of Object.values(objectAt(proj['dev-dependencies'], input.file, 'dev-dependencies'))) for (const d of arrayAt(group, input.file, 'dev-dependencies')) if (ref(d)) root.push({ to: ref(d)!, kind: 'dev' });
  }
  return { format: 'uv', ecosystem: 'PyPI', name: projects[0]?.name ?? input.folderName, version: projects[0]?.version, nodes: [...nodes.values()], root, edges };
}

export const pythonParsers: LockfileParser[] = [
  { format: 'requirements', fileNames: ['requirements.txt', 'requirements-dev.txt', 'requirements-test.txt', 'dev-requirements.txt'], parse: (i) => [parseRequirements(i)] },
  { format: 'pipfile', fileNames: ['Pipfile.lock'], parse: (i) => [parsePipfileLock(i)] },
  { format: 'poetry', fileNames: ['poetry.lock'], parse: (i) => [parsePoetry(i)] },
  { format: 'uv', fileNames: ['uv.lock'], parse: (i) => [parseUv(i)] },
];
