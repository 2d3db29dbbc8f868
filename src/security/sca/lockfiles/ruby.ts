// Gemfile.lock: Bundler's indented sections. Specs sit at four spaces (`rack (2.2.8)`), their
// dependencies at six; DEPENDENCIES lists the Gemfile's direct gems; CHECKSUMS (Bundler ≥ 2.5) has sha256.
import type { RawEdge, RawGraph, RawNode } from '../graph.js';
import { hashFromHex } from '../graph.js';
import { LockfileError } from '../model.js';
import type { LockfileInput, LockfileParser } from './types.js';

export function parseGemfileLock(input: LockfileInput): RawGraph {
  const nodes = new Map<string, RawNode>();
  const byName = new Map<string, string>();
  const deps = new Map<string, string[]>();
  const direct: string[] = [];
  const checksums = new Map<string, string>();
  let section = '';
  let current: string | undefined;
  input.text.split(/\r?\n/).forEach((raw, index) => {
    if (!raw.trim()) return;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    if (indent === 0) {
      section = line;
      current = undefined;
      return;
    }
    const spec = /^([^\s(!]+)(?: \(([^)]*)\))?(!)?(?: (sha256=[0-9a-f]+))?$/.exec(line);
    if (['GEM', 'GIT', 'PATH'].includes(section)) {
      if (indent === 4) {
        if (!spec?.[2]) throw new LockfileError(input.file, index + 1, `expected "name (version)", got ${JSON.stringify(line.slice(0, 60))}`);
        // Platform gems: `nokogiri (1.16.0-x86_64-linux)` is version 1.16.0.
        const version = spec[2].replace(/-(x86|x64|arm|aarch|universal|java|mingw|mswin|darwin|linux)[\w.-]*$/, '');
        const key = `${spec[1]}@${version}`;
        current = key;
        if (!nodes.has(key)) nodes.set(key, { key, name: spec[1]!, version });
        byName.set(spec[1]!, key);
        deps.set(key, deps.get(key) ?? []);
      } else if (indent === 6 && current && spec) deps.get(current)!.push(spec[1]!);
    } else if (section === 'DEPENDENCIES' && spec) direct.push(spec[1]!);
    else if (section === 'CHECKSUMS' && spec?.[4]) checksums.set(`${spec[1]}@${spec[2]}`, spec[4].slice(7));
  });
  for (const [key, sum] of checksums) {
    const h = hashFromHex('sha256', sum);
    if (h && nodes.has(key)) nodes.get(key)!.hashes = [h];
  }
  const edges = new Map<string, RawEdge[]>();
  for (const [key, names] of deps) edges.set(key, names.flatMap((n) => (byName.has(n) ? [{ to: byName.get(n)!, kind: 'runtime' as const }] : [])));
  const root = direct.flatMap((n) => (byName.has(n) ? [{ to: byName.get(n)!, kind: 'runtime' as const }] : []));
  return { format: 'gemfile-lock', ecosystem: 'RubyGems', name: input.folderName, nodes: [...nodes.values()], root, edges };
}

export const rubyParser: LockfileParser = { format: 'gemfile-lock', fileNames: ['Gemfile.lock', 'gems.locked'], parse: (i) => [parseGemfileLock(i)] };
