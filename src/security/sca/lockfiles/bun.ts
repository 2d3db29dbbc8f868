// bun.lock (text lockfile, Bun ≥ 1.2): JSON with comments and trailing commas. `packages` is keyed by
// install path (`a` or `parent/a` for a nested copy); each value is [resolution, registry, info, integrity].
import type { RawEdge, RawGraph, RawNode } from '../graph.js';
import { hashFromSri } from '../graph.js';
import { LockfileError, type Scope } from '../model.js';
import { objectAt, parseJsonAt, type LockfileInput, type LockfileParser } from './types.js';

/** Removes comments and trailing commas outside strings, keeping line breaks so error lines stay right. */
export function stripJsonc(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const skipped = text.slice(i, end < 0 ? text.length : end + 2);
      out += skipped.replace(/[^\n]/g, ' ');
      i = end < 0 ? text.length : end + 1;
    } else if (c === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      out += text[j] === '}' || text[j] === ']' ? ' ' : ',';
    } else out += c;
  }
  return out;
}

export function parseBun(input: LockfileInput): RawGraph {
  const { file } = input;
  const lock = objectAt(parseJsonAt(stripJsonc(input.text), file), file, 'lockfile');
  const packages = objectAt(lock.packages, file, 'packages');
  const keyOfPath = new Map<string, string>();
  const nodes = new Map<string, RawNode>();
  for (const [path, value] of Object.entries(packages)) {
    if (!Array.isArray(value) || typeof value[0] !== 'string') throw new LockfileError(file, 0, `packages["${path}"] must be an array starting with "name@version"`);
    const resolution = value[0] as string;
    const at = resolution.indexOf('@', 1);
    const name = resolution.slice(0, at);
    const version = resolution.slice(at + 1);
    if (at < 0 || version.startsWith('workspace:')) continue;
    const key = `${name}@${version.replace(/^npm:/, '')}`;
    keyOfPath.set(path, key);
    const integrity = value.find((v: unknown, i: number) => i > 0 && typeof v === 'string' && /^sha\d+-/.test(v)) as string | undefined;
    if (!nodes.has(key)) nodes.set(key, { key, name, version: version.replace(/^npm:/, ''), hashes: hashFromSri(integrity) });
  }
  const resolve = (from: string, name: string): string | undefined => {
    let base = from;
    for (;;) {
      const hit = keyOfPath.get(base ? `${base}/${name}` : name);
      if (hit || !base) return hit;
      const i = base.lastIndexOf('/');
      base = i < 0 ? '' : base.slice(0, i);
      if (base.startsWith('@') && !base.includes('/')) base = ''; // a scope is not a package folder
    }
  };
  const edges = new Map<string, RawEdge[]>();
  for (const [path, value] of Object.entries(packages)) {
    const key = keyOfPath.get(path);
    if (!key) continue;
    const info = (Array.isArray(value) ? value.find((v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)) : undefined) ?? {};
    const list = edges.get(key) ?? [];
    for (const [field, kind] of [['dependencies', 'runtime'], ['optionalDependencies', 'optional'], ['peerDependencies', 'runtime']] as const) {
      for (const n of Object.keys(info[field] ?? {})) {
        const to = resolve(path, n);
        if (to && !list.some((e) => e.to === to)) list.push({ to, kind });
      }
    }
    edges.set(key, list);
  }
  const workspaces = objectAt(lock.workspaces, file, 'workspaces');
  const rootWs = objectAt(workspaces[''], file, 'workspaces[""]');
  const root: RawEdge[] = [];
  for (const ws of Object.values(workspaces) as Array<Record<string, any>>) {
    for (const [field, kind] of [['dependencies', 'runtime'], ['optionalDependencies', 'optional'], ['peerDependencies', 'runtime'], ['devDependencies', 'dev']] as const) {
      for (const n of Object.keys(ws[field] ?? {})) {
        const to = resolve('', n);
        if (to && !root.some((e) => e.to === to)) root.push({ to, kind: kind as Scope });
      }
    }
  }
  return { format: 'bun', ecosystem: 'npm', name: rootWs.name || input.folderName, version: rootWs.version, nodes: [...nodes.values()], root, edges };
}

export const bunParser: LockfileParser = { format: 'bun', fileNames: ['bun.lock'], parse: (input) => [parseBun(input)] };
