// go.mod lists every module the build needs (Go ≥ 1.17 records indirect ones with `// indirect`);
// `replace` directives swap the module actually built. Without a go.mod, go.sum's modules are used.
import type { RawGraph, RawNode } from '../graph.js';
import { LockfileError } from '../model.js';
import type { LockfileInput, LockfileParser } from './types.js';

interface Req {
  path: string;
  version: string;
  indirect: boolean;
}

export function parseGoMod(input: LockfileInput): RawGraph {
  let module = input.folderName;
  const reqs: Req[] = [];
  const replaces = new Map<string, { path: string; version?: string }>();
  let block: string | undefined;
  input.text.split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    const indirect = /\/\/\s*indirect\b/.test(raw);
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) return;
    if (block) {
      if (line === ')') {
        block = undefined;
        return;
      }
      directive(block, line, lineNo, indirect);
      return;
    }
    const m = /^(\w+)\s*(.*)$/.exec(line);
    if (!m) throw new LockfileError(input.file, lineNo, `cannot read ${JSON.stringify(line.slice(0, 60))}`);
    if (m[2] === '(') block = m[1];
    else directive(m[1]!, m[2]!, lineNo, indirect);
  });
  function directive(verb: string, rest: string, lineNo: number, indirect: boolean) {
    const words = rest.split(/\s+/).map((w) => w.replace(/^"|"$/g, ''));
    if (verb === 'module') module = words[0]!;
    else if (verb === 'require') {
      if (words.length < 2 || !words[1]!.startsWith('v')) throw new LockfileError(input.file, lineNo, `require needs "module vX.Y.Z", got ${JSON.stringify(rest)}`);
      reqs.push({ path: words[0]!, version: words[1]!, indirect });
    } else if (verb === 'replace') {
      const arrow = words.indexOf('=>');
      if (arrow < 0) throw new LockfileError(input.file, lineNo, 'replace needs "=>"');
      replaces.set(words[0]!, { path: words[arrow + 1]!, version: words[arrow + 2] });
    }
  }
  const nodes: RawNode[] = [];
  const root = [];
  for (const r of reqs) {
    const rep = replaces.get(r.path);
    // A replacement by a local folder (no version) is first-party code, not a module to match.
    if (rep && !rep.version) continue;
    const path = rep?.path ?? r.path;
    const version = rep?.version ?? r.version;
    const key = `${path}@${version}`;
    if (nodes.some((n) => n.key === key)) continue;
    nodes.push({ key, name: path, version });
    root.push({ to: key, kind: 'runtime' as const, indirect: r.indirect });
  }
  return {
    format: 'go.mod',
    ecosystem: 'Go',
    name: module,
    nodes,
    // go.mod has no edges: indirect modules stay unattached, so they are transitive with an unknown path.
    root: root.filter((r) => !r.indirect).map(({ to, kind }) => ({ to, kind })),
    edges: new Map(),
  };
}

export function parseGoSum(input: LockfileInput): RawGraph {
  const nodes = new Map<string, RawNode>();
  input.text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const [path, version, hash] = line.split(/\s+/);
    if (!path || !version || !hash?.startsWith('h1:')) throw new LockfileError(input.file, index + 1, 'expected "module version h1:hash"');
    if (version.endsWith('/go.mod')) return; // only the go.mod was needed, the module was not built
    nodes.set(`${path}@${version}`, { key: `${path}@${version}`, name: path, version });
  });
  return { format: 'go.sum', ecosystem: 'Go', name: input.folderName, nodes: [...nodes.values()], root: [...nodes.keys()].map((to) => ({ to, kind: 'runtime' })), edges: new Map() };
}

export const goParsers: LockfileParser[] = [
  { format: 'go.mod', fileNames: ['go.mod'], parse: (i) => [parseGoMod(i)] },
  // go.sum alone (no go.mod beside it) is read; next to a go.mod it adds nothing the go.mod lacks.
  { format: 'go.sum', fileNames: ['go.sum'], parse: (i) => (i.sibling('go.mod') === undefined ? [parseGoSum(i)] : []) },
];
